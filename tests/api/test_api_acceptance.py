"""Issue 6's check: the seeds and the recorded US feed, then every endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.feeds import sync
from travelwatch.ingest.readers import read_sources
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

ENDPOINTS = [
    "/api/advisories",
    "/api/advisories?issuer=US&min_level=4&limit=5&offset=5",
    "/api/matrix",
    "/api/matrix?audience=RU",
    "/api/destinations/RU",
    "/api/issuers/US",
    "/api/timeline/US/RU",
    "/api/changes",
    "/api/documents",
    "/api/documents/1",
    "/api/search?q=Zakharova",
    "/api/sources",
    "/api/export?format=json",
    "/openapi.json",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if not shared.is_dir():
        pytest.skip("../shared is not present")
    settings = load_settings({"db": str(tmp_path_factory.mktemp("acc") / "a.db")})
    store = Store(settings=settings)
    seeds = [str(p) for p in sorted((shared / "seeds").glob("*.txt"))]
    list(ingest_articles(store, read_sources(seeds, settings=settings)))
    feed = shared / "data" / "official" / "us" / "TAsTWs-2026-10-07.xml"
    (outcome,) = sync(store, ["us"], from_path=feed)
    assert outcome.status == "ok"
    return TestClient(create_app(store))


@pytest.mark.issue(6)
@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_endpoint_answers_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    response.json()


@pytest.mark.issue(6)
def test_advisory_detail_links_the_reciprocal(client: TestClient) -> None:
    items = client.get("/api/advisories?issuer=RU").json()["items"]
    (ru,) = items
    detail = client.get(f"/api/advisories/{ru['id']}").json()["advisory"]
    assert detail["reciprocal_ids"], "RU->US should link the US->RU advice"
    us = client.get(f"/api/advisories/{detail['reciprocal_ids'][0]}").json()
    assert us["advisory"]["issuer"] == "US"


@pytest.mark.issue(6)
def test_ingest_without_a_token_is_refused(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"text": "Some article."})
    assert response.status_code == 401
    assert response.json()["ok"] is False
