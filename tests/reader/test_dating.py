"""The day advice was given, as the reader dates it (travelwatch.reader.dating).

Short articles of our own, each in the shape of a real one the reader dated wrong
or not at all. Each checks the issue date of the one advisory the article gives.
"""

from __future__ import annotations

import datetime as dt

import travelwatch as tw

D = dt.date


def _issued(
    text: str, *, published: dt.date | None = None, issuer: str | None = None
) -> list[dt.date | None]:
    doc = tw.Document.from_text(text, published=published)
    return [
        a.issued
        for a in tw.read_advisories(doc)
        if issuer is None or a.issuer == issuer
    ]


def test_a_dateline_without_a_city_is_the_reference_and_not_the_issue_date() -> None:
    text = (
        "June 5, 2019 (ABC) – Qatar on Sunday told its citizens to avoid "
        "travel to Sudan."
    )
    assert _issued(text, issuer="QA") == [D(2019, 6, 2)]


def test_a_byline_date_is_the_reference() -> None:
    text = (
        "Thailand tells citizens to keep away from Myanmar\n\n"
        "By Jane Roe   May 3, 2018 | 10:15 am PT\n\n"
        "Thailand's foreign ministry on Thursday asked citizens to avoid travel "
        "to Myanmar."
    )
    assert _issued(text, issuer="TH") == [D(2018, 5, 3)]


def test_the_dateline_is_never_the_issue_date_of_advice_in_force_before() -> None:
    text = (
        "BANGKOK, June 9 — Thais are advised to put off all travel to Haiti, "
        "the ministry's travel advisory from last year being still in force."
    )
    assert _issued(text, published=D(2026, 6, 9), issuer="TH") == [None]


def test_the_date_in_the_advice_sentence_beats_an_earlier_advisory() -> None:
    text = (
        "Norwegians were told on Thursday (Jun 4) to avoid all travel abroad. "
        "The ministry said this replaces the advisory issued on Monday."
    )
    assert _issued(text, published=D(2020, 6, 4), issuer="NO") == [D(2020, 6, 4)]
