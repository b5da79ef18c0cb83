"""The day advice was given, as the reader dates it (travelwatch.reader.dating).

Short articles of our own, each in the shape of a real one the reader dated wrong
or not at all: the date in the sentence reporting the statement, a dateline the
reader did not know, an embedded post. Each checks the issue date of the one
advisory the article gives.
"""

from __future__ import annotations

import datetime as dt

import travelwatch as tw
from travelwatch.settings import load_settings

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


def test_a_weekday_in_the_lede_dates_advice_two_sentences_on() -> None:
    # 2023-08-10 is a Thursday.
    text = (
        "The foreign ministry warned on Tuesday that fighting in Mali was spreading. "
        "Officials described clashes near the capital. "
        "Italians should not travel to Mali for any reason."
    )
    assert _issued(text, published=D(2023, 8, 10), issuer="IT") == [D(2023, 8, 8)]


def test_the_sentence_reporting_the_statement_is_read_with_said() -> None:
    text = (
        "South Korea will keep its travel ban on Yemen for a further year, "
        "the foreign ministry said Friday. The ban was first imposed years ago. "
        "The ministry told South Koreans not to travel to Yemen."
    )
    # 2023-07-14 is a Friday.
    assert _issued(text, published=D(2023, 7, 14), issuer="KR") == [D(2023, 7, 14)]


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


def test_a_post_the_issuer_signs_dates_its_advice() -> None:
    text = (
        "Spain urged its citizens to leave Belarus.\n"
        "Few flights remain, the ministry added.\n"
        "#Belarus\n"
        "— Spain Foreign Ministry (@mfa_example) October 5, 2021\n"
    )
    assert _issued(text, issuer="ES") == [D(2021, 10, 5)]


def test_the_component_can_be_switched_off() -> None:
    text = (
        "The foreign ministry warned on Tuesday that fighting in Mali was spreading. "
        "Officials described clashes near the capital. "
        "Italians should not travel to Mali for any reason."
    )
    doc = tw.Document.from_text(text, published=D(2023, 8, 10))
    off = load_settings({"reader.off": "dates"})
    found = [a.issued for a in tw.read_advisories(doc, off) if a.issuer == "IT"]
    assert found == [None]


def test_a_statement_as_near_two_governments_advice_goes_to_the_one_it_names() -> None:
    from travelwatch.reader.components import components
    from travelwatch.reader.dating import _closest
    from travelwatch.reader.document import ReadDoc

    text = (
        "Pakistan Point News reports. The Gulf state urged Kuwaitis to return on "
        "Sunday. The ministry told them to delay trips."
    )
    rd = ReadDoc(tw.Document.from_text(text), "en", load_settings({}))
    for name in ("sentences", "places"):
        components.get(name).run(rd)
    assert _closest(rd, 1, "KW", [2], [("PK", [0])])
    assert not _closest(rd, 1, "PK", [0], [("KW", [2])])
