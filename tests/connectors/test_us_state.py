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
        ("us:IS", ["IL"], 3),  # Israel only: the West Bank and Gaza have their own
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


# --- issue 13: every official word kept ----------------------------------------


def _one_item(
    title: str, description: str, *, tag: str | None, level: int = 2
) -> bytes:
    cats = f'<category domain="Threat-Level">Level {level}: x</category>'
    if tag is not None:
        cats += f'<category domain="Country-Tag">{tag}</category>'
    return (
        "<rss><channel><title>t</title><item>"
        f"<title>{title} - Level {level}: x</title><pubDate>Tue, 15 Sep 2026</pubDate>"
        f"<description><![CDATA[{description}]]></description>{cats}"
        "</item></channel></rss>"
    ).encode()


def _only(payload: bytes):
    (item,) = UsStateConnector().parse(payload, origin="test")
    return item.advisory


def _by_title(recorded: list, name: str):
    (item,) = [i for i in recorded if i.title.split(" - ")[0].strip() == name]
    return item.advisory


@pytest.mark.issue(13)
def test_item_without_country_tag_is_placed_by_its_title():
    adv = _only(
        _one_item("Peru", "<p>Exercise increased caution in Peru.</p>", tag=None)
    )
    assert adv.destinations == ["PE"]


@pytest.mark.issue(13)
def test_feed_with_no_usable_item_is_a_format_error():
    payload = _one_item("Atlantis", "<p>Do not travel.</p>", tag="QQ")
    with pytest.raises(FeedFormatChanged):
        UsStateConnector().parse(payload, origin="test")


@pytest.mark.issue(13)
def test_increased_caution_areas_are_regions():
    adv = _only(
        _one_item(
            "Peru",
            "<p>Exercise normal precautions in Peru. Some areas have increased risk.</p>"
            "<p>Exercise increased caution in the Loreto border area due to crime.</p>",
            tag="PE",
            level=1,
        )
    )
    assert [(r.name, r.level) for r in adv.regions] == [("the Loreto border area", 2)]
    assert adv.regions_known is True


@pytest.mark.issue(13)
def test_areas_announced_but_not_listed_are_regions_not_known():
    adv = _only(
        _one_item(
            "Peru",
            "<p>Exercise increased caution in Peru. Some areas have increased risk.</p>"
            "<p>Crime is common in cities.</p>",
            tag="PE",
        )
    )
    assert adv.regions == [] and adv.regions_known is False


@pytest.mark.issue(13)
def test_no_areas_announced_is_no_regional_advice():
    adv = _only(
        _one_item("Peru", "<p>Exercise increased caution in Peru.</p>", tag="PE")
    )
    assert adv.regions == [] and adv.regions_known is True


@pytest.mark.issue(13)
def test_sentences_under_a_do_not_travel_list_are_not_regions():
    adv = _only(
        _one_item(
            "Peru",
            "<p>Reconsider travel to Peru due to crime.</p><p>Do not travel to:</p>"
            "<ul><li>The border zone due to crime.</li></ul>"
            "<p>Country Summary: Violent crime, such as robbery, is common due to "
            "poverty.</p><p>The U.S. government has limited ability to help outside "
            "the capital due to poor roads.</p>",
            tag="PE",
            level=3,
        )
    )
    assert [r.name for r in adv.regions] == ["The border zone"]


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_israel_item_is_israel_only(recorded):
    adv = _by_title(recorded, "Israel")
    assert adv.destinations == ["IL"] and adv.level == 3 and adv.scope is None


@pytest.mark.shared
@pytest.mark.issue(13)
@pytest.mark.parametrize(("name", "level"), [("West Bank", 3), ("Gaza", 4)])
def test_recorded_west_bank_and_gaza_are_ps_with_their_own_levels(
    recorded, name, level
):
    adv = _by_title(recorded, name)
    assert (adv.destinations, adv.level, adv.scope) == (["PS"], level, name)


@pytest.mark.shared
@pytest.mark.issue(13)
@pytest.mark.parametrize("name", ["Thailand", "Malaysia", "Paraguay"])
def test_recorded_increased_caution_areas_are_kept(recorded, name):
    adv = _by_title(recorded, name)
    assert adv.level == 1
    assert adv.regions and {r.level for r in adv.regions} == {2}


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_papua_new_guinea_has_no_false_regions(recorded):
    names = [r.name for r in _by_title(recorded, "Papua New Guinea").regions]
    assert len(names) == 2
    assert not any(n.startswith(("Country Summary", "The U.S")) for n in names)


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_mexico_regions_are_not_known(recorded):
    (item,) = [i for i in recorded if i.title.startswith("Mexico")]
    assert item.advisory.regions == [] and item.advisory.regions_known is False
