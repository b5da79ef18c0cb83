"""Sentence spans for the signal finders.

They only need to know which words share a sentence (a date and the verb it dates,
a claim and its "without evidence"); they use the pipeline's one rule-based
splitter, so extraction and signals agree on where sentences end.
"""

from __future__ import annotations

import bisect

from travelwatch.pipeline.sentences import split_sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: the pipeline's own splitter."""
    return [(s.start, s.end) for s in split_sentences(text)]


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing ``offset`` (or the nearest one before it)."""
    if not spans:
        return (0, 0)
    i = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return spans[max(i, 0)]
