"""Registered news sources: the registry, their health and the entries seen.

A source is registered with ``travelwatch news add`` (origin ``cli``) or as a
``[[news]]`` table in ``travelwatch.toml`` (origin ``config``, brought in each time
sources are polled). Health follows the official sources' rules: a source that
failed or has not succeeded for ``news.stale_after_hours`` is ``failed``/``stale``,
never read as "nothing happened".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from travelwatch.errors import ConfigError, InputError
from travelwatch.feed_schedule import parse_interval
from travelwatch.ingest.fetch import check_url
from travelwatch.settings import Settings
from travelwatch.storage.schema import documents, news_entries, news_sources

__all__ = [
    "add_source",
    "get_source",
    "known_entries",
    "list_sources",
    "record_entry",
    "record_poll",
    "remove_source",
    "source_health",
    "sync_config",
]

_NAME = re.compile(r"[^a-z0-9]+")


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def default_name(url: str) -> str:
    """``news.example.org/world/rss`` → ``news-example-org-world-rss``."""
    parts = urlsplit(url)
    base = (parts.netloc + parts.path) if parts.netloc else Path(url).stem
    return _NAME.sub("-", base.lower()).strip("-")[:200] or "news"


def check_source_url(url: str, settings: Settings) -> str:
    """An http(s) URL (checked like any fetch) or an existing local file."""
    if "://" not in url:
        path = Path(url)
        if not path.is_file():
            raise InputError("TW106", source=url, detail="no such file")
        return str(path.resolve())
    check_url(url, source=url, allow_private=bool(settings["http.allow_private"]))
    return url


def _row(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    for col in ("created_at", "last_attempt", "last_success", "next_due"):
        data[col] = _aware(data[col])
    return data


def get_source(conn: sa.Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(
        sa.select(news_sources).where(news_sources.c.name == name)
    ).first()
    return _row(row) if row is not None else None


def list_sources(conn: sa.Connection) -> list[dict[str, Any]]:
    return [
        _row(r)
        for r in conn.execute(sa.select(news_sources).order_by(news_sources.c.name))
    ]


def add_source(
    conn: sa.Connection,
    url: str,
    *,
    settings: Settings,
    name: str | None = None,
    language: str | None = None,
    every_seconds: float | None = None,
    origin: str = "cli",
) -> dict[str, Any]:
    """Register (or update) a source; the URL is checked now, not at the first poll."""
    checked = check_source_url(url, settings)
    every = every_seconds or parse_interval(str(settings["poll.every"]))
    if every < 1:
        raise ConfigError("TW002", name="--every", reason="at least one second")
    name = name or default_name(url)
    values = {
        "url": checked,
        "language": language.lower() if language else None,
        "every_seconds": int(every),
        "origin": origin,
    }
    existing = get_source(conn, name)
    if existing is None:
        conn.execute(
            news_sources.insert().values(
                name=name, created_at=dt.datetime.now(dt.UTC), **values
            )
        )
    else:
        if existing["url"] != checked:
            # Another feed under the same name: its validators and schedule go.
            values.update(etag=None, last_modified=None, next_due=None)
        conn.execute(
            news_sources.update().where(news_sources.c.name == name).values(**values)
        )
    found = get_source(conn, name)
    if found is None:  # pragma: no cover - written just above
        raise ConfigError("TW002", name="news source", reason="not stored")
    return found


def remove_source(conn: sa.Connection, name: str) -> bool:
    conn.execute(news_entries.delete().where(news_entries.c.source == name))
    return (
        conn.execute(news_sources.delete().where(news_sources.c.name == name)).rowcount
        > 0
    )


def sync_config(conn: sa.Connection, settings: Settings) -> list[str]:
    """Register every ``[[news]]`` table of the settings; returns their names."""
    names = []
    for n, table in enumerate(settings["news"] or (), 1):
        if not isinstance(table, Mapping) or not table.get("url"):
            raise ConfigError("TW002", name=f"news[{n}]", reason="needs a url")
        every = table.get("every")
        added = add_source(
            conn,
            str(table["url"]),
            settings=settings,
            name=table.get("name"),
            language=table.get("language"),
            every_seconds=parse_interval(str(every)) if every else None,
            origin="config",
        )
        names.append(str(added["name"]))
    return names


def record_poll(
    conn: sa.Connection,
    name: str,
    *,
    at: dt.datetime,
    next_due: dt.datetime,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    entries_seen: int = 0,
    articles_stored: int = 0,
) -> None:
    """One poll's result: health, validators, counters and when to poll again."""
    values: dict[str, Any] = {
        "last_attempt": at,
        "next_due": next_due,
        "last_error": error,
        "entries_seen": news_sources.c.entries_seen + entries_seen,
        "articles_stored": news_sources.c.articles_stored + articles_stored,
    }
    if error is None:
        values["last_success"] = at
        values["failures"] = 0
    else:
        values["failures"] = news_sources.c.failures + 1
    if etag is not None:
        values["etag"] = etag
    if last_modified is not None:
        values["last_modified"] = last_modified
    conn.execute(
        news_sources.update().where(news_sources.c.name == name).values(**values)
    )


def known_entries(
    conn: sa.Connection, source: str, keys: Iterable[str], urls: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Entry keys this source has seen, and URLs any source (or ingest) stored."""
    keys, urls = list(keys), [u for u in urls if u]
    seen = set(
        conn.execute(
            sa.select(news_entries.c.entry_key).where(
                news_entries.c.source == source, news_entries.c.entry_key.in_(keys)
            )
        ).scalars()
    )
    stored = set(
        conn.execute(
            sa.select(news_entries.c.url).where(
                news_entries.c.url.in_(urls),
                news_entries.c.status.in_(("stored", "duplicate", "unchanged")),
            )
        ).scalars()
    ) | set(
        conn.execute(
            sa.select(documents.c.url).where(documents.c.url.in_(urls))
        ).scalars()
    )
    return seen, {u for u in stored if u}


def record_entry(
    conn: sa.Connection,
    source: str,
    key: str,
    *,
    url: str | None,
    status: str,
    document_id: int | None,
    at: dt.datetime,
) -> None:
    conn.execute(
        news_entries.insert().values(
            source=source,
            entry_key=key,
            url=url,
            status=status,
            document_id=document_id,
            seen_at=at,
        )
    )


def _status(row: dict[str, Any], now: dt.datetime, stale_after: dt.timedelta) -> str:
    if row.get("last_error"):
        return "failed"
    last = row.get("last_success")
    if last is None:
        return "never"
    return "stale" if now - last > stale_after else "ok"


def source_health(
    conn: sa.Connection, settings: Settings, *, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """One dict per news source, in the shape of the official sources' health."""
    now = now or dt.datetime.now(dt.UTC)
    stale_after = dt.timedelta(hours=float(settings["poll.stale_after_hours"]))
    return [
        {
            "name": row["name"],
            "kind": "news",
            "status": _status(row, now, stale_after),
            "last_attempt": row["last_attempt"],
            "last_success": row["last_success"],
            "item_count": row["entries_seen"],
            "last_error": row["last_error"],
            "url": row["url"],
            "every_seconds": row["every_seconds"],
            "entries_seen": row["entries_seen"],
            "articles_stored": row["articles_stored"],
            "failures": row["failures"],
            "next_due": row["next_due"],
        }
        for row in list_sources(conn)
    ]
