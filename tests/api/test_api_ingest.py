"""POST /api/ingest stores an article through the real pipeline."""

from __future__ import annotations

from fastapi.testclient import TestClient

TOKEN = "test-token-123"


def test_ingest_with_token_stores_the_document(token_client: TestClient) -> None:
    text = (
        "Ottawa, 3 April 2026. Canada told its citizens to avoid all travel to Haiti "
        "because armed gangs control much of the capital."
    )
    response = token_client.post(
        "/api/ingest",
        json={"text": text, "title": "Canada warns on Haiti", "outlet": "Test Wire"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["status"] == "stored"
    doc = token_client.get(f"/api/documents/{item['document_id']}").json()["document"]
    assert doc["title"] == "Canada warns on Haiti"
