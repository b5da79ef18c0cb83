"""Cached read responses never outlive the data they were rendered from."""

from __future__ import annotations

import datetime as dt

from advisory_store import Filled
from fastapi.testclient import TestClient

from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.storage.advisories import insert_reports, refresh_advisories


def _add_report(filled: Filled) -> None:
    report = Report(
        key="doc:cache-test#1",
        advisory=Advisory("NZ", "NZ", ["FJ"], 3, "avoid_nonessential_travel"),
        origin=Origin.NEWS,
        document_id=None,
        source="Test Wire",
        published=dt.date(2026, 4, 1),
        seen_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    with filled.store.begin() as conn:
        insert_reports(conn, [report])
        refresh_advisories(conn, ["NZ"], window_days=21)


def test_matrix_reflects_a_write_after_being_cached(
    client: TestClient, filled: Filled
) -> None:
    before = client.get("/api/matrix").json()
    assert "NZ" not in before["issuers"]
    assert client.get("/api/matrix").json() == before  # served from the cache
    _add_report(filled)
    after = client.get("/api/matrix").json()
    assert after["levels"]["NZ"]["FJ"] == 3


def test_listing_reflects_a_write_after_being_cached(
    client: TestClient, filled: Filled
) -> None:
    total = client.get("/api/advisories").json()["total"]
    _add_report(filled)
    assert client.get("/api/advisories").json()["total"] == total + 1


def test_cached_response_keeps_the_security_headers(client: TestClient) -> None:
    client.get("/api/matrix")
    response = client.get("/api/matrix")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
