"""The article's own date (travelwatch.pipeline.article_date)."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.models import Article
from travelwatch.pipeline.article_date import article_date, document_date, page_dates
from travelwatch.pipeline.clean import clean_article

D = dt.date


@pytest.mark.parametrize(
    ("language", "text", "expected", "printed"),
    [
        # a dateline without a city: a date, the outlet in brackets, a dash
        (
            "en",
            "March 3, 2021 (WNA) – The ministry on Tuesday urged caution.",
            D(2021, 3, 3),
            "March 3, 2021",
        ),
        # a byline with the date after the author and a time after a bar
        (
            "en",
            "Embassy issues warning\n\nBy Jane Roe   May 3, 2018 | 10:15 am PT\nBody",
            D(2018, 5, 3),
            "May 3, 2018",
        ),
        # a date line under the headline with a comment count after it
        (
            "en",
            "Governments urge caution\n\nFriday, 12 Mar, 2010 0\n\nThe ministry said.",
            D(2010, 3, 12),
            "12 Mar, 2010",
        ),
        # an agency name before the date and page debris after it
        (
            "en",
            "Malta advises caution\nWire, August 2, 2016 Adjust font size:\nBody.",
            D(2016, 8, 2),
            "August 2, 2016",
        ),
        (
            "en",
            "Title\n2021/09/14\nThe ministry upgraded its alert.",
            D(2021, 9, 14),
            "2021/09/14",
        ),
        # a numeric labelled date is day first outside English
        (
            "es",
            "Actualizado 07/03/2020 09:41\n\nEl ministerio desaconseja viajar.",
            D(2020, 3, 7),
            "07/03/2020",
        ),
    ],
)
def test_the_date_at_the_top_is_the_articles(
    language: str, text: str, expected: dt.date, printed: str
) -> None:
    found = article_date(text, language, published=None)
    assert found is not None
    assert found.date == expected
    assert any(printed in text[a:b] for a, b in found.printed)


# A body longer than the top of the page a dateline may stand in.
BODY = "A ministry asked citizens to be careful and to avoid crowds. " * 8


def test_a_date_line_at_the_end_under_the_author_dates_a_short_article() -> None:
    text = BODY + "\n(Jan Kovacs)\n2021.10.04 18:20:05\n"
    found = article_date(text, "hu", published=None)
    assert found is not None
    assert (found.date, found.source) == (D(2021, 10, 4), "tail")


def test_the_published_date_comes_after_a_dateline_and_before_the_end() -> None:
    text = BODY + "\n2021.10.04 18:20:05\n"
    found = article_date(text, "hu", published=D(2021, 10, 5))
    assert found is not None
    assert (found.date, found.source) == (D(2021, 10, 5), "published")


def test_a_year_and_month_widget_gives_the_month_only() -> None:
    doc = clean_article(
        Article(text=" date 2019-04 Bo Ngoai giao ngay 16/4 thong bao.", source="x")
    )
    found = document_date(doc)
    assert found is not None
    assert (found.date, found.month_only) == (D(2019, 4, 30), True)


@pytest.mark.parametrize(
    "text",
    [
        # a date in a sentence of the story
        "Title\nThis warning lapses on 30 June 2016 for all regions.\nBody",
        "Title\nThe advisory was last updated on March 20, 2024, and has not changed.",
        # an embedded post's signature dates the post, not the page
        "Title\n— Some Reporter (@reporter) May 9, 2019\nBody",
    ],
)
def test_dates_that_are_not_the_pages(text: str) -> None:
    assert page_dates(text, "en") == ()
    assert article_date(text, "en", published=None) is None


def test_nothing_dates_an_undated_article() -> None:
    assert article_date("The ministry warned citizens.", "en", published=None) is None
