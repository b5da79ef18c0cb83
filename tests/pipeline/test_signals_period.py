"""Periods advice covers (travelwatch.pipeline.signals.period)."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.signals import find_period


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Citizens should not travel over the Christmas holidays.",
            "Christmas holidays",
        ),
        ("Refrain from trips during these [Christmas] holidays.", "Christmas holidays"),
        ("Stay home during the Lunar New Year.", "Lunar New Year"),
        (
            "Avoid the country during the upcoming Chinese New Year holiday.",
            "Chinese New Year holiday",
        ),
        ("The alert was issued con motivo de Semana Santa.", "Semana Santa"),
        ("Warnings were issued ahead of the Passover holiday.", "Passover holiday"),
        ("Do not travel there until further notice.", "until further notice"),
        (
            "Il est déconseillé de s'y rendre jusqu'à nouvel ordre.",
            "jusqu'à nouvel ordre",
        ),
        ("Avoid the area for the next two weeks.", "for the next two weeks"),
        ("Avoid travelling there in the near future.", "in the near future"),
        (
            "Stay away until the situation stabilizes, it said.",
            "until the situation stabilizes",
        ),
        (
            "Delay trips until 'the situation becomes clearer.'",
            "until the situation becomes clearer",
        ),
        (
            "Avoid the city until the violence is brought under control.",
            "until the violence is brought under control",
        ),
    ],
)
def test_period_words(sentence: str, expected: str) -> None:
    hit = find_period(sentence)
    assert hit is not None
    assert hit.text == expected


def test_span_covers_the_period() -> None:
    text = "Stay home over the Easter break, the ministry said."
    hit = find_period(text)
    assert hit is not None
    assert text[hit.start : hit.end] == hit.text == "Easter break"


def test_brackets_are_dropped_from_text_but_kept_in_span() -> None:
    text = "Refrain from trips during these [Christmas] holidays."
    hit = find_period(text)
    assert hit is not None
    assert text[hit.start : hit.end] == "[Christmas] holidays"


def test_apostrophe_is_not_taken_for_a_quote() -> None:
    hit = find_period("Stay away until the country's situation improves.")
    assert hit is not None
    assert hit.text == "until the country's situation improves"


def test_first_period_wins() -> None:
    hit = find_period("Until further notice, avoid travel during the Christmas period.")
    assert hit is not None
    assert hit.text == "Until further notice"


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry advised citizens to avoid the border area.",
        "He stayed until now and then left.",
        "Christmas markets opened in the capital.",
    ],
)
def test_no_period(sentence: str) -> None:
    assert find_period(sentence) is None
