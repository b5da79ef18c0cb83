"""US State Department RSS connector: FIPS traps, hostile XML, the recorded feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from travelwatch.connectors.places import us_link_code, us_tag_table
from travelwatch.connectors.us_state import UsStateConnector, parse_date
from travelwatch.errors import FeedFormatChanged

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "us" / "advisories.xml"
)
RECORDED = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "official"
    / "us"
    / "TAsTWs-2026-10-07.xml"
)


def _items(payload: bytes) -> dict[str, object]:
    return {i.key: i for i in UsStateConnector().parse(payload, origin="test")}


@pytest.fixture(scope="module")
def fixture_items() -> dict:
    return {
        i.key: i for i in UsStateConnector().parse(FIXTURE.read_bytes(), origin="f")
    }


@pytest.fixture(scope="module")
def recorded() -> list:
    if not RECORDED.is_file():
        pytest.skip("../shared is not present")
    return UsStateConnector().load(RECORDED).items


@pytest.mark.parametrize(
    ("key", "destinations", "level"),
    [
        ("us:AU", ["AT"], 1),  # FIPS AU is Austria, not Australia
        ("us:AS", ["AU"], 1),  # FIPS AS is Australia, not American Samoa
        ("us:NG", ["NE"], 4),  # FIPS NG is Niger
        ("us:NI", ["NG"], 3),  # FIPS NI is Nigeria
        ("us:SR", ["CH"], 1),  # FIPS SR is Switzerland
        ("us:CH", ["CN"], 2),  # FIPS CH is China
        ("us:UK", ["GB"], 2),
        ("us:UC", ["CW"], 1),  # Curaçao
        ("us:IS", ["IL", "PS"], 3),  # "Israel, the West Bank and Gaza"
        ("us:IS:west-bank", ["PS"], 3),
        ("us:IS:gaza", ["PS"], 4),
    ],
)
def test_fips_traps_resolve_to_iso(fixture_items, key, destinations, level):
    advisory = fixture_items[key].advisory
    assert (advisory.destinations, advisory.level) == (destinations, level)


def test_fixture_has_mixed_line_endings_and_every_item_parses(fixture_items):
    raw = FIXTURE.read_bytes()
    assert b"\r\n" in raw and b"\n<p>" in raw.replace(b"\r\n", b"")
    assert len(fixture_items) == raw.count(b"<item>")


def test_line_ending_change_keeps_raw_hash(fixture_items):
    lf_only = _items(FIXTURE.read_bytes().replace(b"\r\n", b"\n"))
    assert {k: i.raw_hash for k, i in lf_only.items()} == {
        k: i.raw_hash for k, i in fixture_items.items()
    }


def test_gaza_item_is_a_region_of_ps(fixture_items):
    region = fixture_items["us:IS:gaza"].advisory.regions[0]
    assert (region.name, region.country, region.level) == ("Gaza", "PS", 4)


def test_do_not_travel_list_becomes_level_4_regions(fixture_items):
    regions = fixture_items["us:NI"].advisory.regions
    assert [(r.name, r.level, r.action) for r in regions] == [
        ("The Example Lake region", 4, "avoid_all_travel"),
        ("Sample and Placeholder states", 4, "avoid_all_travel"),
    ]


def test_inline_reconsider_line_becomes_level_3_region(fixture_items):
    regions = fixture_items["us:CH"].advisory.regions
    assert [(r.name, r.level) for r in regions] == [("the Imaginary Border Zone", 3)]


def test_reasons_come_from_the_due_to_list(fixture_items):
    assert fixture_items["us:NG"].advisory.reasons == [
        "crime",
        "terrorism",
        "kidnapping",
    ]


def test_lead_sentence_split_by_first_p_is_rejoined(fixture_items):
    assert fixture_items["us:UC"].advisory.native_wording == (
        "Exercise normal precaution in Curaçao."
    )


def test_item_date_without_time_is_utc_midnight(fixture_items):
    advisory = fixture_items["us:NI"].advisory
    assert advisory.source_updated.isoformat() == "2026-03-05T00:00:00+00:00"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(FIXTURE.read_bytes()[:3000], id="truncated"),
        pytest.param(b"<html><body>maintenance</body></html>", id="wrong-root"),
        pytest.param(b"<rss><channel><title>x</title></channel></rss>", id="no-items"),
        pytest.param(b"", id="empty"),
    ],
)
def test_bad_payload_raises_format_changed(payload):
    with pytest.raises(FeedFormatChanged) as err:
        UsStateConnector().parse(payload, origin="test")
    assert err.value.code == "TW202" and err.value.source == "us"


def test_broken_item_is_skipped_and_counted(tmp_path):
    broken = b"<item><title>Nowhere</title><link>x</link></item>"
    payload = FIXTURE.read_bytes().replace(b"<item>", broken + b"<item>", 1)
    path = tmp_path / "feed.xml"
    path.write_bytes(payload)
    result = UsStateConnector().load(path)
    assert len(result.skipped) == 1 and "TW105" in result.skipped[0]
    assert len(result.items) == payload.count(b"<item>") - 1


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Tue, 15 Sep 2026", "2026-09-15T00:00:00+00:00"),
        ("Wed, 07 Oct 2026 21:02:01 GMT", "2026-10-07T21:02:01+00:00"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text).isoformat() == iso


# --- the recorded 2026-10-07 feed (../shared) ---------------------------------


@pytest.mark.shared
def test_recorded_feed_keeps_all_223_items_with_unique_keys(recorded):
    assert len(recorded) == 223
    assert len({i.key for i in recorded}) == 223


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "iso", "level"),
    [
        ("Russia", "RU", 4),
        ("Saudi Arabia", "SA", 3),
        ("China", "CN", 2),
        ("Switzerland", "CH", 1),
        ("Austria", "AT", 1),
        ("Niger", "NE", 4),
        ("Nigeria", "NG", 3),
        ("Australia", "AU", 1),
        ("Curaçao", "CW", 1),
        ("United Kingdom", "GB", 2),
        ("North Korea", "KP", 4),
        ("Saint Kitts and Nevis", "KN", 1),
        ("Gaza", "PS", 4),
        ("Kosovo", "XK", 2),
    ],
)
def test_recorded_destination_and_level(recorded, name, iso, level):
    matches = [i for i in recorded if i.title.split(" - ")[0].strip() == name]
    assert matches, name
    assert {(i.advisory.destinations[0], i.advisory.level) for i in matches} == {
        (iso, level)
    }


@pytest.mark.shared
def test_recorded_levels_agree_with_titles(recorded):
    for item in recorded:
        assert f"Level {item.advisory.level}:" in item.title


@pytest.mark.shared
def test_recorded_tag_table_agrees_with_page_urls(recorded):
    """Where a page URL names the place (ISO alpha-3), the tag table must agree."""
    table = us_tag_table()
    checked = 0
    for item in recorded:
        from_link = us_link_code(item.advisory.url)
        tag = item.key.split(":")[1]
        if from_link and len(item.key.split(":")) == 2:
            assert tuple(table[tag]) == from_link, item.title
            checked += 1
    assert checked > 150
