"""Issue dates and datelines (travelwatch.pipeline.signals.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.pipeline.signals import find_dateline, resolve_issued
from travelwatch.pipeline.signals.dates import full_date, given_before, statement_date

D = dt.date


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministry issued the advisory on 8 December 2024.", D(2024, 12, 8)),
        ("The ministry issued the advisory on December 8, 2024.", D(2024, 12, 8)),
        ("The advisory, dated 2024-12-08, urges caution.", D(2024, 12, 8)),
        ("The notice was published on the 3rd of March, 2021.", D(2021, 3, 3)),
        ("It declared Alert Level 3 as of Friday, June 20, 2025.", D(2025, 6, 20)),
        (
            "La alerta de viaje de fecha 9 de abril de 2019 recomienda no viajar.",
            D(2019, 4, 9),
        ),
    ],
)
def test_explicit_dates_need_no_published_date(
    sentence: str, expected: dt.date
) -> None:
    hit = resolve_issued(sentence, published=None)
    assert hit is not None
    assert hit.date == expected
    assert sentence[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry warned citizens on Monday not to travel.",
        "The ministry issued the warning today.",
        "The advisory was issued on Dec. 8 and urges caution.",
        "Officials on Tuesday (Jan 26) urged citizens to stay home.",
    ],
)
def test_no_year_without_a_reference(sentence: str) -> None:
    assert resolve_issued(sentence, published=None) is None


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # 2024-12-11 is a Wednesday.
        (
            "The ministry warned citizens on Wednesday not to travel.",
            D(2024, 12, 11),
            D(2024, 12, 11),
        ),
        (
            "The ministry warned citizens on Monday not to travel.",
            D(2024, 12, 11),
            D(2024, 12, 9),
        ),
        (
            "The ministry warned citizens on Thursday not to travel.",
            D(2024, 12, 11),
            D(2024, 12, 5),
        ),
        (
            "The ministry warned citizens last Wednesday not to travel.",
            D(2024, 12, 11),
            D(2024, 12, 4),
        ),
        ("The ministry issued the warning today.", D(2024, 12, 11), D(2024, 12, 11)),
        (
            "The ministry issued the warning yesterday.",
            D(2024, 12, 11),
            D(2024, 12, 10),
        ),
        (
            "The advisory was issued on Dec. 8 and urges caution.",
            D(2024, 12, 11),
            D(2024, 12, 8),
        ),
        (
            "The advisory was issued on Dec. 28 and urges caution.",
            D(2025, 1, 3),
            D(2024, 12, 28),
        ),
    ],
)
def test_relative_dates_resolve_against_published(
    sentence: str, published: dt.date, expected: dt.date
) -> None:
    hit = resolve_issued(sentence, published=published)
    assert hit is not None
    assert hit.date == expected


def test_day_shortly_after_published_is_not_an_issue_date() -> None:
    text = "The advisory was issued and takes effect on December 20."
    assert resolve_issued(text, published=D(2024, 12, 11)) is None


def test_date_after_until_is_not_the_issue_date() -> None:
    text = "The ministry urged citizens to stay away until June 30, 2016."
    assert resolve_issued(text, published=None) is None


def test_dated_dateline_fixes_the_year() -> None:
    text = "The ministry warned citizens on Monday not to travel."
    hit = resolve_issued(text, published=None, dateline="Published: 11 December 2024")
    assert hit is not None
    assert hit.date == D(2024, 12, 9)


def test_yearless_dateline_needs_published() -> None:
    text = "The ministry issued the warning today."
    assert (
        resolve_issued(text, published=None, dateline="MOSCOW, Dec 11 (Reuters) -")
        is None
    )
    hit = resolve_issued(
        text, published=D(2024, 12, 12), dateline="MOSCOW, Dec 11 (Reuters) -"
    )
    assert hit is not None
    assert hit.date == D(2024, 12, 11)


def test_year_stated_elsewhere_in_the_article_dates_a_day_and_month() -> None:
    text = (
        "The advice published June 7, 2019 warns of attacks. "
        "Another government on Thursday, June 6 issued an alert as well."
    )
    second = text[text.index("Another") :]
    assert resolve_issued(second, published=None) is None
    hit = resolve_issued(text, published=None)
    assert hit is not None
    assert hit.date == D(2019, 6, 7)


def test_the_date_next_to_the_issuing_verb_wins() -> None:
    text = (
        "The ministry on Tuesday urged citizens to take care. "
        "It had issued a red travel alert on Sunday after riots began on May 25."
    )
    hit = resolve_issued(text, published=D(2020, 6, 2))
    assert hit is not None
    assert hit.text == "Sunday"
    assert hit.date == D(2020, 5, 31)


def test_dates_in_sentences_without_advice_are_ignored() -> None:
    text = "The jets were shot down on November 24, 2015. Tourists kept coming."
    assert resolve_issued(text, published=None) is None


def test_page_label_date_is_not_the_issue_date() -> None:
    text = "Published: MARCH 20, 2023 12:52\nThe council has issued travel warnings."
    assert resolve_issued(text, published=D(2023, 3, 20)) is None


@pytest.mark.parametrize(
    ("text", "published", "expected", "span_text"),
    [
        (
            "MOSCOW, Dec 11 (Reuters) - Russia told",
            D(2024, 12, 12),
            D(2024, 12, 11),
            "MOSCOW, Dec 11 (Reuters) -",
        ),
        (
            "KUALA LUMPUR, Feb 27 — Citizens are advised",
            D(2019, 2, 27),
            D(2019, 2, 27),
            "KUALA LUMPUR, Feb 27 —",
        ),
        (
            "Title\nPublished: 11 December 2024\nBody",
            None,
            D(2024, 12, 11),
            "Published: 11 December 2024",
        ),
        (
            "Title\n| Updated: 13 April, 2024 10:57 am IST\nBody",
            None,
            D(2024, 4, 13),
            "| Updated: 13 April, 2024 10:57 am IST",
        ),
        (
            "Site name\n\nTuesday, Jun 24, 2025\n\nHeadline",
            None,
            D(2025, 6, 24),
            "Tuesday, Jun 24, 2025",
        ),
        ("Date: 2024/12/11\nBody", None, D(2024, 12, 11), "Date: 2024/12/11"),
    ],
)
def test_find_dateline(
    text: str, published: dt.date | None, expected: dt.date, span_text: str
) -> None:
    hit = find_dateline(text, published=published)
    assert hit is not None
    assert hit.date == expected
    assert hit.text == span_text == text[hit.start : hit.end]


def test_yearless_dateline_without_published_is_none() -> None:
    assert find_dateline("MOSCOW, Dec 11 (Reuters) - Russia told") is None


def test_text_without_dateline() -> None:
    assert find_dateline("Russia has told its citizens to stay home.") is None


# -- the article's own date and the sentence reporting the statement ------------


def test_a_dateline_without_a_city_is_found() -> None:
    hit = find_dateline("March 3, 2021 (WNA) – The ministry urged caution.")
    assert hit is not None
    assert (hit.date, hit.text) == (D(2021, 3, 3), "March 3, 2021 (WNA) –")


def test_a_labelled_numeric_date_is_day_first_outside_english() -> None:
    text = "Actualizado 04/02/2019 13:27\n\nEl ministerio desaconseja viajar."
    hit = find_dateline(text, language="es")
    assert hit is not None
    assert hit.date == D(2019, 2, 4)


def test_the_printed_dateline_is_not_the_issue_date() -> None:
    text = "BANGKOK, June 9 — Citizens are advised to put off travel."
    dateline = text.index("June 9")
    exclude = [(dateline, dateline + len("June 9"))]
    assert resolve_issued(text, published=D(2026, 6, 9)) is not None
    assert resolve_issued(text, published=D(2026, 6, 9), exclude=exclude) is None


def test_a_date_in_the_advice_sentence_is_preferred() -> None:
    text = (
        "Citizens were told on Thursday (Jun 4) to avoid all travel abroad. "
        "The ministry said this replaces the advisory issued on Monday."
    )
    advice = [(0, text.index(" The ministry"))]
    hit = resolve_issued(text, published=D(2020, 6, 4), advice=advice)
    assert hit is not None
    assert hit.date == D(2020, 6, 4)


def test_a_month_only_reference_dates_a_day_and_month_but_no_weekday() -> None:
    end_of_april = D(2019, 4, 30)
    text = "The ministry issued the advisory on April 16."
    hit = resolve_issued(text, published=end_of_april, month_only=True)
    assert hit is not None
    assert hit.date == D(2019, 4, 16)
    weekday = "The ministry issued the advisory on Tuesday."
    assert resolve_issued(weekday, published=end_of_april, month_only=True) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministry reissued a travel warning Tuesday.", D(2024, 12, 10)),
        ("The ministry upgraded its travel alert on Monday.", D(2024, 12, 9)),
        ("The ban on travel abroad comes into force today.", D(2024, 12, 11)),
    ],
)
def test_more_verbs_of_giving_advice(sentence: str, expected: dt.date) -> None:
    hit = resolve_issued(sentence, published=D(2024, 12, 11))
    assert hit is not None
    assert hit.date == expected


def test_the_day_of_something_else_is_not_the_issue_date() -> None:
    text = '"After the storm of 3 May 2022, roads remain unsafe," read the new advice.'
    assert resolve_issued(text, published=None) is None


def test_a_yearless_date_more_than_half_a_year_back_is_not_fixed() -> None:
    text = "The ministry issued a travel advisory on June 20."
    assert resolve_issued(text, published=D(2021, 2, 10)) is None
    hit = resolve_issued(text, published=D(2021, 7, 1))
    assert hit is not None
    assert hit.date == D(2021, 6, 20)


@pytest.mark.parametrize(
    ("sentence", "attributed", "expected"),
    [
        # 2024-12-11 is a Wednesday.
        (
            "The foreign ministry said Friday it would keep the ban.",
            True,
            D(2024, 12, 6),
        ),
        (
            "She issued the warning at a news briefing on Wednesday.",
            False,
            D(2024, 12, 11),
        ),
        (
            "In a statement on Monday, the government urged caution.",
            False,
            D(2024, 12, 9),
        ),
        ("The travel ban stays, officials said on Tuesday.", False, D(2024, 12, 10)),
        # a reporting verb alone says nothing of advice
        ("Officials said on Tuesday that two men were arrested.", False, None),
        # the day of something else
        ("Protests turned violent on Monday, the ministry said.", False, None),
    ],
)
def test_the_sentence_reporting_a_statement(
    sentence: str, attributed: bool, expected: dt.date | None
) -> None:
    hit = statement_date(sentence, reference=D(2024, 12, 11), attributed=attributed)
    assert (hit.date if hit else None) == expected


def test_the_articles_year_dates_a_statement_without_a_reference() -> None:
    sentence = "On October 12, the embassy issued a security alert."
    assert statement_date(sentence, reference=None) is None
    hit = statement_date(sentence, reference=None, year_of=D(2021, 10, 12))
    assert hit is not None
    assert hit.date == D(2021, 10, 12)


@pytest.mark.parametrize(
    ("sentence", "before"),
    [
        ("The ministry had already warned against travel to the coast.", True),
        ("Previously, the government had advised against trips to the north.", True),
        ("The advisory is still in force.", True),
        ("The ministry urged citizens to leave Lebanon now.", False),
    ],
)
def test_advice_told_as_given_before_the_news(sentence: str, before: bool) -> None:
    assert given_before(sentence) is before


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("March 3, 2022", D(2022, 3, 3)),
        ("3 March 2022", D(2022, 3, 3)),
        ("March 3", None),
    ],
)
def test_full_date(written: str, expected: dt.date | None) -> None:
    assert full_date(written) == expected
