"""Source health as the surfaces show it: every feed, and the warnings to put on a page.

A page whose advice comes from a failed or stale official feed says so, with the
feed's own date ("US feed: last success 3 days ago"), so that old data is never
read as today's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from travelwatch.news.sources import source_health as news_health
from travelwatch.settings import Settings
from travelwatch.storage.sources import source_health

_TROUBLE = ("stale", "failed", "suspect")


def _issuers() -> dict[str, str]:
    from travelwatch.connectors import available_connectors, get_connector

    out: dict[str, str] = {}
    for registered in available_connectors():
        connector = get_connector(registered)
        issuer = getattr(connector, "issuer", None)
        if issuer:
            out[connector.name] = str(issuer)
    return out


def ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    """ "3 days ago", "5 hours ago", "just now" (or "never")."""
    if moment is None:
        return "never"
    seconds = max(0.0, (now - moment).total_seconds())
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def until(moment: dt.datetime | None, now: dt.datetime) -> str:
    """ "in 3 hours", "in 5 minutes", or "due now": a source without a next due
    time (never run) or past it is synced or polled by the next ``watch`` run."""
    if moment is None:
        return "due now"
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "due now"
    # Rounded, not cut as ago() does: 1 h 59 min ahead is "in 2 hours".
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            n = round(seconds / size)
            return f"in {n} {unit}{'s' if n != 1 else ''}"
    return "in under a minute"


def _timing(row: dict[str, Any], now: dt.datetime) -> None:
    row["success_ago"] = ago(row["last_success"], now)
    row["attempt_ago"] = ago(row["last_attempt"], now)
    row["due_in"] = until(row["next_due"], now)


def sources_view(
    conn: sa.Connection, *, stale_after_hours: float, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Every official source with its issuer, status, how long ago it worked, its
    failures in a row and when it is next due (``due_in``: "in 2 hours")."""
    now = now or dt.datetime.now(dt.UTC)
    issuers = _issuers()
    rows = source_health(conn, stale_after_hours=stale_after_hours, now=now)
    for row in rows:
        row["issuer"] = issuers.get(row["name"])
        _timing(row, now)
    return rows


def news_sources_view(
    conn: sa.Connection, settings: Settings, *, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Every news source with its health (status ``ok``, ``failed``, ``stale`` after
    ``poll.stale_after_hours`` without success, or ``never``), counters, how
    long ago it was tried and worked, and when it is next due, as for
    :func:`sources_view`."""
    now = now or dt.datetime.now(dt.UTC)
    rows = news_health(conn, settings, now=now)
    for row in rows:
        _timing(row, now)
    return rows


def source_banners(
    conn: sa.Connection,
    *,
    stale_after_hours: float,
    issuers: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Warnings for a page showing advice from ``issuers`` (None: any issuer).

    Only sources with data in the store count: a feed never synced has nothing
    on the page to warn about (the sources page lists it as ``never``).
    """
    wanted = {i.upper() for i in issuers} if issuers is not None else None
    out = []
    for row in sources_view(conn, stale_after_hours=stale_after_hours, now=now):
        if row["status"] not in _TROUBLE or row["last_success"] is None:
            continue
        if wanted is not None and row["issuer"] not in wanted:
            continue
        label = f"{row['issuer'] or row['name'].upper()} feed"
        when = row["last_success"].strftime("%Y-%m-%d %H:%M UTC")
        text = f"{label}: last success {row['success_ago']} ({when})"
        if row["status"] == "failed":
            text += f"; the last sync failed: {row['last_error']}"
        elif row["status"] == "suspect":
            text += "; the last run was held back as suspect"
        text += ". Its advice shown here may be out of date."
        out.append({**row, "text": text})
    return out
