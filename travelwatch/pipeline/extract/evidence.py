"""Drafts -> Advisory records, with signals and evidence in original-text offsets.

Reasons, issue dates, periods and changes come from ``pipeline.signals``, read over
the advice sentences and the few sentences after each (where articles quote the
advisory's grounds). Every field carries an :class:`Evidence` span mapped back to
the document's original text through its :class:`TextMap`.
"""

from __future__ import annotations

import datetime as dt
import re

from travelwatch.models import ACTION_LEVEL, Advisory, Document, Evidence, Region
from travelwatch.pipeline.article_date import document_date
from travelwatch.pipeline.extract.group import Draft
from travelwatch.pipeline.extract.lexicon import plain_actor_pattern
from travelwatch.pipeline.extract.places import find_places
from travelwatch.pipeline.sentences import Sentence
from travelwatch.pipeline.signals import (
    dates_advice,
    find_change,
    find_period,
    find_reasons,
    resolve_issued,
)

__all__ = ["build_advisory"]

# Sentences after an advice sentence that may still give its grounds.
_REASON_REACH = 3
# Sentences after the last advice sentence that may still date it.
_DATE_REACH = 1
_SPEAKER = re.compile(
    r"(?:spokes(?:wo)?(?:man|person)|minister|secretary|ambassador|director|chief)"
    r"[^.,;:]{0,60}?,?\s+((?:[A-Z][a-z’'\-]+\s){1,2}[A-Z][a-z’'\-]+)"
    r"|((?:[A-Z][a-z’'\-]+\s){1,2}[A-Z][a-z’'\-]+),\s+(?:a\s+|the\s+)?"
    r"(?:\w+\s+){0,3}spokes(?:wo)?(?:man|person)"
)


class _Builder:
    def __init__(self, doc: Document, sentences: list[Sentence]) -> None:
        self.doc = doc
        self.sentences = sentences
        self.evidence: list[Evidence] = []

    def add(self, name: str, sentence: Sentence, start: int, end: int) -> None:
        """Evidence for ``name`` at ``sentence.text[start:end]``."""
        a, b = self.doc.text_map.span_to_original(
            sentence.start + start, sentence.start + end
        )
        sa, sb = self.doc.text_map.span_to_original(sentence.start, sentence.end)
        orig = self.doc.original_text
        self.evidence.append(Evidence(name, a, b, orig[a:b], orig[sa:sb]))

    def add_doc(self, name: str, start: int, end: int) -> None:
        """Evidence for ``name`` at ``doc.text[start:end]``."""
        for s in self.sentences:
            if s.start <= start < s.end or (start < s.start and end > s.start):
                self.add(name, s, start - s.start, min(end, s.end) - s.start)
                return


