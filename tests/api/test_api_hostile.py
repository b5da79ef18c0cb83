"""Issue 15: numbers past the database's range, and a cache that sees merges."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.models import Article
from travelwatch.service import Ingestor, process_article
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)

TOKEN = "test-token-123"  # the token_client fixture's (tests/api/conftest.py)


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (f"/api/advisories?offset={2**63}", "query.offset"),
        (f"/api/documents?offset={2**63}", "query.offset"),
        (f"/api/documents?offset={'9' * 5000}", "query.offset"),
        (f"/api/documents/{2**63}", "path.doc_id"),
        (f"/api/documents/{10**30}", "path.doc_id"),
        # Another invalid parameter beside it does not turn it into a 422.
        (f"/api/advisories?min_level=9&offset={2**64}", "query.offset"),
    ],
)
def test_numbers_past_the_database_range_are_400(
    client: TestClient, path: str, where: str
) -> None:
    response = client.get(path)
    body = response.json()
    assert response.status_code == 400
    assert set(body) == {"ok", "error", "errors", "status"}
    assert (body["ok"], body["status"]) == (False, 400)
    assert body["error"].startswith(f"invalid {where}: past the largest row number")
    assert where in {e["location"] for e in body["errors"]}


def test_the_largest_row_number_itself_is_a_plain_miss(client: TestClient) -> None:
    assert client.get(f"/api/documents/{2**63 - 1}").status_code == 404
    listing = client.get(f"/api/advisories?offset={2**63 - 1}")
    assert listing.status_code == 200 and listing.json()["items"] == []


def test_deleting_a_document_past_the_range_is_400(token_client: TestClient) -> None:
    response = token_client.delete(
        f"/api/documents/{2**63}?reason=test",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400


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
