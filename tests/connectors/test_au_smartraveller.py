"""Smartraveller summary connector: level phrases, place names, no live fetch."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from travelwatch.connectors.au_smartraveller import AuSmartravellerConnector
from travelwatch.errors import FeedFormatChanged, FeedUnavailable

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


def test_live_fetch_is_refused_with_a_coded_error():
    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    with httpx.Client(transport=transport) as c, pytest.raises(FeedUnavailable) as err:
        AuSmartravellerConnector().fetch(c)
    assert err.value.code == "TW201" and "not supported" in err.value.reason


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
