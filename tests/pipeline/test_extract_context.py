"""Context rules across and within sentences (short articles written for these tests)."""

from __future__ import annotations

import datetime as dt

from travelwatch.models import Document
from travelwatch.pipeline.extract import extract_advisories


def _doc(text: str, published: dt.date | None = None) -> Document:
    return Document.from_text(text, source="t.txt", language="en", published=published)


def test_dateline_place_is_not_the_issuer() -> None:
    text = (
        "OSLO (Reuters) - The State Department urged Americans not to travel to Chad."
    )
    (adv,) = extract_advisories(_doc(text))
    assert (adv.issuer, adv.destinations) == ("US", ["TD"])


def test_advice_naming_its_place_beats_borrowed_advice() -> None:
    text = (
        "Denmark raised its travel warning for Iran and Iraq. "
        "It urged citizens to leave. "
        "The ministry advised against all travel to Iraq."
    )
    by_place = {
        d: a.action for a in extract_advisories(_doc(text)) for d in a.destinations
    }
    assert by_place["IQ"] == "avoid_all_travel"


def test_issue_date_may_follow_the_advice_sentence() -> None:
    text = (
        "Austria advised its citizens against all travel to Niger. "
        "The advisory, dated March 3, 2022, cites the coup."
    )
    (adv,) = extract_advisories(_doc(text))
    assert adv.issued == dt.date(2022, 3, 3)


def test_weekday_resolves_against_the_published_day() -> None:
    text = "Austria on Monday advised its citizens against all travel to Niger."
    (adv,) = extract_advisories(_doc(text, published=dt.date(2022, 3, 9)))
    assert adv.issued == dt.date(2022, 3, 7)


def test_reasons_quoted_far_from_the_advice_are_read() -> None:
    text = (
        "Austria advised its citizens against all travel to Niger.\n"
        "Officials met on Tuesday.\nThe weather was mild.\nMarkets were calm.\n"
        "Schools stayed open.\n"
        "The advisory also warns of kidnapping in the border areas."
    )
    (adv,) = extract_advisories(_doc(text))
    assert "kidnapping" in adv.reasons
