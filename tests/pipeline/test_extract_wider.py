"""Wordings beyond the dev set: withdrawn advice, rest-of-country advice, borders,
history and issuers' own terms (texts written for these tests)."""

from __future__ import annotations

import pytest

from travelwatch.models import Document
from travelwatch.pipeline.extract import extract_advisories


def _doc(text: str) -> Document:
    return Document.from_text(text, source="t.txt", language="en")


def _summary(text: str) -> list[tuple[str, list[str], int | None]]:
    return sorted(
        (a.issuer, sorted(a.destinations), a.level)
        for a in extract_advisories(_doc(text))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Norway has withdrawn its advice against non-essential travel to Peru.",
            [("NO", ["PE"], 1)],
        ),
        (
            "Sweden lifted its warning against all travel to Chile on Monday.",
            [("SE", ["CL"], 1)],
        ),
    ],
)
def test_withdrawn_advice_reads_as_normal_precautions(
    text: str, expected: list[tuple[str, list[str], int]]
) -> None:
    assert _summary(text) == expected


def test_frame_does_not_take_the_place_from_quoted_advice() -> None:
    text = (
        "Norway's foreign ministry has updated its travel advice for Peru, now "
        'telling Norwegians to "reconsider your need to travel" to the country.'
    )
    assert _summary(text) == [("NO", ["PE"], 3)]


def test_rest_of_country_advice_is_one_advisory_with_a_region() -> None:
    text = (
        "Norway advised its citizens to avoid all travel to the northern provinces "
        "of Peru and to reconsider travel to the rest of Peru."
    )
    advisories = extract_advisories(_doc(text))
    assert [(a.issuer, a.destinations, a.level) for a in advisories] == [
        ("NO", ["PE"], 3)
    ]


def test_country_named_as_bordering_is_not_a_destination() -> None:
    text = (
        "Norway urged its citizens to avoid all travel to two districts of Peru "
        "bordering Bolivia."
    )
    assert _summary(text) == [("NO", ["PE"], 4)]


@pytest.mark.parametrize(
    "text",
    [
        "Sweden once urged its citizens to avoid all travel to Peru.",
        "Two decades ago, Sweden warned its citizens against visiting Peru.",
    ],
)
def test_advice_told_as_history_is_not_current(text: str) -> None:
    assert _summary(text) == []


def test_banning_travel_to_a_country_is_do_not_travel() -> None:
    text = "South Korea will ban travel to Niger from Friday, the ministry said."
    assert [(a.destinations, a.level) for a in extract_advisories(_doc(text))] == [
        (["NE"], 4)
    ]


def test_headline_joins_the_one_ministry_the_article_names() -> None:
    text = (
        "Norway tells travellers to be careful when visiting Peru\n\n"
        "Norway's Ministry of Culture and Tourism on Friday reminded Norwegian "
        "tourists to avoid travelling to Peru during the holidays."
    )
    assert _summary(text) == [("NO", ["PE"], 4)]


def test_outbound_colour_alert_is_read_on_the_issuers_scale() -> None:
    text = (
        "The Hong Kong government issued the Red Outbound Travel Alert on Peru, "
        "urging residents to adjust their plans."
    )
    assert [(a.issuer, a.level) for a in extract_advisories(_doc(text))] == [("HK", 3)]
