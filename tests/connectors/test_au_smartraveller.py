"""Smartraveller connector: the destinations export, the summary, place names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from travelwatch.connectors.au_smartraveller import AuSmartravellerConnector
from travelwatch.connectors.base import make_client
from travelwatch.errors import FeedFormatChanged
from travelwatch.settings import load_settings

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "feeds"
    / "au"
    / "au-summary.json"
)
RECORDED = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "official"
    / "git-scraped"
    / "marcolussetti-travel-advisories"
)


@pytest.fixture(scope="module")
def result():
    return AuSmartravellerConnector().load(FIXTURE)


@pytest.mark.parametrize(
    ("key", "destinations", "level", "action"),
    [
        ("au:chile", ["CL"], 1, "normal_precautions"),
        ("au:the-gambia", ["GM"], 2, "increased_caution"),
        (
            "au:israel-and-the-occupied-palestinian-territories",
            ["IL", "PS"],
            3,
            "reconsider_travel",
        ),
        ("au:mali", ["ML"], 4, "avoid_all_travel"),
    ],
)
def test_level_phrase_and_place(result, key, destinations, level, action):
    advisory = {i.key: i.advisory for i in result.items}[key]
    assert (advisory.destinations, advisory.level, advisory.action) == (
        destinations,
        level,
        action,
    )


def test_unknown_place_and_phrase_are_skipped_placeholder_is_not(result):
    assert len(result.items) == 4
    assert len(result.skipped) == 2
    assert not any("No travel advice" in line for line in result.skipped)


def test_not_a_list_fails():
    with pytest.raises(FeedFormatChanged):
        AuSmartravellerConnector().parse(b'{"destination": "Chile"}', origin="x")


EXPORT = FIXTURE.parents[1] / "au-export" / "destinations-export.json"


def _export_items():
    return {i.key: i.advisory for i in AuSmartravellerConnector().load(EXPORT).items}


@pytest.mark.issue(13)
def test_destinations_export_rows_are_read():
    items = _export_items()
    assert set(items) == {"au:chile", "au:mali", "au:thailand"}  # no "No travel advice"
    mali = items["au:mali"]
    assert (mali.destinations, mali.level, mali.issued) == (
        ["ML"],
        4,
        dt.date(2026, 9, 30),
    )


@pytest.mark.issue(13)
def test_destinations_export_regional_text_is_regions_not_known():
    items = _export_items()
    assert items["au:thailand"].regions_known is False
    assert "southern border provinces" in items["au:thailand"].native_wording
    assert items["au:chile"].regions_known is None


@pytest.mark.issue(13)
def test_live_fetch_reads_the_destinations_export():
    body = EXPORT.read_bytes()
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=body)

    settings = load_settings({"http.backoff": 0})
    with make_client(settings, transport=httpx.MockTransport(handler)) as client:
        result = AuSmartravellerConnector(settings).fetch(client)
    assert seen == ["https://www.smartraveller.gov.au/destinations-export"]
    assert len(result.items) == 3


@pytest.mark.issue(13)
def test_live_export_of_another_shape_is_a_format_error():
    settings = load_settings({"http.backoff": 0})
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, content=b'[{"name": "Chile", "level": 1}]')
    )
    client = make_client(settings, transport=transport)
    with client, pytest.raises(FeedFormatChanged):
        AuSmartravellerConnector(settings).fetch(client)


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    [
        "au-smartraveller-summary-2025-03-27.json",
        "au-smartraveller-summary-2025-08-15.json",
    ],
)
def test_recorded_summary_parses_every_destination(name):
    path = RECORDED / name
    if not path.is_file():
        pytest.skip("../shared is not present")
    result = AuSmartravellerConnector().load(path)
    # 179 rows, one of them Smartraveller's "No travel advice" placeholder.
    assert (len(result.items), result.skipped) == (178, [])
