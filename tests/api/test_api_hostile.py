"""Issue 15: numbers past the database's range, and a cache that sees merges."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.models import Article
from travelwatch.service import Ingestor, process_article
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/advisories?offset={2**63}",
        f"/api/documents?offset={2**63}",
        f"/api/documents/{2**63}",
        f"/api/documents/{10**30}",
    ],
)
def test_numbers_past_the_database_range_are_client_errors(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response.json()["ok"] is False


def test_cached_listing_sees_the_merge_of_the_last_ingest(store: Store) -> None:
    article = Article(
        text="Oslo, 2 March 2026. Norway's foreign ministry told its citizens to "
        "avoid all travel to Haiti because armed gangs hold the capital.",
        source="note.txt",
    )
    ingestor = Ingestor(store)
    with TestClient(create_app(store)) as client:
        before = client.get("/api/advisories").json()
        outcome = ingestor.store_one(process_article(article, store.settings))
        assert outcome.status == "stored" and outcome.advisories == 1
        # Stored but not merged yet: the listing may not show it...
        unmerged = client.get("/api/advisories").json()
        ingestor.finish()
        # ...but once merged, the cached page must not hide it.
        after = client.get("/api/advisories").json()
        matrix = client.get("/api/matrix").json()
    assert len(unmerged["items"]) == len(before["items"])
    assert len(after["items"]) == len(before["items"]) + 1
    assert "NO" in str(matrix)
