"""Evidence spans: a fragment grows to the sentence that holds it."""

from __future__ import annotations

import pytest

from travelwatch.corpus.spans import find_fragment, sentence_span

TEXT = (
    "Storms closed two ports. Norway's ministry told citizens to leave Ruritania "
    "now. Flights resume Monday.\nMore later"
)


def test_fragment_widens_to_its_sentence() -> None:
    found = find_fragment(TEXT, "told citizens")
    assert found is not None
    start, end = sentence_span(TEXT, *found)
    assert TEXT[start:end] == "Norway's ministry told citizens to leave Ruritania now."


def test_fragment_spanning_two_sentences_keeps_both() -> None:
    found = find_fragment(TEXT, "Ruritania now. Flights")
    assert found is not None
    start, end = sentence_span(TEXT, *found)
    assert TEXT[start:end].startswith("Norway's")
    assert TEXT[start:end].endswith("Monday.")


def test_line_break_ends_a_sentence() -> None:
    found = find_fragment(TEXT, "More later")
    assert found is not None
    assert sentence_span(TEXT, *found) == (len(TEXT) - 10, len(TEXT))


def test_whitespace_is_matched_loosely() -> None:
    assert find_fragment("a  b\n c", "a b c") == (0, 7)
    assert find_fragment("abc", "zzz") is None


@pytest.mark.parametrize(
    ("text", "fragment", "sentence"),
    [
        (
            "外务省提醒。中国公民暂勿前往日本。其他",
            "暂勿前往",
            "中国公民暂勿前往日本。",
        ),
        (
            "أولى؟ تحذير من السفر إلى لبنان. أخرى",
            "السفر إلى",
            "تحذير من السفر إلى لبنان.",
        ),
    ],
)
def test_scripts_without_latin_stops(text: str, fragment: str, sentence: str) -> None:
    found = find_fragment(text, fragment)
    assert found is not None
    start, end = sentence_span(text, *found)
    assert text[start:end] == sentence
