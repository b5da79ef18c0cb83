"""Issue 15: secrets stay out of logs, the token can come from a file, no framing,
and links from feed content are http(s) only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from travelwatch.alerts.atom import _http_link
from travelwatch.api import create_app
from travelwatch.settings import load_settings
from travelwatch.storage.db import redact_url
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)


def test_database_passwords_are_redacted() -> None:
    url = "postgresql+psycopg://tw:s3cret@db.example/tw"
    assert "s3cret" not in redact_url(url)
    assert redact_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_token_can_come_from_a_file(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-a-file\n", encoding="utf-8")
    settings = load_settings(
        {"db": str(tmp_path / "t.db"), "api.token_file": str(token_file)}
    )
    store = Store(settings=settings)
    body = {"name": "x", "channel": "email", "target": "ops@example.org"}
    try:
        with TestClient(create_app(store)) as client:
            wrong = client.post(
                "/api/subscriptions", json=body, headers={"Authorization": "Bearer no"}
            )
            right = client.post(
                "/api/subscriptions",
                json=body,
                headers={"Authorization": "Bearer from-a-file"},
            )
    finally:
        store.close()
    assert (wrong.status_code, right.status_code) == (403, 201)


def test_token_can_come_from_the_environment() -> None:
    settings = load_settings({}, environ={"TRAVELWATCH_API_TOKEN": "env-token"})
    assert settings["api.token"] == "env-token"


def test_pages_may_not_be_framed(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://travel.example/x", True),
        ("http://travel.example/x", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("vbscript:x", False),
        ("//elsewhere.example/x", False),
    ],
)
def test_atom_links_are_http_only(url: str, kept: bool) -> None:
    assert (_http_link(url) is not None) is kept
