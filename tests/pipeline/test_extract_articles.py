"""Whole short articles (written for these tests) -> advisories."""

from __future__ import annotations

import pytest

from travelwatch.models import Document, Segment, TextMap
from travelwatch.pipeline.extract import extract_advisories


def _doc(text: str, language: str | None = "en") -> Document:
    return Document.from_text(text, source="t.txt", language=language)


def _summary(text: str) -> list[tuple[str, list[str], int | None]]:
    return sorted(
        (a.issuer, sorted(a.destinations), a.level)
        for a in extract_advisories(_doc(text))
    )


def test_subject_government_advises_its_citizens() -> None:
    text = "Norway has told its citizens not to travel to Chile, citing unrest."
    assert _summary(text) == [("NO", ["CL"], 4)]


def test_audience_names_the_issuer_when_subject_is_unnamed() -> None:
    text = "Argentines were advised to avoid non-essential travel to Bolivia."
    assert _summary(text) == [("AR", ["BO"], 3)]


def test_different_levels_for_different_destinations() -> None:
    text = (
        "Kenya urged its nationals to leave Sudan immediately. "
        "Kenya also urged them to avoid travel to Chad."
    )
    assert _summary(text) == [("KE", ["SD"], 4), ("KE", ["TD"], 4)]
    actions = {a.destinations[0]: a.action for a in extract_advisories(_doc(text))}
    assert actions == {"SD": "leave_immediately", "TD": "avoid_all_travel"}


def test_destinations_sharing_advice_are_one_advisory() -> None:
    text = (
        "Chile advised its citizens to avoid non-essential travel to Peru and Ecuador."
    )
    assert _summary(text) == [("CL", ["EC", "PE"], 3)]


def test_several_issuers_in_one_subject() -> None:
    text = "Denmark and Finland have advised their citizens not to travel to Mali."
    assert _summary(text) == [("DK", ["ML"], 4), ("FI", ["ML"], 4)]


def test_eu_bloc_is_one_destination() -> None:
    text = (
        "Belarus urged its citizens to refrain from trips to EU countries this winter."
    )
    assert _summary(text) == [("BY", ["EU"], 4)]


def test_borders_named_are_not_destinations() -> None:
    text = "Spain advised its nationals to avoid travel to Niger and its borders with Mali."
    assert _summary(text) == [("ES", ["NE"], 4)]


@pytest.mark.parametrize(
    "text",
    [
        "Fiji banned the entry of travellers from Italy for two weeks.",
        "An airline cancelled all flights to Nepal after the storm.",
        "Five Dutch tourists were hurt in an attack in Kenya on Monday.",
        "Jordan said the rating puts Oman at the same level as Syria.",
        "The ministry did not advise against travel to Greece this summer.",
        "Winter storm advisories warn that road travel could become dangerous.",
    ],
)
def test_distractors_give_no_advisory(text: str) -> None:
    assert extract_advisories(_doc(text)) == []


def test_english_wording_is_not_read_in_another_language() -> None:
    text = "Norway has told its citizens not to travel to Chile."
    assert extract_advisories(_doc(text, language="es")) == []


def test_huge_garbled_input_does_not_crash() -> None:
    text = ("zz\x00 travel advisory ;;; not to travel " * 5000) + "\ufffd" * 1000
    assert isinstance(extract_advisories(_doc(text)), list)


def test_evidence_points_into_the_original_text() -> None:
    original = "<b>News</b>\nNorway has told its citizens not to travel to Chile."
    cleaned = original[len("<b>News</b>\n") :]
    offset = len("<b>News</b>\n")
    doc = Document(
        source="t.txt",
        original_text=original,
        text=cleaned,
        text_map=TextMap([Segment(0, offset, len(cleaned))]),
        content_hash="x",
        language="en",
    )
    (adv,) = extract_advisories(doc)
    by_field = {e.field: e for e in adv.evidence}
    assert by_field["destinations"].quote == "Chile"
    assert original[by_field["level"].start : by_field["level"].end] == (
        by_field["level"].quote
    )
    assert by_field["level"].quote == adv.native_wording
    assert by_field["issuer"].quote == "Norway"
    assert by_field["level"].start > offset
