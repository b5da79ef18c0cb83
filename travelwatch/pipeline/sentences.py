"""A fast rule-based sentence splitter with character offsets.

Extraction reads whole documents but only needs heavy NLP on a few sentences, so
the split itself must be cheap: line breaks always end a sentence (news pages put
headlines, captions and bullet items on lines of their own), and inside a line a
``.``, ``!`` or ``?`` ends one when the next word starts like a sentence does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "split_sentences"]

#: Longer runs without a sentence end are cut (at a space) into pieces this long.
MAX_SENTENCE_CHARS = 1500


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the text it was cut from."""

    start: int
    end: int
    text: str


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations, words that start a sentence after an initialism)."""
    path = resources.files("travelwatch") / "data" / "lexicon" / "sentences.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    abbreviations = frozenset(a.lower().rstrip(".") for a in data["abbreviations"])
    return abbreviations, frozenset(w.lower() for w in data["initialism_starters"])


_LINE = re.compile(r"[^\n]+")
# A run of stops is matched from its first character only (the lookbehind) and
# taken whole (possessive), so "....." of any length is read in linear time.
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]?([A-Za-z]+)")


#: How far back from a stop the word before it is looked for; the window keeps
#: each test constant-time however long the line is.
_LOOK_BACK = 100


def _ends_sentence(line: str, dot_end: int, next_start: int) -> bool:
    head = line[max(0, dot_end - _LOOK_BACK) : dot_end].rstrip("\"'”’)] \t")
    if _INITIALISM.search(head):
        nxt = _NEXT_WORD.match(line, next_start)
        return bool(nxt and nxt.group(1).lower() in _lexicon()[1])
    word = _WORD_BEFORE.search(head)
    if word and head.endswith(".") and word.group(1).lower() in _lexicon()[0]:
        return False
    # A single capital letter before the dot is an initial ("John F. Kennedy").
    return not (word and len(word.group(1)) == 1 and word.group(1).isupper())


def _split_line(line: str, offset: int) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(line):
        if not _ends_sentence(line, m.start() + 1, m.end()):
            continue
        piece_end = m.end()
        while piece_end > start and line[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start and not line[start:piece_end].isspace():
            out.append(_trimmed(line, start, piece_end, offset))
        start = m.end()
    if line[start:].strip():
        out.append(_trimmed(line, start, len(line), offset))
    return out


def _trimmed(line: str, start: int, end: int, offset: int) -> Sentence:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return Sentence(offset + start, offset + end, line[start:end])


def _capped(sentence: Sentence) -> list[Sentence]:
    """Garbled text without stops would make one huge "sentence": cut it at spaces."""
    if sentence.end - sentence.start <= MAX_SENTENCE_CHARS:
        return [sentence]
    out: list[Sentence] = []
    text, pos = sentence.text, 0
    while pos < len(text):
        cut = min(len(text), pos + MAX_SENTENCE_CHARS)
        if cut < len(text):
            space = text.rfind(" ", pos + 1, cut)
            cut = space if space > pos else cut
        piece = text[pos:cut]
        if piece.strip():
            out.append(Sentence(sentence.start + pos, sentence.start + cut, piece))
        pos = cut
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index ``text`` itself."""
    out: list[Sentence] = []
    for m in _LINE.finditer(text):
        if m.group().strip():
            for s in _split_line(m.group(), m.start()):
                out.extend(_capped(s))
    return out
