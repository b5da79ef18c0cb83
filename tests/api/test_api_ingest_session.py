"""POST /api/ingest keeps one ingest state per process and still sees other writers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import Settings
from travelwatch.storage.store import Store

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _story(n: int) -> str:
    # Invented filler, distinct per n, long enough for shingles to mean something.
    words = ["quay", "lantern", "meadow", "pylon", "kiln", "orchard", "tram", "dune"]
    return f"Story {n}. " + " ".join(f"{words[i % 8]}{n}x{i}" for i in range(80)) + "."


def _post(client: TestClient, text: str) -> dict[str, object]:
    response = client.post("/api/ingest", json={"text": text}, headers=AUTH)
    assert response.status_code == 200, response.text
    (item,) = response.json()["items"]
    return dict(item)


def test_the_ingest_state_is_kept_between_calls(token_client: TestClient) -> None:
    assert _post(token_client, _story(1))["status"] == "stored"
    session = token_client.app.state.ingest_session  # type: ignore[attr-defined]
    ingestor = session.ingestor
    assert _post(token_client, _story(2))["status"] == "stored"
    assert token_client.app.state.ingest_session is session  # type: ignore[attr-defined]
    assert session.ingestor is ingestor
    # And the kept index knows what this process stored.
    copy = _story(2).replace("Story", "Report", 1)
    assert _post(token_client, copy)["status"] == "duplicate"


def test_a_copy_of_what_another_writer_stored_is_a_duplicate(
    token_client: TestClient, token_settings: Settings
) -> None:
    assert _post(token_client, _story(1))["status"] == "stored"
    # Another process (the CLI) stores a story after this server loaded its index.
    with Store(settings=token_settings) as other:
        (outcome,) = ingest_articles(other, [Article(text=_story(7), source="cli")])
    assert outcome.status == "stored"
    copy = _story(7).replace("Story", "Report", 1)
    item = _post(token_client, copy)
    assert item["status"] == "duplicate"
    assert str(outcome.document_id) in str(item["detail"])
