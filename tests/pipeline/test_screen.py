"""The cheap screen lets advice through and keeps ordinary news out."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.screen import screen


@pytest.mark.parametrize(
    "text",
    [
        "Peru told its citizens not to travel to Chad.",
        "Officials urged nationals to avoid non-essential travel to the area.",
        "The ministry issued a travel advisory for Laos on Friday.",
        "Citizens should leave the country as soon as possible.",
        "The Philippines raised alert level 3 for the region.",
    ],
)
def test_screen_passes_advice(text: str) -> None:
    assert screen(text)


@pytest.mark.parametrize(
    "text",
    [
        "The city council approved a new budget for public libraries.",
        "Shares rose on Monday as investors weighed interest rates.",
        "",
    ],
)
def test_screen_rejects_unrelated_news(text: str) -> None:
    assert not screen(text)
