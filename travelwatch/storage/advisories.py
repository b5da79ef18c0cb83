"""Reports and the merged advisories built from them.

Reports are facts (what one document or feed item said) and are only ever added.
Merged advisories are derived, two ways that give the same rows:

* :func:`merge_new_reports` (ingest): the reports no merge has seen yet join or
  start advisories one greedy step each, reading and writing only the advisories
  around them; a report that arrives after newer ones at its destinations
  regroups the advisories connected to it instead.
* :func:`refresh_advisories` (official syncs, corrections): every advisory of the
  given issuers is rebuilt from all their reports.

What to merge and which advisory is current are decided in the pipeline
(:mod:`travelwatch.pipeline.merge`, :mod:`travelwatch.pipeline.current`); this
module loads and writes. Because both decisions are deterministic, the stored
advisories are the same whatever order the reports arrived in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from travelwatch.models import Origin, advisory_from_dict
from travelwatch.pipeline import incremental
from travelwatch.pipeline.corrections import Correction, apply_corrections
from travelwatch.pipeline.current import CurrentAdvice, choose_current
from travelwatch.pipeline.merge import MergedAdvisory, Report, canonical, merge_reports
from travelwatch.storage.corrections import advisory_corrections
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    advisory_places,
    official_versions,
    reports,
)

_T = TypeVar("_T")

# Rows per statement for IN lists and executemany (well under SQLite's limits).
_CHUNK = 500

Place = tuple[str, str, str]  # issuer, audience, destination


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
    version_id: int | None = None,
) -> None:
    """Add reports, unmerged (``advisory_id`` NULL until a merge takes them); each
    keeps its own document (``Report.document_id``), a feed's its ``version_id``."""
    rows = [
        {
            "key": rep.key,
            "document_id": rep.document_id,
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
    ]
    for chunk in _chunks(rows):
        conn.execute(reports.insert(), list(chunk))


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


def load_unmerged(conn: sa.Connection) -> list[Report]:
    """Reports no merge has taken yet: this run's, or a killed run's."""
    rows = conn.execute(sa.select(reports).where(reports.c.advisory_id.is_(None)))
    return [_row_to_report(r) for r in rows]


def load_advisory_reports(conn: sa.Connection, ids: Collection[str]) -> list[Report]:
    """Every report of the advisories ``ids``."""
    out: list[Report] = []
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(sa.select(reports).where(reports.c.advisory_id.in_(chunk)))
        out.extend(_row_to_report(r) for r in rows)
    return out


def _advisories_at(conn: sa.Connection, places: Collection[Place]) -> set[str]:
    by_group: dict[tuple[str, str], list[str]] = {}
    for issuer, audience, code in places:
        by_group.setdefault((issuer, audience), []).append(code)
    found: set[str] = set()
    ap = advisory_places
    for (issuer, audience), codes in sorted(by_group.items()):
        for chunk in _chunks(sorted(codes)):
            rows = conn.execute(
                sa.select(ap.c.advisory_id)
                .where(ap.c.issuer == issuer)
                .where(ap.c.audience == audience)
                .where(ap.c.code.in_(chunk))
            )
            found.update(r[0] for r in rows)
    return found


def _places_of(conn: sa.Connection, ids: Collection[str]) -> set[Place]:
    ap = advisory_places
    out: set[Place] = set()
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(
            sa.select(ap.c.issuer, ap.c.audience, ap.c.code).where(
                ap.c.advisory_id.in_(chunk)
            )
        )
        out.update((r[0], r[1], r[2]) for r in rows)
    return out


def connected_advisories(conn: sa.Connection, places: Collection[Place]) -> set[str]:
    """Ids of the stored advisories a report at ``places`` can affect.

    Grouping needs the same issuer and audience and a shared destination, so a new
    report can only change the advisories at its places, and, through them, those
    sharing a place with those: the closure, followed here through
    ``advisory_places``. Everything outside it merges the same with or without the
    report (see :func:`travelwatch.pipeline.merge.add_report`).
    """
    seen: set[Place] = set(places)
    frontier = set(places)
    found: set[str] = set()
    while frontier:
        fresh = _advisories_at(conn, frontier) - found
        if not fresh:
            break
        found |= fresh
        frontier = _places_of(conn, fresh) - seen
        seen |= frontier
    return found


def withdrawn_keys(conn: sa.Connection, keys: Collection[str]) -> set[str]:
    """Those of ``keys`` that are official reports whose feed entry is gone."""
    out: set[str] = set()
    for chunk in _chunks(sorted(keys)):
        query = (
            sa.select(reports.c.key)
            .join(official_versions, official_versions.c.id == reports.c.version_id)
            .where(reports.c.key.in_(chunk))
            .where(official_versions.c.removed.is_(True))
        )
        out.update(r[0] for r in conn.execute(query))
    return out


def _places(adv: MergedAdvisory) -> list[str]:
    named = {d for r in adv.reports for d in r.advisory.destinations}
    return sorted(named | set(adv.destinations))


def write_advisories(
    conn: sa.Connection,
    merged: Sequence[MergedAdvisory],
    current: CurrentAdvice,
    *,
    replacing_ids: Collection[str] = (),
    replacing_issuers: Collection[str] = (),
) -> None:
    """Replace stored advisories by ``merged``, with the current flags as decided.

    The advisories ``replacing_ids`` and those of ``replacing_issuers`` go (with
    their destination and place rows); ``merged`` goes in; every report of
    ``merged`` points at its advisory.
    """
    tables = (advisory_destinations, advisory_places, advisories)
    if replacing_issuers:
        codes = sorted(set(replacing_issuers))
        for table in tables:
            conn.execute(table.delete().where(table.c.issuer.in_(codes)))
    for chunk in _chunks(sorted(set(replacing_ids))):
        conn.execute(
            advisory_destinations.delete().where(
                advisory_destinations.c.advisory_id.in_(chunk)
            )
        )
        conn.execute(
            advisory_places.delete().where(advisory_places.c.advisory_id.in_(chunk))
        )
        conn.execute(advisories.delete().where(advisories.c.id.in_(chunk)))
    adv_rows: list[dict[str, Any]] = []
    dest_rows: list[dict[str, Any]] = []
    place_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for adv in merged:
        adv_rows.append(
            {
                "id": adv.id,
                "issuer": adv.issuer,
                "audience": adv.audience,
                "destinations": list(adv.destinations),
                "level": adv.level,
                "action": adv.action,
                "official": adv.official,
                "report_count": len(adv.reports),
                "first_seen": adv.first_seen,
                "last_seen": adv.last_seen,
                "as_of": current.as_of.get(adv.id),
                "current": adv.id in current.ids,
                "payload": adv.to_dict(),
                "summary": adv.summary_dict(),
            }
        )
        for code in sorted(set(adv.destinations)):
            dest_rows.append(
                {
                    "advisory_id": adv.id,
                    "code": code,
                    "issuer": adv.issuer,
                    "audience": adv.audience,
                    "level": adv.level,
                    "current": (adv.id, code) in current.pairs,
                }
            )
        for code in _places(adv):
            place_rows.append(
                {
                    "advisory_id": adv.id,
                    "code": code,
                    "issuer": adv.issuer,
                    "audience": adv.audience,
                }
            )
        links.extend({"k": r.key, "a": adv.id} for r in adv.reports)
    for table, rows in (
        (advisories, adv_rows),
        (advisory_destinations, dest_rows),
        (advisory_places, place_rows),
    ):
        for part in _chunks(rows):
            conn.execute(table.insert(), list(part))
    link = (
        reports.update()
        .where(reports.c.key == sa.bindparam("k"))
        .values(advisory_id=sa.bindparam("a"))
    )
    for part in _chunks(links):
        conn.execute(link, list(part))


def _lock(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        # Two writers rebuilding the same issuers would collide on advisory ids.
        conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({_PG_REFRESH_LOCK})"))


def _merge(
    conn: sa.Connection, members: list[Report], window_days: int
) -> tuple[list[MergedAdvisory], CurrentAdvice]:
    merged = merge_reports(members, window_days=window_days)
    apply_corrections(merged, advisory_corrections(conn))
    current = choose_current(merged, withdrawn_keys(conn, [r.key for r in members]))
    return merged, current


def load_advisories(conn: sa.Connection, ids: Collection[str]) -> list[MergedAdvisory]:
    """Stored advisories as the merge wrote them (reports and correction included)."""
    out: list[MergedAdvisory] = []
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(
            sa.select(advisories.c.payload).where(advisories.c.id.in_(chunk))
        )
        out.extend(MergedAdvisory.from_dict(r[0]) for r in rows)
    out.sort(key=lambda adv: adv.id)
    return out


def set_current(
    conn: sa.Connection,
    issuer: str,
    audience: str,
    codes: Collection[str],
    pairs: Collection[tuple[str, str]],
) -> None:
    """Write the current flags of the issuer's destination rows at ``codes``:
    ``pairs`` (advisory id, code) are current, the others not. Each advisory row
    touched then says whether any of its destinations is current."""
    ad = advisory_destinations
    wanted = set(pairs)
    changes: list[dict[str, Any]] = []
    touched: set[str] = set()
    for chunk in _chunks(sorted(codes)):
        rows = conn.execute(
            sa.select(ad.c.advisory_id, ad.c.code, ad.c.current)
            .where(ad.c.issuer == issuer)
            .where(ad.c.audience == audience)
            .where(ad.c.code.in_(chunk))
        )
        for adv_id, code, flag in rows:
            now = (adv_id, code) in wanted
            if bool(flag) != now:
                changes.append({"a": adv_id, "k": code, "c": now})
                touched.add(adv_id)
    flip = (
        ad.update()
        .where(ad.c.advisory_id == sa.bindparam("a"))
        .where(ad.c.code == sa.bindparam("k"))
        .values(current=sa.bindparam("c"))
    )
    for part in _chunks(changes):
        conn.execute(flip, list(part))
    any_current = (
        sa.exists()
        .where(ad.c.advisory_id == advisories.c.id)
        .where(ad.c.current.is_(True))
    )
    for chunk in _chunks(sorted(touched)):
        conn.execute(
            advisories.update()
            .where(advisories.c.id.in_(chunk))
            .values(current=any_current)
        )


def _place_rows(issuer: str, audience: str, codes: Collection[str]) -> set[Place]:
    return {(issuer, audience, code) for code in codes}


def _join_one(
    conn: sa.Connection,
    report: Report,
    *,
    window_days: int,
    corrections: Sequence[Correction],
) -> bool:
    """Add one report by a greedy step; False (nothing written) when not exact."""
    issuer, audience = report.advisory.issuer, report.advisory.audience
    near_ids = _advisories_at(
        conn, _place_rows(issuer, audience, report.advisory.destinations)
    )
    joined = incremental.join(
        report,
        load_advisories(conn, near_ids),
        window_days=window_days,
        corrections=corrections,
    )
    if joined is None:
        return False
    wider = _place_rows(issuer, audience, incremental.places(joined.advisory))
    around = load_advisories(conn, _advisories_at(conn, wider) - near_ids)
    keys = [r.key for adv in [*joined.near, *around] for r in adv.reports]
    current = incremental.settle(joined, report, around, withdrawn_keys(conn, keys))
    if current is None:
        return False
    replaced = [joined.replaced.id] if joined.replaced else []
    write_advisories(conn, [joined.advisory], current, replacing_ids=replaced)
    set_current(conn, issuer, audience, joined.codes, current.pairs)
    return True


def merge_new_reports(conn: sa.Connection, *, window_days: int) -> int:
    """Merge the reports no merge has taken yet into the stored advisories.

    Stores exactly what :func:`refresh_advisories` over the whole issuers would.
    Each new report, in the canonical order, joins or starts an advisory by one
    greedy step (:mod:`travelwatch.pipeline.incremental`), which reads and writes
    only the advisories at its destinations and at those of the advisory it
    joins. From the first report for which one step is not exact (a report
    around it sorts after it, i.e. it arrived late, or a correction is
    involved), the remaining ones are regrouped with every advisory connected to
    them (:func:`connected_advisories`). Returns how many reports took that
    slower way.
    """
    _lock(conn)
    new = sorted(load_unmerged(conn), key=canonical)
    corrections = advisory_corrections(conn)
    for n, report in enumerate(new):
        if not _join_one(
            conn, report, window_days=window_days, corrections=corrections
        ):
            _regroup(conn, new[n:], window_days=window_days)
            return len(new) - n
    return 0


def _regroup(conn: sa.Connection, new: Sequence[Report], *, window_days: int) -> None:
    places = {
        (r.advisory.issuer, r.advisory.audience, d)
        for r in new
        for d in r.advisory.destinations
    }
    affected = connected_advisories(conn, places)
    members = load_advisory_reports(conn, affected) + list(new)
    merged, current = _merge(conn, members, window_days)
    write_advisories(conn, merged, current, replacing_ids=affected)


def refresh_advisories(
    conn: sa.Connection, issuers: Iterable[str], *, window_days: int
) -> list[MergedAdvisory]:
    """Rebuild the merged advisories of ``issuers`` from all their reports."""
    codes = sorted(set(issuers))
    if not codes:
        return []
    _lock(conn)
    merged, current = _merge(conn, load_reports(conn, codes), window_days)
    write_advisories(conn, merged, current, replacing_issuers=codes)
    return merged
