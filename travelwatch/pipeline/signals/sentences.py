"""Cheap sentence boundaries for choosing which words belong together.

The signal finders only need to know which words share a sentence (a date and the
verb it dates, a claim and its "without evidence"), so a regex splitter that knows
common abbreviations is enough and keeps them free of spaCy.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from travelwatch.pipeline.signals.lexicon import load

# A terminator, any closing quotes/brackets, then space before something that can
# start a sentence; or a line break (headlines and list items end without stops).
_BREAK = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in load("sentences")["abbreviations"])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        if m.group().startswith("."):
            word = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if word and _is_abbreviation(word.group(1)):
                continue
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _is_abbreviation(word: str) -> bool:
    w = word.lower().strip(".")
    if w in _abbreviations():
        return True
    # Single capitals ("J. Smith") and dotted initials ("U.S.") do not end sentences.
    return bool(re.fullmatch(r"[a-z](\.[a-z])*", w))


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing ``offset`` (or the nearest one before it)."""
    if not spans:
        return (0, 0)
    i = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return spans[max(i, 0)]
