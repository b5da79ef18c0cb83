"""Reports and the merged advisories built from them.

Reports are facts (what one document or feed item said) and are only ever added.
Merged advisories are derived: :func:`refresh_advisories` rebuilds those of the
issuers a change touched from all their reports. Because merging is deterministic,
the stored advisories are the same whatever order the reports arrived in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from travelwatch.models import Origin, advisory_from_dict
from travelwatch.pipeline.corrections import apply_corrections
from travelwatch.pipeline.merge import MergedAdvisory, Report, merge_reports
from travelwatch.storage.corrections import advisory_corrections
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    official_versions,
    reports,
)

# Serialises advisory rebuilds on PostgreSQL (any fixed 64-bit number will do).
_PG_REFRESH_LOCK = 7_311_520_002


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything travelwatch stores is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def insert_reports(
    conn: sa.Connection,
    new_reports: Sequence[Report],
    *,
    document_id: int | None = None,
    version_id: int | None = None,
) -> None:
    if not new_reports:
        return
    # One executemany for the lot: a batch's reports cost one round trip.
    conn.execute(
        reports.insert(),
        [
            {
                "key": rep.key,
                "document_id": document_id,
                "version_id": version_id,
                "origin": rep.origin.value,
                "source": rep.source,
                "issuer": rep.advisory.issuer,
                "audience": rep.advisory.audience,
                "destinations": list(rep.advisory.destinations),
                "level": rep.advisory.level,
                "action": rep.advisory.action,
                "published": rep.published,
                "seen_at": rep.seen_at,
                "payload": rep.advisory.to_dict(),
            }
            for rep in new_reports
        ],
    )


def unmerged_issuers(conn: sa.Connection) -> set[str]:
    """Issuers with reports no rebuild has merged yet (e.g. after a killed run)."""
    query = sa.select(reports.c.issuer).where(reports.c.advisory_id.is_(None))
    return {r[0] for r in conn.execute(query.distinct())}


def _row_to_report(row: Any) -> Report:
    m = row._mapping
    return Report(
        key=m["key"],
        advisory=advisory_from_dict(m["payload"]),
        origin=Origin(m["origin"]),
        document_id=m["document_id"],
        source=m["source"],
        published=m["published"],
        seen_at=_aware(m["seen_at"]) or dt.datetime.now(dt.UTC),
    )


def load_reports(conn: sa.Connection, issuers: Iterable[str]) -> list[Report]:
    codes = sorted(set(issuers))
    if not codes:
        return []
    rows = conn.execute(sa.select(reports).where(reports.c.issuer.in_(codes)))
    return [_row_to_report(r) for r in rows]


def _removed_report_keys(conn: sa.Connection, issuers: Sequence[str]) -> set[str]:
    """Keys of official reports whose feed entry is no longer live."""
    query = (
        sa.select(reports.c.key)
        .join(official_versions, official_versions.c.id == reports.c.version_id)
        .where(reports.c.issuer.in_(issuers))
        .where(official_versions.c.removed.is_(True))
    )
    return {r[0] for r in conn.execute(query)}


def _as_of(adv: MergedAdvisory) -> dt.date | None:
    """The newest date the advice is known to stand at (used to pick the current one).

    The latest, not the earliest: when a feed entry goes 4 -> 3 -> 4, the first and
    last versions form one advisory that must outrank the middle one. None when no
    report is dated: the day it was seen is not the advice's date.
    """
    dates = [r.advisory.issued or r.published for r in adv.reports]
    known = [d for d in dates if d is not None]
    if adv.issued is not None:
        known.append(adv.issued)
    return max(known) if known else None


def refresh_advisories(
    conn: sa.Connection, issuers: Iterable[str], *, window_days: int
) -> list[MergedAdvisory]:
    """Rebuild the merged advisories of ``issuers`` from their reports."""
    codes = sorted(set(issuers))
    if not codes:
        return []
    if conn.dialect.name == "postgresql":
        # Two writers rebuilding the same issuers would collide on advisory ids.
        conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({_PG_REFRESH_LOCK})"))
    merged = merge_reports(load_reports(conn, codes), window_days=window_days)
    apply_corrections(merged, advisory_corrections(conn))
    withdrawn = _removed_report_keys(conn, codes)
    conn.execute(
        advisory_destinations.delete().where(advisory_destinations.c.issuer.in_(codes))
    )
    conn.execute(advisories.delete().where(advisories.c.issuer.in_(codes)))
    # One current advisory per issuer, audience, destination and scope: a feed
    # entry for one area (the US feed's West Bank, Gaza) stands beside the others.
    latest: dict[tuple[str, str, str, str], tuple[tuple[Any, ...], str]] = {}
    for adv in merged:
        as_of = _as_of(adv)
        # A dismissed advisory stays on record but is never current.
        live = not adv.dismissed and any(r.key not in withdrawn for r in adv.reports)
        conn.execute(
            advisories.insert().values(
                id=adv.id,
                issuer=adv.issuer,
                audience=adv.audience,
                destinations=list(adv.destinations),
                level=adv.level,
                action=adv.action,
                official=adv.official,
                report_count=len(adv.reports),
                first_seen=adv.first_seen,
                last_seen=adv.last_seen,
                as_of=as_of,
                current=False,
                payload=adv.to_dict(),
            )
        )
        conn.execute(
            reports.update()
            .where(reports.c.key.in_([r.key for r in adv.reports]))
            .values(advisory_id=adv.id)
        )
        for code in sorted(set(adv.destinations)):
            conn.execute(
                advisory_destinations.insert().values(
                    advisory_id=adv.id,
                    code=code,
                    issuer=adv.issuer,
                    audience=adv.audience,
                    level=adv.level,
                    current=False,
                )
            )
            if not live:
                continue
            # Newest advice wins and undated advice ranks below every dated one;
            # an official record beats news unless the news is dated after it;
            # then the better-reported one, then the stronger (the safer to show).
            # Never arrival time: the same reports in any order (or from racing
            # writers) must pick the same advisory.
            rank = (
                as_of is not None,
                as_of or dt.date.min,
                adv.official,
                len(adv.reports),
                adv.level or 0,
                adv.id,
            )
            pair = (adv.issuer, adv.audience, code, adv.scope or "")
            if pair not in latest or rank > latest[pair][0]:
                latest[pair] = (rank, adv.id)
    current_ids = {adv_id for _, adv_id in latest.values()}
    for (_issuer, _audience, code, _scope), (_, adv_id) in latest.items():
        conn.execute(
            advisory_destinations.update()
            .where(advisory_destinations.c.advisory_id == adv_id)
            .where(advisory_destinations.c.code == code)
            .values(current=True)
        )
    if current_ids:
        conn.execute(
            advisories.update()
            .where(advisories.c.id.in_(sorted(current_ids)))
            .values(current=True)
        )
    return merged
