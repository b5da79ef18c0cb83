"""Splits depend on a text's own name only, so adding texts never moves old ones."""

from __future__ import annotations

from collections import Counter

from travelwatch.corpus.splits import split_of


def test_split_is_a_function_of_the_name() -> None:
    assert split_of("en-0028ade9") == split_of("en-0028ade9.txt")
    assert split_of("en-0028ade9") == split_of("en-0028ade9")


def test_proportions_are_near_60_20_20() -> None:
    counts = Counter(split_of(f"xx-{i:08x}") for i in range(20000))
    assert abs(counts["train"] / 20000 - 0.6) < 0.02
    assert abs(counts["dev"] / 20000 - 0.2) < 0.02
    assert abs(counts["blind"] / 20000 - 0.2) < 0.02
