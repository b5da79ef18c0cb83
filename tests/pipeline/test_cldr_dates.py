"""Month, weekday and relative-day words from CLDR (travelwatch.pipeline.cldr_dates)
and their use for languages the date lexicon has no table for."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.pipeline.cldr_dates import cldr_words
from travelwatch.pipeline.dates_i18n import find_dates, issued_date

D = dt.date
# A Tuesday.
REF = D(2025, 12, 9)


def test_cldr_gives_the_words_of_a_language() -> None:
    words = cldr_words("ro")
    assert words.weekdays["marți"] == 1
    assert words.months["decembrie"] == 12
    assert words.relative["ieri"] == -1


def test_a_weekday_that_also_means_a_span_of_time_is_left_out() -> None:
    # Romanian "luni" is Monday and "months" ("peste 3 luni").
    assert "luni" not in cldr_words("ro").weekdays


def test_a_relative_day_with_two_meanings_is_left_out() -> None:
    # Urdu "کل" is both yesterday and tomorrow.
    assert "کل" not in cldr_words("ur").relative


def test_days_after_today_are_left_out() -> None:
    assert all(offset <= 0 for offset in cldr_words("el").relative.values())


def test_an_unknown_language_has_no_words() -> None:
    words = cldr_words("xx")
    assert (words.months, words.weekdays, words.relative) == ({}, {}, {})


def test_weekday_endings_only_where_cldr_writes_them() -> None:
    assert cldr_words("hu").weekday_suffix > 0
    assert cldr_words("el").weekday_suffix == 0


@pytest.mark.parametrize(
    ("language", "window", "expected"),
    [
        ("ro", "Ministerul a publicat marți o recomandare de călătorie.", REF),
        ("el", "Το υπουργείο εξέδωσε σήμερα ταξιδιωτική οδηγία.", REF),
        ("hu", "Az ajánlást szombaton tette közzé a minisztérium.", D(2025, 12, 6)),
        ("ro", "Ministerul a emis o avertizare pe 5 decembrie.", D(2025, 12, 5)),
    ],
)
def test_languages_without_a_table_are_read_with_cldr_words(
    language: str, window: str, expected: dt.date
) -> None:
    assert issued_date(window, language, published=REF) == expected


def test_a_cldr_weekday_needs_a_reference() -> None:
    assert find_dates("a publicat marți", "ro", reference=None)[0].date is None
