"""Canada connector: advisory-state, AdvisoryContainer regions, index, live fetch."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from travelwatch.connectors.base import make_client
from travelwatch.connectors.ca_travel import CaTravelConnector, parse_friendly_date
from travelwatch.errors import FeedFormatChanged
from travelwatch.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "ca"
RECORDED = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "official" / "ca"
)


@pytest.fixture(scope="module")
def peru():
    (item,) = CaTravelConnector().parse(
        (FIXTURES / "cta-cap-pe.json").read_bytes(), origin="pe"
    )
    return item


def test_advisory_state_maps_to_level(peru):
    advisory = peru.advisory
    assert (peru.key, advisory.destinations, advisory.level, advisory.action) == (
        "ca:PE",
        ["PE"],
        2,
        "increased_caution",
    )
    assert advisory.native_level.startswith("advisory-state 1: Exercise a high degree")


def test_regional_containers_become_regions(peru):
    regions = [(r.name, r.level, r.action) for r in peru.advisory.regions]
    assert regions == [
        ("Example Valley", 4, "avoid_all_travel"),
        (
            "the Sample border, excluding; the Placeholder highlands",
            3,
            "avoid_nonessential_travel",
        ),
    ]


def test_reasons_from_country_wide_sentence(peru):
    assert peru.advisory.reasons == ["crime", "civil_unrest"]


def test_friendly_date_keeps_its_time_zone(peru):
    assert peru.advisory.source_updated.isoformat() == "2026-03-02T09:15:00-05:00"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("October 6, 2026 14:51 EDT", "2026-10-06T14:51:00-04:00"),
        ("January 5, 2026", "2026-01-05T00:00:00+00:00"),
        ("not a date", None),
    ],
)
def test_parse_friendly_date(text, iso):
    parsed = parse_friendly_date(text)
    assert (parsed.isoformat() if parsed else None) == iso


def test_index_entries_parse_and_broken_entry_is_skipped(tmp_path):
    path = tmp_path / "index.json"
    path.write_bytes((FIXTURES / "index-alpha-eng.json").read_bytes())
    result = CaTravelConnector().load(path)
    assert [(i.key, i.advisory.level) for i in result.items] == [
        ("ca:PE", 2),
        ("ca:IS", 1),
    ]
    assert len(result.skipped) == 1 and "ZZ" in result.skipped[0]


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"metadata": {}}, id="no-data"),
        pytest.param(
            {"data": {"country-iso": "PE", "advisory-state": 9, "eng": {}}},
            id="state-9",
        ),
        pytest.param({"data": {"country-iso": "PE", "advisory-state": 1}}, id="no-eng"),
        pytest.param({"data": []}, id="data-list"),
    ],
)
def test_payload_with_wrong_shape_fails(payload):
    with pytest.raises(FeedFormatChanged):
        CaTravelConnector().parse(json.dumps(payload).encode(), origin="x")


def test_fetch_uses_country_files_and_falls_back_to_index_entry():
    settings = load_settings({"http.backoff": 0, "http.retries": 1})
    pages = {
        "/travel-voyage/index-alpha-eng.json": (
            FIXTURES / "index-alpha-eng.json"
        ).read_bytes(),
        "/travel-voyage/cta-cap-pe.json": (FIXTURES / "cta-cap-pe.json").read_bytes(),
    }

    def answer(request: httpx.Request) -> httpx.Response:
        body = pages.get(request.url.path)
        return httpx.Response(200, content=body) if body else httpx.Response(404)

    with make_client(settings, transport=httpx.MockTransport(answer)) as client:
        result = CaTravelConnector(settings).fetch(client)
    by_key = {i.key: i.advisory for i in result.items}
    assert set(by_key) == {"ca:PE", "ca:IS"}
    assert len(by_key["ca:PE"].regions) == 2 and by_key["ca:IS"].regions == []
    assert len(result.skipped) == 1


# --- recorded cta-cap files (../shared) ----------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    ("code", "level", "regions"),
    [
        ("ci", 2, 2),
        ("co", 2, 3),
        ("fr", 2, 0),
        ("hk", 2, 0),
        ("ht", 4, 0),
        ("ke", 2, 4),
        ("mx", 2, 1),
        ("th", 2, 2),
        ("tr", 2, 2),
        ("tt", 2, 1),
        ("ua", 4, 0),
    ],
)
def test_recorded_country(code, level, regions):
    path = RECORDED / f"cta-cap-{code}.json"
    if not path.is_file():
        pytest.skip("../shared is not present")
    raw = json.loads(path.read_text(encoding="utf-8"))["data"]
    (item,) = CaTravelConnector().parse(path.read_bytes(), origin=path.name)
    advisory = item.advisory
    assert (advisory.destinations, advisory.level) == ([code.upper()], level)
    assert len(advisory.regions) == regions
    assert bool(advisory.regions) == bool(raw["has-regional-advisory"])
    assert all(
        r.level in {1, 2, 3, 4} and r.country == code.upper() for r in advisory.regions
    )
