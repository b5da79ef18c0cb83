"""Correcting the record: dismiss, override, restore, delete, re-extract (#13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from advisory_store import Filled, fill
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from travelwatch import corrections, queries
from travelwatch.api import create_app
from travelwatch.cli import commands  # noqa: F401
from travelwatch.cli.app import app
from travelwatch.errors import ConfigError, InputError
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.corrections import list_corrections
from travelwatch.storage.schema import documents, reports
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(13)
TOKEN = "test-token-123"


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


def _current(store: Store, issuer: str, dest: str) -> list[dict]:
    with store.connect() as conn:
        return queries.list_advisories(conn, issuer=issuer, destination=dest).items


def test_dismissed_advisory_is_never_current_but_kept(filled: Filled) -> None:
    store = filled.store
    adv_id = filled.advisory_id_of("CA", "HT")
    corrections.correct_advisory(
        store, adv_id, "dismiss", reason="misread", actor="ana"
    )
    assert _current(store, "CA", "HT") == []
    with store.connect() as conn:
        kept = queries.get_advisory(conn, adv_id)
        trail = list_corrections(conn, target=adv_id)
    assert kept is not None and kept["correction"]["action"] == "dismiss"
    assert kept["reports"]  # the original reports stay
    assert [(t["action"], t["actor"], t["reason"]) for t in trail] == [
        ("dismiss", "ana", "misread")
    ]


def test_override_changes_the_level_and_keeps_the_original(filled: Filled) -> None:
    store = filled.store
    adv_id = filled.advisory_id_of("CA", "HT")
    corrections.correct_advisory(store, adv_id, "override", level=3, reason="x")
    (adv,) = _current(store, "CA", "HT")
    assert adv["level"] == 3 and adv["correction"]["original_level"] == 4


def test_restore_undoes_and_the_trail_keeps_both(filled: Filled) -> None:
    store = filled.store
    adv_id = filled.advisory_id_of("CA", "HT")
    corrections.correct_advisory(store, adv_id, "dismiss", reason="a")
    corrections.correct_advisory(store, adv_id, "restore", reason="b")
    (adv,) = _current(store, "CA", "HT")
    assert adv["level"] == 4 and adv["correction"] is None
    with store.connect() as conn:
        assert len(list_corrections(conn, target=adv_id)) == 2


@pytest.mark.parametrize(
    ("action", "kwargs", "error"),
    [
        ("dismiss", {"reason": " "}, ConfigError),
        ("override", {"reason": "x"}, ConfigError),
        ("explode", {"reason": "x"}, ConfigError),
    ],
)
def test_bad_corrections_are_refused(
    filled: Filled, action: str, kwargs: dict, error: type
) -> None:
    with pytest.raises(error):
        corrections.correct_advisory(
            filled.store, filled.advisory_id_of("CA", "HT"), action, **kwargs
        )


def test_unknown_advisory_is_not_found(filled: Filled) -> None:
    with pytest.raises(InputError):
        corrections.correct_advisory(filled.store, "adv:none", "dismiss", reason="x")


def test_delete_document_removes_it_and_its_reports(filled: Filled) -> None:
    store = filled.store
    doc_id = filled.doc_ids["ca_ht"]
    done = corrections.delete_document(store, doc_id, reason="satire")
    assert done["reports_deleted"] == 1
    with store.connect() as conn:
        left = conn.execute(
            sa.select(sa.func.count()).where(reports.c.document_id == doc_id)
        ).scalar_one()
        gone = conn.execute(
            sa.select(documents.c.id).where(documents.c.id == doc_id)
        ).first()
        trail = list_corrections(conn, target=str(doc_id))
    assert (left, gone) == (0, None)
    assert _current(store, "CA", "HT") == []
    assert trail[0]["action"] == "delete" and trail[0]["detail"]["title"]


def test_reextract_reports_what_changed(store: Store) -> None:
    text = (
        "Oslo, 3 March 2026. Norway's foreign ministry on Tuesday told citizens to "
        "avoid all travel to Transnistria."
    )
    list(ingest_articles(store, [Article(text=text, source="a.txt")]))
    with store.begin() as conn:  # as an older extractor that found nothing
        conn.execute(reports.delete())
    summary = corrections.reextract(store)
    assert (summary.documents, summary.changed, summary.reports_after) == (1, 1, 1)
    assert summary.changes[0]["added"] and not summary.changes[0]["removed"]
    again = corrections.reextract(store, since=dt.date(2000, 1, 1))
    assert (again.changed, again.unchanged) == (0, 1)


def test_cli_dismiss_and_corrections(filled: Filled) -> None:
    db = filled.store.settings.db
    adv_id = filled.advisory_id_of("CA", "HT")
    runner = CliRunner()
    result = runner.invoke(app, ["dismiss", adv_id, "--reason", "misread", "--db", db])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["corrections", "--db", db, "--format", "json"])
    assert '"dismiss"' in listed.stdout
    missing = runner.invoke(app, ["dismiss", "adv:none", "--reason", "x", "--db", db])
    assert missing.exit_code == 1 and "TW113" in missing.stderr


@pytest.fixture
def token_client(filled: Filled) -> Iterator[TestClient]:
    store = Store(
        settings=load_settings({"db": filled.store.settings.db, "api.token": TOKEN})
    )
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c
    store.close()


def test_advisory_page_form_needs_the_token(
    filled: Filled, token_client: TestClient
) -> None:
    adv_id = filled.advisory_id_of("CA", "HT")
    form = {"action": "dismiss", "reason": "misread", "token": "wrong"}
    refused = token_client.post(f"/advisories/{adv_id}/correct", data=form)
    assert refused.status_code == 403
    assert "Write token" in token_client.get(f"/advisories/{adv_id}").text
    form["token"] = TOKEN
    done = token_client.post(
        f"/advisories/{adv_id}/correct", data=form, follow_redirects=False
    )
    assert done.status_code == 303
    page = token_client.get(f"/advisories/{adv_id}").text
    assert "Dismissed by an analyst" in page and "misread" in page


def test_api_correction_and_delete(filled: Filled, token_client: TestClient) -> None:
    adv_id = filled.advisory_id_of("CA", "HT")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = token_client.post(
        f"/api/advisories/{adv_id}/corrections",
        json={"action": "override", "level": 2, "reason": "x"},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    assert (
        token_client.post(
            f"/api/advisories/{adv_id}/corrections",
            json={"action": "dismiss", "reason": "x"},
        ).status_code
        == 401
    )
    doc_id = filled.doc_ids["ca_ht"]
    deleted = token_client.delete(f"/api/documents/{doc_id}?reason=spam", headers=auth)
    assert deleted.status_code == 200 and deleted.json()["reports_deleted"] == 1
    trail = token_client.get("/api/corrections").json()["items"]
    assert [t["action"] for t in trail][:2] == ["delete", "override"]


def test_advisory_page_title_is_the_advice_and_the_form_appears_once(
    filled: Filled, token_client: TestClient
) -> None:
    import re

    page = token_client.get(f"/advisories/{filled.advisory_id_of('CA', 'HT')}").text
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and title.group(1) == "CA → HT · travelwatch"
    assert page.count('<form class="correct"') == 1
    assert page.count("<h2>Corrections</h2>") == 1
