"""Round-5 rules: the old level of a "from ... to ..." change, withdrawn warnings,
a named owner before a body, excepted places, reasons shared by governments
reacting to the same events, dotted dates, "said ... should" dating advice, and
two reason wordings (texts written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.models import Advisory, Document
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.extract.advice import find_advice
from travelwatch.pipeline.signals import find_reasons, resolve_issued


def _doc(text: str) -> Document:
    return Document.from_text(text, source="t.txt", language="en")


def _by_issuer(text: str) -> dict[str, Advisory]:
    return {a.issuer: a for a in extract_advisories(_doc(text))}


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        (
            "The ministry changed its advice from advising against all but essential "
            "travel to advising against all travel.",
            "avoid_all_travel",
        ),
        (
            'The department moved the country from Level 3, "Reconsider Travel", to '
            'Level 2, "Exercise Increased Caution".',
            "increased_caution",
        ),
    ],
)
def test_only_the_level_moved_to_is_the_advice(sentence: str, action: str) -> None:
    hits = [h for h in find_advice(sentence) if h.action]
    assert [h.action for h in hits] == [action]


def test_lone_from_phrase_is_kept() -> None:
    hits = find_advice("Officials advised against all travel from Monday.")
    assert [h.action for h in hits] == ["avoid_all_travel"]


def test_withdrawn_travel_warning_leaves_normal_precautions() -> None:
    found = _by_issuer(
        "Austria's foreign ministry has withdrawn the travel warning it issued for "
        "Gabon last spring. Austrians no longer need to avoid the country."
    )
    assert found["AT"].level == 1
    assert found["AT"].change == "lifted"


def test_named_owner_outranks_the_country_a_body_name_suggests() -> None:
    found = _by_issuer(
        "Ireland's Foreign Office told Irish citizens to avoid all travel to Chad."
    )
    assert list(found) == ["IE"]


def test_excepted_country_is_left_out_of_the_destinations() -> None:
    found = _by_issuer(
        "Vietnam's foreign ministry told citizens to avoid all travel to Mali and "
        "Niger, with the exception of Senegal and Ghana."
    )
    assert sorted(found["VN"].destinations) == ["ML", "NE"]
    assert sorted(found["VN"].destinations_except) == ["GH", "SN"]


def test_except_before_travel_wording_is_not_an_exception() -> None:
    found = _by_issuer(
        "Norway told Norwegians to avoid all travel except essential travel to Peru."
    )
    assert found["NO"].destinations == ["PE"]
    assert found["NO"].destinations_except == []


def test_governments_reacting_to_the_same_events_share_reasons() -> None:
    found = _by_issuer(
        "Italy urged its nationals to leave Guinea, citing heavy fighting and "
        "airstrikes. Greece told Greek citizens to avoid all travel to Guinea."
    )
    assert found["GR"].reasons == found["IT"].reasons == ["armed_conflict"]


@pytest.mark.parametrize(
    ("text", "dateline", "day"),
    [
        (
            "OSLO, 8.05.2025 -- The ministry advised Norwegians on Thursday to leave.",
            "OSLO, 8.05.2025 --",
            dt.date(2025, 5, 8),
        ),
        (
            "The minister said on Friday that Danes should reconsider travel to Togo.",
            "COPENHAGEN, 7 March 2025 -",
            dt.date(2025, 3, 7),
        ),
    ],
)
def test_issue_day(text: str, dateline: str, day: dt.date) -> None:
    hit = resolve_issued(text, published=None, dateline=dateline)
    assert hit is not None and hit.date == day


def test_said_without_advice_does_not_date_it() -> None:
    text = "The minister said on Friday the talks had gone well."
    assert resolve_issued(text, published=None, dateline="ROME, 7 March 2025 -") is None


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        (
            "Its ability to provide consular help there is extremely limited.",
            "limited_consular_support",
        ),
        ("It cited the closure of Central Harbour airport.", "transport_disruption"),
    ],
)
def test_reason_wordings(sentence: str, code: str) -> None:
    assert code in [h.code for h in find_reasons(sentence)]


@pytest.mark.parametrize(
    ("sentence", "unrest"),
    [
        ("The capital said it had lodged a protest with the embassy.", False),
        ("Officials cited protests in the capital.", True),
    ],
)
def test_diplomatic_protest_is_not_unrest(sentence: str, unrest: bool) -> None:
    assert ("civil_unrest" in [h.code for h in find_reasons(sentence)]) is unrest


def test_there_points_at_the_country_named_before_it() -> None:
    found = _by_issuer(
        "Spain's foreign ministry has moved most of the coastal region of southern "
        "Gabon from orange to yellow on its travel advice map, meaning Spanish "
        "visitors are now asked only to exercise heightened vigilance there."
    )
    assert found["ES"].destinations == ["GA"]
