"""Source health: when each official feed was last tried, last worked and why not,
its failures in a row and when it is next due.

A failed or stale source keeps its last good data; what changes is the status the
surfaces show, so that a silent feed is reported as ``failed``/``stale`` and never
read as "no warnings".

The schedule is stored here, not decided: :mod:`travelwatch.feed_schedule` says
when a feed is next due, and this module keeps what it said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from travelwatch.storage.schema import sources

STATUSES = ("ok", "stale", "failed", "suspect", "never")


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; travelwatch stores UTC only.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def get_source(conn: sa.Connection, name: str) -> dict[str, Any] | None:
    """The health row of ``name`` (datetimes timezone-aware), or None."""
    row = conn.execute(sa.select(sources).where(sources.c.name == name)).first()
    if row is None:
        return None
    data = dict(row._mapping)
    for col in ("last_attempt", "last_success", "next_due"):
        data[col] = _aware(data[col])
    return data


def _upsert(conn: sa.Connection, name: str, kind: str, values: dict[str, Any]) -> None:
    if get_source(conn, name) is None:
        conn.execute(
            sources.insert().values(
                **{"suspect": False, **values, "name": name, "kind": kind}
            )
        )
    else:
        conn.execute(sources.update().where(sources.c.name == name).values(**values))


def record_success(
    conn: sa.Connection,
    name: str,
    *,
    at: dt.datetime,
    item_count: int | None,
    etag: str | None = None,
    last_modified: str | None = None,
    kind: str = "official",
    data_at: dt.datetime | None = None,
) -> None:
    """A run that worked: clears the error, the suspect flag and the failures.

    ``item_count`` None (a 304 Not Modified) keeps the previous count; the
    validators are only replaced when the server sent new ones. ``data_at`` is
    the date of a recorded file's content: its success is as old as its data.
    """
    values: dict[str, Any] = {
        "last_attempt": at,
        "last_success": data_at or at,
        "last_error": None,
        "suspect": False,
        "failures": 0,
    }
    if item_count is not None:
        values["item_count"] = item_count
    if etag is not None:
        values["etag"] = etag
    if last_modified is not None:
        values["last_modified"] = last_modified
    _upsert(conn, name, kind, values)


def record_failure(
    conn: sa.Connection,
    name: str,
    *,
    at: dt.datetime,
    error: str,
    suspect: bool = False,
    kind: str = "official",
) -> int:
    """A run that failed or was held back; the last success and count stay.

    Returns the source's failures in a row, this one included."""
    before = get_source(conn, name) or {}
    failures = int(before.get("failures") or 0) + 1
    _upsert(
        conn,
        name,
        kind,
        {
            "last_attempt": at,
            "last_error": error,
            "suspect": suspect,
            "failures": failures,
        },
    )
    return failures


def record_next_due(conn: sa.Connection, name: str, next_due: dt.datetime) -> None:
    """When the source is next due (UTC), as its schedule decided after a run."""
    conn.execute(
        sources.update().where(sources.c.name == name).values(next_due=next_due)
    )


def _status(row: dict[str, Any], now: dt.datetime, stale_after: dt.timedelta) -> str:
    if row.get("suspect"):
        return "suspect"
    if row.get("last_error"):
        return "failed"
    last_success = row.get("last_success")
    if last_success is None:
        return "never"
    if now - last_success > stale_after:
        return "stale"
    return "ok"


def source_health(
    conn: sa.Connection,
    *,
    stale_after_hours: float | None = None,
    expected: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """One dict per official source: name, kind, status, the health columns,
    its failures in a row and when it is next due (None: never scheduled).

    ``expected`` names sources to list even when they were never synced (default:
    every registered connector); ``stale_after_hours`` defaults to the setting
    ``feeds.stale_after_hours``.
    """
    if stale_after_hours is None:
        from travelwatch.settings import load_settings

        stale_after_hours = float(load_settings()["feeds.stale_after_hours"])
    if expected is None:
        from travelwatch.connectors import available_connectors, get_connector

        expected = [get_connector(n).name for n in available_connectors()]
    now = now or dt.datetime.now(dt.UTC)
    stale_after = dt.timedelta(hours=stale_after_hours)
    rows = {
        r["name"]: r
        for r in (
            get_source(conn, name)
            for name in conn.execute(
                sa.select(sources.c.name).where(sources.c.kind == "official")
            ).scalars()
        )
        if r is not None
    }
    for name in expected:
        rows.setdefault(name, {"name": name, "kind": "official"})
    out = []
    for name in sorted(rows):
        row = rows[name]
        out.append(
            {
                "name": name,
                "kind": row.get("kind", "official"),
                "status": _status(row, now, stale_after),
                "last_attempt": row.get("last_attempt"),
                "last_success": row.get("last_success"),
                "item_count": row.get("item_count"),
                "last_error": row.get("last_error"),
                "failures": row.get("failures") or 0,
                "next_due": row.get("next_due"),
            }
        )
    return out