def _signal_text(draft: Draft, sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Advice sentences and the few after them, plus any later sentence that quotes
    the advisory itself ("The advisory also warns of ..."): articles often give the
    grounds far from the advice."""
    indexes: set[int] = set()
    for m in draft.members:
        indexes.update(range(m.index, min(len(sentences), m.index + 1 + _REASON_REACH)))
    if _headline_about(sentences, draft):
        indexes.add(0)
    quoting = plain_actor_pattern("advice_quoted")
    for i, s in enumerate(sentences):
        if quoting.search(s.text):
            indexes.add(i)
    return [(sentences[i].start, sentences[i].end) for i in sorted(indexes)]


def _headline_about(sentences: list[Sentence], draft: Draft) -> bool:
    """A headline ("Storm and a shut airport: X warns off travel to Y") often gives
    the grounds the body leaves implicit; it counts when it names the destination.
    A first line ending like a sentence is body text, not a headline."""
    if not sentences:
        return False
    head = sentences[0].text.rstrip()
    if head.endswith((".", '"', "”")):
        return False
    return bool({p.code for p in find_places(head)} & set(draft.destinations))


def build_advisory(draft: Draft, doc: Document, sentences: list[Sentence]) -> Advisory:
    lead = draft.lead
    b = _Builder(doc, sentences)
    b.add("level", lead.sentence, lead.hit.start, lead.hit.end)
    b.add("action", lead.sentence, lead.hit.start, lead.hit.end)
    b.add("native_wording", lead.sentence, lead.hit.start, lead.hit.end)
    _destination_evidence(b, draft)
    issuer_body = _issuer_evidence(b, draft)
    reasons = _reasons(b, draft, doc, sentences)
    advice_sentences = [m.sentence for m in draft.members]
    change = _change(b, advice_sentences)
    issued = _issued(b, draft, doc, sentences)
    period = _period(b, advice_sentences)
    level = ACTION_LEVEL[draft.action]
    excepted = _excepted(draft)
    return Advisory(
        issuer=draft.issuer,
        audience=draft.issuer,
        destinations=[c for c in draft.destinations if c not in excepted],
        destinations_except=excepted,
        level=level,
        action=draft.action,
        issuing_body=issuer_body,
        speaker=_speaker(b, draft),
        level_alternatives=list(draft.alternatives),
        change=change,
        reasons=reasons,
        issued=issued,
        period=period,
        native_wording=lead.hit.wording,
        native_level=lead.hit.wording if lead.hit.scale else None,
        regions=_regions(draft),
        evidence=b.evidence,
    )


def _excepted(draft: Draft) -> list[str]:
    """Places the advice names as left out ("..., with the exception of Hungary"),
    as long as some other place is still advised about."""
    cue = plain_actor_pattern("except_before")
    out: list[str] = []
    for m in draft.members:
        if m.borrowed:
            continue
        text = m.sentence.text
        for p in m.destinations:
            if p.code in draft.destinations and cue.search(text, 0, p.start):
                out.append(p.code)
    out = list(dict.fromkeys(out))
    if not [c for c in draft.destinations if c not in out]:
        return []
    return out


def _destination_evidence(b: _Builder, draft: Draft) -> None:
    seen: set[str] = set()
    for m in draft.members:
        if m.borrowed:
            continue
        for p in m.destinations:
            if p.code in draft.destinations and p.code not in seen:
                seen.add(p.code)
                b.add("destinations", m.sentence, p.start, p.end)


def _issuer_evidence(b: _Builder, draft: Draft) -> str | None:
    body_name: str | None = None
    for m in draft.members:
        if m.body is not None and body_name is None:
            body_name = m.body.text
            b.add("issuing_body", m.sentence, m.body.start, m.body.end)
        for p in m.issuer_places:
            if p.code == draft.issuer:
                b.add("issuer", m.sentence, p.start, p.end)
                b.add("audience", m.sentence, p.start, p.end)
                break
    return body_name


def _reasons(
    b: _Builder, draft: Draft, doc: Document, sentences: list[Sentence]
) -> list[str]:
    hits = find_reasons(doc.text, _signal_text(draft, sentences))
    for h in hits:
        b.add_doc("reasons", h.start, h.end)
    return [h.code for h in hits]


def _change(b: _Builder, advice: list[Sentence]) -> str:
    for s in advice:
        hit = find_change(s.text)
        if hit is not None:
            b.add("change", s, hit.start, hit.end)
            return hit.change
    return "issued"


def _issued(
    b: _Builder, draft: Draft, doc: Document, sentences: list[Sentence]
) -> dt.date | None:
    """The issue date read over the advice sentences and the one after each (and
    any later sentence that dates the advisory itself) as one text, so that the
    best-placed date wins ("The advisory, dated ..." after the advice; "issued ...
    Sunday" in a later member) rather than the first one. Sentences between
    members far apart are not read: they tell of other things."""
    article = document_date(doc)
    indexes: set[int] = set()
    for m in draft.members:
        indexes.update(range(m.index, min(len(sentences), m.index + 1 + _DATE_REACH)))
    last = max(m.index for m in draft.members)
    for i in range(last + 1, min(len(sentences), last + 1 + _REASON_REACH)):
        if dates_advice(sentences[i].text):
            indexes.add(i)
    runs = _runs(sorted(indexes), sentences)
    text = " ".join(doc.text[a:z] for a, z in runs)
    pieces, pos = [], 0
    for a, z in runs:
        pieces.append((pos, a, z - a))
        pos += z - a + 1
    printed = article.printed if article else ()
    exclude = [
        (w + max(a, d) - d, w + min(z, d + n) - d)
        for a, z in printed
        for w, d, n in pieces
        if max(a, d) < min(z, d + n)
    ]
    members = {m.index for m in draft.members}
    advice = [
        (w + sentences[i].start - d, w + sentences[i].end - d)
        for i in sorted(members)
        for w, d, n in pieces
        if d <= sentences[i].start < d + n
    ]
    hit = resolve_issued(
        text,
        published=article.date if article else None,
        exclude=exclude,
        month_only=bool(article and article.month_only),
        advice=advice,
    )
    if hit is None:
        return None
    w, d, _ = next(x for x in reversed(pieces) if x[0] <= hit.start)
    b.add_doc("issued", d + hit.start - w, d + hit.end - w)
    return hit.date


def _runs(indexes: list[int], sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Document spans of the runs of consecutive sentences among ``indexes``."""
    runs: list[tuple[int, int]] = []
    prev = -2
    for i in indexes:
        s = sentences[i]
        if i == prev + 1 and runs:
            runs[-1] = (runs[-1][0], s.end)
        else:
            runs.append((s.start, s.end))
        prev = i
    return runs


def _period(b: _Builder, advice: list[Sentence]) -> str | None:
    for s in advice:
        hit = find_period(s.text)
        if hit is not None:
            b.add("period", s, hit.start, hit.end)
            return hit.text
    return None


def _speaker(b: _Builder, draft: Draft) -> str | None:
    for m in draft.members:
        if m.speaker is not None:
            sentence, span = m.speaker
            b.add("speaker", sentence, span.start, span.end)
            return span.text
    for m in draft.members:
        found = _SPEAKER.search(m.sentence.text)
        if found:
            group = 1 if found.group(1) else 2
            b.add("speaker", m.sentence, found.start(group), found.end(group))
            return found.group(group)
    return None


def _regions(draft: Draft) -> list[Region]:
    """Each named area once, with the strongest advice given about it."""
    by_area: dict[tuple[str, str], Region] = {}
    for r in draft.regions:
        for p in r.destinations:
            if p.kind != "region" or r.borrowed:
                continue
            name = p.text
            key = (name.casefold(), p.code)
            seen = by_area.get(key)
            if seen is None or (r.level or 0) > (seen.level or 0):
                by_area[key] = Region(
                    name, p.code, r.level, r.hit.action, r.hit.wording
                )
    return list(by_area.values())
