"""An official feed's health row keeps its schedule: failures in a row, next due
time (migration 0009), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from travelwatch.settings import load_settings
from travelwatch.storage import sources
from travelwatch.storage.db import _alembic_config, migrate
from travelwatch.storage.store import Store

AT = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        db = str(request.getfixturevalue("pg_url"))
    else:
        db = str(tmp_path / "sources.db")
    with Store(settings=load_settings({"db": db}, environ={})) as s:
        yield s


def _row(store: Store, name: str = "us") -> dict[str, object]:
    with store.connect() as conn:
        return sources.get_source(conn, name) or {}


def test_failures_in_a_row_are_counted_and_a_success_resets_them(
    store: Store,
) -> None:
    with store.begin() as conn:
        counted = [
            sources.record_failure(conn, "us", at=AT, error="TW201 us: HTTP 503")
            for _ in range(3)
        ]
    assert (counted, _row(store)["failures"]) == ([1, 2, 3], 3)
    with store.begin() as conn:
        sources.record_success(conn, "us", at=AT, item_count=5)
    assert _row(store)["failures"] == 0


def test_the_next_due_time_is_stored_as_given_in_utc(store: Store) -> None:
    due = AT + dt.timedelta(hours=2)
    with store.begin() as conn:
        sources.record_success(conn, "us", at=AT, item_count=5)
        sources.record_next_due(conn, "us", due)
    assert _row(store)["next_due"] == due
    # A run stores health; only the schedule moves the next due time.
    with store.begin() as conn:
        sources.record_failure(conn, "us", at=AT, error="TW201 us: HTTP 503")
    assert _row(store)["next_due"] == due


def test_health_lists_failures_and_next_due(store: Store) -> None:
    with store.begin() as conn:
        sources.record_failure(conn, "us", at=AT, error="TW201 us: HTTP 503")
        sources.record_next_due(conn, "us", AT + dt.timedelta(hours=2))
        health = {
            h["name"]: h
            for h in sources.source_health(conn, stale_after_hours=48, now=AT)
        }
    assert (health["us"]["failures"], health["us"]["next_due"]) == (
        1,
        AT + dt.timedelta(hours=2),
    )
    # Never synced: no failures, no next due (the next watch run takes it).
    assert (health["uk"]["failures"], health["uk"]["next_due"]) == (0, None)


def test_migration_0009_counts_a_failing_feed_once_and_goes_down_and_up(
    store: Store,
) -> None:
    engine = store.engine
    with engine.connect() as conn, conn.begin():
        command.downgrade(_alembic_config(conn), "0008")
    old = sa.table(
        "sources",
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("suspect", sa.Boolean),
        sa.column("last_error", sa.Text),
    )
    with engine.begin() as conn:
        assert "failures" not in {
            c["name"] for c in sa.inspect(conn).get_columns("sources")
        }
        conn.execute(
            old.insert(),
            [
                {
                    "name": "us",
                    "kind": "official",
                    "suspect": False,
                    "last_error": None,
                },
                {
                    "name": "uk",
                    "kind": "official",
                    "suspect": False,
                    "last_error": "TW201 uk: HTTP 503",
                },
            ],
        )
    migrate(engine)
    assert (_row(store, "us")["failures"], _row(store, "uk")["failures"]) == (0, 1)
    assert _row(store, "uk")["next_due"] is None
