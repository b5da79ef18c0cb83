"""The read endpoints answer JSON from the same queries as the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from advisory_store import Filled
from fastapi.testclient import TestClient

from travelwatch import feeds


@pytest.mark.parametrize(
    "url",
    [
        "/api/advisories",
        "/api/matrix",
        "/api/destinations/FR",
        "/api/issuers/US",
        "/api/timeline/JP/CN",
        "/api/changes",
        "/api/documents",
        "/api/documents/1",
        "/api/search?q=Haiti",
        "/api/sources",
        "/openapi.json",
    ],
)
def test_endpoint_answers_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_advisories_paginate_with_total(client: TestClient) -> None:
    body = client.get("/api/advisories", params={"limit": 2, "offset": 1}).json()
    assert body["total"] == 5
    assert len(body["items"]) == 2


def test_advisories_filter_by_min_level(client: TestClient) -> None:
    body = client.get("/api/advisories", params={"min_level": 3}).json()
    assert {a["level"] for a in body["items"]} == {3, 4}


def test_advisory_has_reports_evidence_and_reciprocal(
    client: TestClient, filled: Filled
) -> None:
    ru_id = filled.advisory_id_of("RU", "US")
    adv = client.get(f"/api/advisories/{ru_id}").json()["advisory"]
    assert len(adv["reports"]) == 2
    assert adv["reports"][0]["advisory"]["evidence"]["action"][0]["quote"]
    assert adv["reciprocal_ids"] == [filled.advisory_id_of("US", "RU")]


def test_matrix_by_audience(client: TestClient) -> None:
    body = client.get("/api/matrix", params={"audience": "CA"}).json()
    assert body["levels"] == {"CA": {"HT": 4}}


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("geojson", "application/geo+json"),
        ("atom", "application/atom+xml"),
    ],
)
def test_export_formats(client: TestClient, fmt: str, media: str) -> None:
    response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_docs_use_local_assets_only(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_every_response_has_a_content_security_policy(client: TestClient) -> None:
    response = client.get("/api/matrix")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_sources_give_each_official_feed_its_schedule(
    filled: Filled, client: TestClient, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    feeds.sync(filled.store, ["us"], from_path=bad)
    items = {i["name"]: i for i in client.get("/api/sources").json()["items"]}
    us, uk = items["us"], items["uk"]
    # One failure: the hour (feeds.every.us unset) doubled, in UTC.
    wait = dt.datetime.fromisoformat(us["next_due"]) - dt.datetime.fromisoformat(
        us["last_attempt"]
    )
    assert (us["failures"], wait, us["due_in"]) == (
        1,
        dt.timedelta(hours=2),
        "in 2 hours",
    )
    assert dt.datetime.fromisoformat(us["next_due"]).utcoffset() == dt.timedelta(0)
    assert (uk["failures"], uk["next_due"], uk["due_in"]) == (0, None, "due now")
