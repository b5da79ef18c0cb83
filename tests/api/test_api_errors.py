"""One JSON error shape for every kind of failure, and the write-token rules."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.storage.store import Store

TOKEN = "test-token-123"


def _assert_envelope(body: dict[str, Any], status: int) -> None:
    assert set(body) == {"ok", "error", "errors", "status"}
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/advisories/adv:none", 404),
        ("/api/documents/999", 404),
        ("/api/no-such-endpoint", 404),
        ("/api/advisories?min_level=7", 422),
        ("/api/advisories?limit=abc", 422),
        ("/api/destinations/Atlantis", 404),  # names are accepted; unknown ones not
        ("/api/destinations/a$b", 422),
        ("/api/advisories?destination=XX", 400),
        ("/api/export?format=xlsx", 422),
    ],
)
def test_read_errors_share_the_envelope(
    client: TestClient, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status
    _assert_envelope(response.json(), status)


def test_validation_errors_are_listed(client: TestClient) -> None:
    body = client.get("/api/advisories?min_level=7&offset=-1").json()
    assert {e["location"] for e in body["errors"]} == {
        "query.min_level",
        "query.offset",
    }


def test_ingest_without_token_is_401(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"text": "Some text."})
    assert response.status_code == 401
    _assert_envelope(response.json(), 401)


def test_writes_are_refused_when_no_token_is_configured(client: TestClient) -> None:
    response = client.post(
        "/api/ingest", json={"text": "x"}, headers={"Authorization": "Bearer anything"}
    )
    assert response.status_code == 403
    _assert_envelope(response.json(), 403)


def test_wrong_token_is_403(token_client: TestClient) -> None:
    response = token_client.post(
        "/api/ingest", json={"text": "x"}, headers={"Authorization": "Bearer wrong"}
    )
    assert response.status_code == 403
    _assert_envelope(response.json(), 403)


def test_ingest_body_must_hold_an_article(token_client: TestClient) -> None:
    response = token_client.post(
        "/api/ingest",
        json={"title": "no text"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422
    _assert_envelope(response.json(), 422)


def test_ingest_refuses_non_http_urls(token_client: TestClient) -> None:
    response = token_client.post(
        "/api/ingest",
        json={"url": "/etc/passwd"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422


def test_unexpected_failure_is_500_in_the_envelope(store: Store) -> None:
    app = create_app(store)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaput")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/boom")
    assert response.status_code == 500
    _assert_envelope(response.json(), 500)
    assert "kaput" not in response.text


def test_subscription_management_with_token(token_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = token_client.post(
        "/api/subscriptions",
        # An address literal: the target check needs no DNS look-up.
        json={"name": "ops", "channel": "webhook", "target": "https://93.184.215.14/x"},
        headers=auth,
    )
    assert created.status_code == 201
    listed = token_client.get("/api/subscriptions", headers=auth).json()
    assert [s["name"] for s in listed["items"]] == ["ops"]
    assert (
        token_client.delete("/api/subscriptions/ops", headers=auth).status_code == 200
    )
    assert (
        token_client.delete("/api/subscriptions/ops", headers=auth).status_code == 404
    )
