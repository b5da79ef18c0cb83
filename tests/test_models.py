import datetime as dt

import pytest

from travelwatch.models import (
    Advisory,
    Claim,
    Evidence,
    Origin,
    Region,
    Segment,
    TextMap,
    advisory_from_dict,
)


def test_identity_map_is_identity() -> None:
    m = TextMap.identity(10)
    assert [m.to_original(i) for i in range(10)] == list(range(10))


def test_map_skips_removed_run() -> None:
    original = "keep this. DEBRIS\nand this"
    cleaned = "keep this. and this"
    m = TextMap([Segment(0, 0, 11), Segment(11, 18, 8)])
    for i, ch in enumerate(cleaned):
        assert original[m.to_original(i)] == ch


def test_span_to_original_covers_quote() -> None:
    original = "xx DEBRIS Russia warns"
    m = TextMap([Segment(0, 0, 3), Segment(3, 10, 12)])
    cleaned = "xx Russia warns"
    start, end = m.span_to_original(
        cleaned.index("Russia"), cleaned.index("Russia") + 6
    )
    assert original[start:end] == "Russia"


@pytest.mark.parametrize("rows", [[], [[0, 0, 5]], [[0, 0, 3], [3, 9, 4]]])
def test_map_round_trips_through_list(rows: list[list[int]]) -> None:
    assert TextMap.from_list(rows).to_list() == rows


def test_advisory_round_trips_through_dict() -> None:
    adv = Advisory(
        issuer="RU",
        audience="RU",
        destinations=["US", "CA", "EU"],
        level=4,
        action="avoid_all_travel",
        reasons=["political_tension"],
        issued=dt.date(2024, 12, 11),
        regions=[Region("Alaska", "US", 4, "avoid_all_travel")],
        unsupported_claims=[Claim("they hunt us", 5, 17, "without evidence")],
        evidence=[Evidence("level", 0, 7, "refrain", "We urge you to refrain.")],
        origin=Origin.NEWS,
    )
    data = adv.to_dict()
    assert data["evidence"]["level"][0]["quote"] == "refrain"
    assert data["issued"] == "2024-12-11"
    assert advisory_from_dict(data) == adv


def test_document_from_text_maps_offsets_to_themselves() -> None:
    from travelwatch.models import Document

    doc = Document.from_text(
        "Norway warns its citizens.", published=dt.date(2026, 3, 3)
    )
    assert doc.text == doc.original_text
    assert doc.text_map.span_to_original(0, 6) == (0, 6)
    assert len(doc.content_hash) == 64 and doc.language == "en"
