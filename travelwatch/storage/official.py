"""Applying an official feed run: versions, changes and reports.

History is append-only. Each entry that differs from its current version (by
``raw_hash``) gets a NEW ``official_versions`` row and the old one is stamped
``superseded_at``; an entry missing from a complete feed gets a ``removed``
version. Every new version is also stored as a change (what it was, what it is)
and as an official report, which the merge turns into advisories.

The caller owns the transaction: :func:`apply_feed` only writes through ``conn``,
so a failure anywhere rolls the whole source back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import StorageError
from travelwatch.models import FeedResult, OfficialItem, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.storage.advisories import insert_reports
from travelwatch.storage.schema import changes, official_versions, reports

log = logging.getLogger(__name__)

#: Kinds of change, in the order the CLI shows their counts.
CHANGE_KINDS = ("new", "raised", "lowered", "regional", "republished", "removed")


@dataclass(slots=True)
class ApplyResult:
    """What one feed run did to the store."""

    source: str
    items: int
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((*CHANGE_KINDS, "unchanged"), 0)
    )
    change_ids: list[int] = field(default_factory=list)
    issuers: set[str] = field(default_factory=set)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def regions_summary(regions: Sequence[Any]) -> list[str]:
    """Regional warnings as sorted ``"name: level"`` strings (comparable, short)."""
    out = []
    for r in regions:
        if isinstance(r, dict):
            name, level = r.get("name"), r.get("level")
        else:
            name, level = r.name, r.level
        out.append(f"{name}: {level if level is not None else '?'}")
    return sorted(out)


def _state(row: dict[str, Any]) -> dict[str, Any]:
    """The before/after snapshot a change records."""
    payload = row.get("payload") or {}
    updated = _aware(row.get("source_updated"))
    return {
        "level": row.get("level"),
        "action": row.get("action"),
        "native_level": row.get("native_level"),
        "regions": regions_summary(payload.get("regions") or []),
        "source_updated": updated.isoformat() if updated else None,
        "audience": payload.get("audience"),
        "title": payload.get("title"),
        "url": payload.get("url"),
    }


def classify(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """The kind of change from snapshot ``before`` to ``after``."""
    if before is None:
        return "new"
    old, new = before.get("level"), after.get("level")
    if old is not None and new is not None and old != new:
        return "raised" if new > old else "lowered"
    if before.get("regions") != after.get("regions"):
        return "regional"
    return "republished"


def current_versions(conn: sa.Connection, source: str) -> dict[str, dict[str, Any]]:
    """The newest version of every key of ``source`` (removed ones included)."""
    rows = conn.execute(
        sa.select(official_versions)
        .where(official_versions.c.source == source)
        .where(official_versions.c.superseded_at.is_(None))
    )
    return {r._mapping["key"]: dict(r._mapping) for r in rows}


def live_count(conn: sa.Connection, source: str) -> int:
    """How many entries of ``source`` are currently live (not removed)."""
    return sum(1 for v in current_versions(conn, source).values() if not v["removed"])


def _unique_items(items: Sequence[OfficialItem]) -> list[OfficialItem]:
    """One item per key; a clashing key is told apart by its content hash."""
    seen: set[str] = set()
    out: list[OfficialItem] = []
    for item in items:
        key = item.key
        if key in seen:
            key = f"{item.key}#{(item.raw_hash or '')[:12]}"
            log.warning(
                "feed %s repeats key %r; stored as %r", item.source, item.key, key
            )
            if key in seen:
                continue
            item = OfficialItem(
                item.source, item.advisory, key, item.title, item.raw_hash
            )
        seen.add(key)
        out.append(item)
    return out


def _report_key(conn: sa.Connection, source: str, key: str, raw_hash: str) -> str:
    base = f"feed:{source}:{key}:{raw_hash}"
    # The same text can come back (A -> B -> A); report keys must stay unique.
    taken = conn.execute(sa.select(reports.c.id).where(reports.c.key == base)).first()
    if taken is None:
        return base
    n = conn.execute(
        sa.select(sa.func.count()).where(reports.c.key.like(base + "%"))
    ).scalar_one()
    return f"{base}:{n + 1}"


def _new_id(result: sa.CursorResult[Any]) -> int:
    pk = result.inserted_primary_key
    if pk is None:
        raise StorageError("TW401", detail="insert returned no id")
    return int(pk[0])


def _insert_version(
    conn: sa.Connection,
    *,
    source: str,
    key: str,
    issuer: str,
    destination: str,
    payload: dict[str, Any],
    raw_hash: str,
    removed: bool,
    now: dt.datetime,
) -> int:
    updated = payload.get("source_updated")
    result = conn.execute(
        official_versions.insert().values(
            source=source,
            key=key,
            issuer=issuer,
            destination=destination,
            level=payload.get("level"),
            action=payload.get("action"),
            native_level=payload.get("native_level"),
            raw_hash=raw_hash,
            source_updated=dt.datetime.fromisoformat(updated) if updated else None,
            seen_at=now,
            superseded_at=None,
            removed=removed,
            payload=payload,
        )
    )
    return _new_id(result)


def _supersede(conn: sa.Connection, version_id: int, now: dt.datetime) -> None:
    conn.execute(
        official_versions.update()
        .where(official_versions.c.id == version_id)
        .values(superseded_at=now)
    )


def _insert_change(
    conn: sa.Connection,
    *,
    source: str,
    issuer: str,
    destination: str,
    kind: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    version_id: int,
    now: dt.datetime,
) -> int:
    result = conn.execute(
        changes.insert().values(
            source=source,
            issuer=issuer,
            destination=destination,
            kind=kind,
            before=before,
            after=after,
            seen_at=now,
            version_id=version_id,
        )
    )
    return _new_id(result)


def _apply_item(
    conn: sa.Connection,
    item: OfficialItem,
    previous: dict[str, Any] | None,
    now: dt.datetime,
    out: ApplyResult,
) -> None:
    adv = item.advisory
    raw_hash = item.raw_hash or ""
    if (
        previous is not None
        and not previous["removed"]
        and previous["raw_hash"] == raw_hash
    ):
        out.counts["unchanged"] += 1
        return
    destination = adv.destinations[0] if adv.destinations else ""
    if not destination:
        log.warning("feed %s entry %r has no destination code", item.source, item.key)
    payload = adv.to_dict()
    payload["key"] = item.key
    payload["title"] = item.title
    after_row = {
        "level": adv.level,
        "action": adv.action,
        "native_level": adv.native_level,
        "source_updated": adv.source_updated,
        "payload": payload,
    }
    after = _state(after_row)
    before = None
    if previous is not None and not previous["removed"]:
        before = _state(previous)
    kind = classify(before, after)
    if previous is not None:
        _supersede(conn, previous["id"], now)
    version_id = _insert_version(
        conn,
        source=out.source,
        key=item.key,
        issuer=adv.issuer,
        destination=destination,
        payload=payload,
        raw_hash=raw_hash,
        removed=False,
        now=now,
    )
    out.change_ids.append(
        _insert_change(
            conn,
            source=out.source,
            issuer=adv.issuer,
            destination=destination,
            kind=kind,
            before=before,
            after=after,
            version_id=version_id,
            now=now,
        )
    )
    published = adv.issued or (
        adv.source_updated.date() if adv.source_updated else None
    )
    report = Report(
        key=_report_key(conn, out.source, item.key, raw_hash),
        advisory=adv,
        origin=Origin.OFFICIAL,
        document_id=None,
        source=out.source,
        published=published,
        seen_at=now,
    )
    insert_reports(conn, [report], version_id=version_id)
    out.counts[kind] += 1
    out.issuers.add(adv.issuer)


def _remove(
    conn: sa.Connection, previous: dict[str, Any], now: dt.datetime, out: ApplyResult
) -> None:
    _supersede(conn, previous["id"], now)
    version_id = _insert_version(
        conn,
        source=previous["source"],
        key=previous["key"],
        issuer=previous["issuer"],
        destination=previous["destination"],
        payload=previous["payload"],
        raw_hash=previous["raw_hash"],
        removed=True,
        now=now,
    )
    # refresh_advisories withdraws reports whose version is removed; every report
    # of this entry's history must follow, or an older level would resurface.
    history = sa.select(official_versions.c.id).where(
        official_versions.c.source == previous["source"],
        official_versions.c.key == previous["key"],
        official_versions.c.id != version_id,
    )
    conn.execute(
        reports.update()
        .where(reports.c.version_id.in_(history))
        .values(version_id=version_id)
    )
    out.change_ids.append(
        _insert_change(
            conn,
            source=previous["source"],
            issuer=previous["issuer"],
            destination=previous["destination"],
            kind="removed",
            before=_state(previous),
            after=None,
            version_id=version_id,
            now=now,
        )
    )
    out.counts["removed"] += 1
    out.issuers.add(previous["issuer"])


def apply_feed(
    conn: sa.Connection,
    result: FeedResult,
    *,
    complete: bool = True,
    now: dt.datetime | None = None,
) -> ApplyResult:
    """Store what changed in ``result``; ``complete`` feeds also record removals."""
    now = now or dt.datetime.now(dt.UTC)
    items = _unique_items(result.items)
    out = ApplyResult(source=result.source, items=len(result.items))
    current = current_versions(conn, result.source)
    for item in items:
        _apply_item(conn, item, current.get(item.key), now, out)
    if complete:
        present = {item.key for item in items}
        for key in sorted(set(current) - present):
            if not current[key]["removed"]:
                _remove(conn, current[key], now, out)
    return out


def _parse_since(since: dt.datetime | dt.date | str | None) -> dt.datetime | None:
    if since is None:
        return None
    if isinstance(since, str):
        since = (
            dt.datetime.fromisoformat(since)
            if "T" in since
            else dt.date.fromisoformat(since)
        )
    if not isinstance(since, dt.datetime):
        since = dt.datetime(since.year, since.month, since.day, tzinfo=dt.UTC)
    aware = _aware(since)
    return aware.astimezone(dt.UTC) if aware else None


def change_row(row: Any) -> dict[str, Any]:
    """The API/CLI shape of one ``changes`` row."""
    m = row._mapping
    seen = _aware(m["seen_at"])
    return {
        "id": m["id"],
        "source": m["source"],
        "issuer": m["issuer"],
        "destination": m["destination"],
        "kind": m["kind"],
        "before": m["before"],
        "after": m["after"],
        "seen_at": seen.isoformat() if seen else None,
        "version_id": m["version_id"],
        # News changes (travelwatch.news.changes): origin, corroboration, baseline.
        "origin": m.get("origin") or "official",
        "corroboration": m.get("corroboration"),
        "baseline": bool(m.get("baseline")),
    }


def list_changes(
    conn: sa.Connection,
    since: dt.datetime | dt.date | str | None = None,
    issuer: str | None = None,
    to: str | None = None,
    limit: int | None = None,
    *,
    ids: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Stored changes, newest first, filtered by time, issuer and destination."""
    query = sa.select(changes).order_by(changes.c.seen_at.desc(), changes.c.id.desc())
    start = _parse_since(since)
    if start is not None:
        query = query.where(changes.c.seen_at >= start)
    if issuer:
        query = query.where(changes.c.issuer == issuer.upper())
    if to:
        code = to.upper()
        # A news change names all its destinations in advisory_key (I>A>D1,D2).
        query = query.where(
            sa.or_(
                changes.c.destination == code,
                changes.c.advisory_key.like(f"%>{code}"),
                changes.c.advisory_key.like(f"%>{code},%"),
                changes.c.advisory_key.like(f"%,{code},%"),
                changes.c.advisory_key.like(f"%,{code}"),
            )
        )
    if ids is not None:
        query = query.where(changes.c.id.in_(list(ids)))
    if limit is not None:
        query = query.limit(limit)
    return [change_row(r) for r in conn.execute(query)]
