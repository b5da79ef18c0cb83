"""Sentence spans for evidence: a quoted fragment grows to the sentence holding it.

Labels keep offsets, never quotes. A labeller names a fragment of the text; the
fragment is found (exactly, or with runs of whitespace matched loosely) and its
span widened to the enclosing sentence, so evidence is always whole sentences.
"""

from __future__ import annotations

import re

__all__ = ["find_fragment", "sentence_span"]

# Sentence ends: terminal punctuation (Latin, CJK, Arabic, Devanagari) followed by
# space or a closing quote, or a line break. Deliberately simple: labels only need
# spans a reader recognises as "the sentence".
_END = re.compile(r"[.!?。！？؟।॥][\"'”’»)\]]*(?=\s)|[。！？]|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest run of whole sentences of ``text`` that covers [start, end)."""
    left = 0
    for m in _END.finditer(text, 0, start):
        left = m.end()
    stop = _END.search(text, max(end - 1, start))
    right = stop.end() if stop else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def find_fragment(text: str, fragment: str) -> tuple[int, int] | None:
    """Where ``fragment`` first occurs in ``text`` (whitespace matched loosely)."""
    at = text.find(fragment)
    if at >= 0:
        return at, at + len(fragment)
    words = fragment.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None
