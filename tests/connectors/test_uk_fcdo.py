"""UK FCDO connector: alert statuses, regional headings, broken items, live index."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from travelwatch.connectors.base import make_client
from travelwatch.connectors.levels import native_label
from travelwatch.connectors.places import uk_slug_codes
from travelwatch.connectors.uk_fcdo import UkFcdoConnector, parse_country
from travelwatch.errors import FeedFormatChanged, FeedUnavailable
from travelwatch.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "uk"
RECORDED = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "official" / "uk"
)


def _parse(name: str):
    (item,) = UkFcdoConnector().parse((FIXTURES / name).read_bytes(), origin=name)
    return item


def _payload(mutate) -> bytes:
    data = json.loads((FIXTURES / "bolivia.json").read_text(encoding="utf-8"))
    mutate(data)
    return json.dumps(data).encode()


def test_partial_warnings_give_level_2_and_keep_statuses():
    advisory = _parse("bolivia.json").advisory
    assert (advisory.destinations, advisory.level, advisory.action) == (
        ["BO"],
        2,
        "increased_caution",
    )
    assert advisory.native_level == (
        "avoid_all_travel_to_parts, avoid_all_but_essential_travel_to_parts"
    )


def test_area_headings_become_regions_with_their_own_level():
    regions = _parse("bolivia.json").advisory.regions
    assert [(r.name, r.level, r.action) for r in regions] == [
        ("Northern salt flats", 4, "avoid_all_travel"),
        ("Eastern lowlands", 3, "avoid_nonessential_travel"),
    ]


def test_reasons_from_warning_text():
    assert _parse("bolivia.json").advisory.reasons == ["kidnapping"]


def test_key_url_and_dates():
    item = _parse("bolivia.json")
    assert item.key == "uk:bolivia"
    assert item.advisory.url == "https://www.gov.uk/foreign-travel-advice/bolivia"
    assert item.advisory.source_updated.isoformat() == "2026-03-02T10:00:00+00:00"


def test_no_alert_status_is_level_1_via_slug_table():
    advisory = _parse("st-lucia.json").advisory
    assert (advisory.destinations, advisory.level, advisory.regions) == (["LC"], 1, [])


def test_updated_at_alone_does_not_change_raw_hash():
    before = UkFcdoConnector().parse(_payload(lambda d: None), origin="a")[0]
    after = UkFcdoConnector().parse(
        _payload(lambda d: d.update(updated_at="2027-01-01T00:00:00Z")), origin="b"
    )[0]
    assert before.raw_hash == after.raw_hash


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda d: d["details"].pop("alert_status"), id="no-alert-status"),
        pytest.param(lambda d: d["details"].pop("country"), id="no-country"),
        pytest.param(
            lambda d: d["details"].update(alert_status=["purple"]), id="bad-status"
        ),
        pytest.param(lambda d: d.update(schema_name="guide"), id="other-schema"),
        pytest.param(
            lambda d: d["details"]["country"].update(slug="atlantis", name="Atlantis"),
            id="unknown-country",
        ),
    ],
)
def test_payload_with_wrong_shape_fails(mutate):
    with pytest.raises(FeedFormatChanged) as err:
        UkFcdoConnector().parse(_payload(mutate), origin="x")
    assert err.value.code == "TW202"


def test_directory_load_skips_a_broken_country(tmp_path):
    (tmp_path / "bolivia.json").write_bytes((FIXTURES / "bolivia.json").read_bytes())
    (tmp_path / "broken.json").write_text('{"details": {}}')
    result = UkFcdoConnector().load(tmp_path)
    assert [i.key for i in result.items] == ["uk:bolivia"]
    assert len(result.skipped) == 1 and "broken.json" in result.skipped[0]


def _index(*slugs: str) -> bytes:
    children = [{"base_path": f"/foreign-travel-advice/{s}"} for s in slugs]
    return json.dumps({"links": {"children": children}}).encode()


def test_fetch_reads_index_then_each_country():
    settings = load_settings({"http.backoff": 0, "http.retries": 1})
    pages = {
        "/api/content/foreign-travel-advice": httpx.Response(
            200, content=_index("bolivia", "st-lucia")
        ),
        "/api/content/foreign-travel-advice/bolivia": httpx.Response(
            200, content=(FIXTURES / "bolivia.json").read_bytes()
        ),
        "/api/content/foreign-travel-advice/st-lucia": httpx.Response(500),
    }
    transport = httpx.MockTransport(lambda r: pages[r.url.path])
    with make_client(settings, transport=transport) as client:
        result = UkFcdoConnector(settings).fetch(client)
    assert [i.key for i in result.items] == ["uk:bolivia"]
    assert len(result.skipped) == 1 and "st-lucia" in result.skipped[0]


def test_fetch_fails_when_every_country_fails():
    settings = load_settings({"http.backoff": 0, "http.retries": 1})

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("foreign-travel-advice"):
            return httpx.Response(200, content=_index("bolivia"))
        return httpx.Response(503)

    client = make_client(settings, transport=httpx.MockTransport(answer))
    with client, pytest.raises(FeedUnavailable):
        UkFcdoConnector(settings).fetch(client)


def test_fetch_index_304_is_not_modified():
    settings = load_settings({"http.backoff": 0})
    transport = httpx.MockTransport(lambda r: httpx.Response(304))
    with make_client(settings, transport=transport) as client:
        assert UkFcdoConnector(settings).fetch(client, etag='"a"').not_modified


# --- recorded GOV.UK content items (../shared) ---------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    ("slug", "iso", "level", "region_levels"),
    [
        ("colombia", "CO", 2, {3}),
        ("cote-d-ivoire", "CI", 2, {3, 4}),
        ("cuba", "CU", 3, set()),
        ("france", "FR", 1, set()),
        ("haiti", "HT", 4, set()),
        ("hong-kong", "HK", 1, set()),
        ("kenya", "KE", 2, {3, 4}),
        ("mexico", "MX", 2, {3}),
        ("thailand", "TH", 2, {3}),
        ("trinidad-and-tobago", "TT", 1, set()),
        ("turkey", "TR", 2, {4}),
        ("ukraine", "UA", 3, {3, 4}),  # every part under a warning
    ],
)
def test_recorded_country(slug, iso, level, region_levels):
    path = RECORDED / f"{slug}.json"
    if not path.is_file():
        pytest.skip("../shared is not present")
    (item,) = UkFcdoConnector().parse(path.read_bytes(), origin=path.name)
    advisory = item.advisory
    assert (item.key, advisory.destinations, advisory.level) == (
        f"uk:{slug}",
        [iso],
        level,
    )
    assert {r.level for r in advisory.regions} == region_levels
    assert all(r.country == iso and r.name for r in advisory.regions)


@pytest.mark.shared
def test_recorded_ukraine_regions_by_heading():
    path = RECORDED / "ukraine.json"
    if not path.is_file():
        pytest.skip("../shared is not present")
    (item,) = UkFcdoConnector().parse(path.read_bytes(), origin=path.name)
    names = {r.name: r.level for r in item.advisory.regions}
    assert names["Crimea"] == 4 and "Russian invasion of Ukraine" not in names


# --- issue 13: every official word kept ----------------------------------------


def _recorded(slug: str):
    path = RECORDED / f"{slug}.json"
    if not path.is_file():
        pytest.skip("../shared is not present")
    (item,) = UkFcdoConnector().parse(path.read_bytes(), origin=path.name)
    return item.advisory


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_ukraine_is_level_3_when_every_part_is_under_a_warning():
    adv = _recorded("ukraine")
    assert adv.level == 3 and adv.action == "avoid_nonessential_travel"


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_ukraine_regions_keep_their_oblasts():
    places = {p for r in _recorded("ukraine").regions for p in r.places}
    assert {"Volyn", "Rivne", "Zhytomyr", "Zakarpattia", "Lviv"} <= places


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_kenya_all_travel_and_all_but_essential_areas_stay_apart():
    by_level = {r.level: r.places for r in _recorded("kenya").regions}
    assert "Mandera County" in by_level[4] and "Mandera County" not in by_level[3]
    assert "Garissa Town" in by_level[3] and "Garissa Town" not in by_level[4]


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_colombia_departments_are_kept_and_venezuela_is_not_a_region():
    regions = _recorded("colombia").regions
    places = [p for r in regions for p in r.places]
    assert any("Arauca Department" in p for p in places)
    assert {r.level for r in regions} == {3}  # the Venezuela paragraph is not CO's


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_mexico_exceptions_are_kept_apart_from_places():
    chihuahua = next(r for r in _recorded("mexico").regions if "Chihuahua" in r.name)
    assert "the city of Chihuahua" in chihuahua.excepted
    assert chihuahua.places == []


@pytest.mark.shared
@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("slug", "known"), [("kenya", True), ("france", True), ("cuba", True)]
)
def test_recorded_regions_known(slug, known):
    assert _recorded(slug).regions_known is known


@pytest.mark.issue(13)
def test_partial_warning_without_readable_places_is_regions_not_known():
    data = {
        "schema_name": "travel_advice",
        "details": {
            "alert_status": ["avoid_all_travel_to_parts"],
            "country": {"name": "Peru", "slug": "peru"},
            "parts": [{"slug": "warnings-and-insurance", "body": "<p>No list.</p>"}],
        },
    }
    adv = parse_country(data)
    assert adv.advisory.regions == [] and adv.advisory.regions_known is False


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("slug", "codes"),
    [
        ("cook-islands-tokelau-and-niue", ["CK", "TK", "NU"]),
        ("st-martin-and-st-barthelemy", ["MF", "BL"]),
        ("antarctica-british-antarctic-territory", ["AQ"]),
        ("the-bahamas", ["BS"]),
    ],
)
def test_gov_uk_slugs_resolve(slug, codes):
    assert uk_slug_codes(slug) == codes


@pytest.mark.issue(13)
def test_somaliland_is_a_region_of_somalia_not_all_of_it():
    data = {
        "schema_name": "travel_advice",
        "details": {
            "alert_status": ["avoid_all_but_essential_travel_to_whole_country"],
            "country": {"name": "Somaliland", "slug": "somaliland"},
            "parts": [],
        },
    }
    adv = parse_country(data).advisory
    assert adv.destinations == ["SO"] and adv.scope == "Somaliland"


@pytest.mark.issue(13)
def test_uk_partial_advice_is_labelled_in_the_fcdo_words():
    label = native_label("GB", "avoid_all_travel_to_parts")
    assert label == "FCDO advises against all travel to parts of the country"
    assert "caution" not in label


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        # The advice is about another country's area: not this country's region.
        (
            'FCDO advises against all travel to <a href="/foreign-travel-advice/'
            'venezuela">Venezuela’s border regions</a>.',
            False,
        ),
        # This country's area; a link elsewhere in the sentence changes nothing.
        (
            "FCDO advises against all travel to within 10km of the border. If you "
            'are there, follow <a href="https://www.gov.uk/foreign-travel-advice/'
            'syria">FCDO advice for Syria</a>.',
            True,
        ),
    ],
)
def test_area_advice_about_another_country_is_not_a_region(paragraph, kept):
    body = (
        "<h2>Areas where FCDO advises against travel</h2>"
        f"<h3>Border</h3><p>{paragraph}</p>"
    )
    data = {
        "schema_name": "travel_advice",
        "details": {
            "alert_status": ["avoid_all_travel_to_parts"],
            "country": {"name": "Peru", "slug": "peru"},
            "parts": [{"slug": "warnings-and-insurance", "body": body}],
        },
    }
    regions = parse_country(data).advisory.regions
    assert (len(regions) == 1 and regions[0].level == 4) is kept
