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
from travelwatch.pipeline.merge import (
    MergedAdvisory,
    Report,
    canonical,
    merge_reports,
    same_advice,
    sorts_last,
)
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
        payload = adv.to_dict()
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
                "payload": payload,
                "summary": adv.summary_dict(payload),
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
        summary = incremental.summarize(adv)
        for code in _places(adv):
            place_rows.append(
                {
                    "advisory_id": adv.id,
                    "code": code,
                    "issuer": adv.issuer,
                    "audience": adv.audience,
                    "last_day": summary.last_day,
                    "issued_min": summary.issued_min,
                    "issued_max": summary.issued_max,
                    "cluster_day": summary.cluster_day,
                    "official": summary.official,
                    "levels": summary.levels,
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


def _flip(conn: sa.Connection, flips: Collection[tuple[str, str, bool]]) -> None:
    """Set the current flag of destination rows (advisory id, code, flag); each
    advisory row touched then says whether any of its destinations is current."""
    ad = advisory_destinations
    flip = (
        ad.update()
        .where(ad.c.advisory_id == sa.bindparam("a"))
        .where(ad.c.code == sa.bindparam("k"))
        .values(current=sa.bindparam("c"))
    )
    changes = [{"a": a, "k": k, "c": c} for a, k, c in sorted(flips)]
    for part in _chunks(changes):
        conn.execute(flip, list(part))
    any_current = (
        sa.exists()
        .where(ad.c.advisory_id == advisories.c.id)
        .where(ad.c.current.is_(True))
    )
    for chunk in _chunks(sorted({a for a, _, _ in flips})):
        conn.execute(
            advisories.update()
            .where(advisories.c.id.in_(chunk))
            .values(current=any_current)
        )


def _at(issuer: str, audience: str, codes: Collection[str]) -> sa.ColumnElement[bool]:
    ap = advisory_places
    return sa.and_(
        ap.c.issuer == issuer,
        ap.c.audience == audience,
        ap.c.code.in_(sorted(set(codes))),
    )


def _nothing_after(conn: sa.Connection, report: Report, codes: Collection[str]) -> bool:
    """Whether no stored advisory at ``codes`` (the report's issuer and audience)
    has a report after ``report`` in the canonical order. Only those with a
    report of the same day are loaded to compare the rest of the order."""
    ap, day = advisory_places, incremental.day(report)
    adv = report.advisory
    same_day: set[str] = set()
    for chunk in _chunks(sorted(set(codes))):
        rows = conn.execute(
            sa.select(ap.c.advisory_id, ap.c.last_day).where(
                _at(adv.issuer, adv.audience, chunk),
                sa.or_(ap.c.last_day.is_(None), ap.c.last_day >= day),
            )
        )
        for adv_id, last in rows:
            if last is not None and last > day:
                return False
            same_day.add(adv_id)
    return sorts_last(report, load_advisories(conn, same_day))


def _summary(row: Any) -> incremental.Summary:
    # A row without a summary (none should be left after 0008) is given the
    # values that make it load first.
    return incremental.Summary(
        last_day=row.last_day if row.last_day is not None else 0,
        issued_min=row.issued_min,
        issued_max=row.issued_max,
        cluster_day=row.cluster_day,
        official=True if row.official is None else bool(row.official),
        levels=incremental.ALL_LEVELS if row.levels is None else row.levels,
    )


def _candidates(
    conn: sa.Connection, report: Report, *, window_days: int
) -> list[MergedAdvisory]:
    """The stored advisories at the report's places that can be its group, loaded
    best rank floor first until no unloaded one can rank above the best that
    fits (so a place's older history is never read)."""
    ap, adv = advisory_places, report.advisory
    summaries: dict[str, incremental.Summary] = {}
    query = sa.select(
        ap.c.advisory_id,
        ap.c.last_day,
        ap.c.issued_min,
        ap.c.issued_max,
        ap.c.cluster_day,
        ap.c.official,
        ap.c.levels,
    ).where(_at(adv.issuer, adv.audience, adv.destinations))
    if adv.issued is not None:
        # Every dated report of a group must lie within the window of this one.
        own = adv.issued.toordinal()
        query = query.where(
            sa.or_(
                ap.c.issued_min.is_(None),
                sa.and_(
                    ap.c.issued_min >= own - window_days,
                    ap.c.issued_max <= own + window_days,
                ),
            )
        )
    for row in conn.execute(query):
        summary = _summary(row)
        if incremental.may_fit_dates(summary, report, window_days):
            summaries[row.advisory_id] = summary
    by_floor: dict[tuple[int, int, int], list[str]] = {}
    for adv_id, summary in summaries.items():
        by_floor.setdefault(incremental.rank_floor(summary, report), []).append(adv_id)
    loaded: list[MergedAdvisory] = []
    best: tuple[int, int, int] | None = None
    for floor in sorted(by_floor):
        if best is not None and floor > best:
            break
        for found in load_advisories(conn, by_floor[floor]):
            loaded.append(found)
            if same_advice(found, report, window_days=window_days):
                true = incremental.rank_floor(incremental.summarize(found), report)
                best = true if best is None else min(best, true)
    return loaded


def _settle(
    conn: sa.Connection, joined: incremental.Joined
) -> tuple[CurrentAdvice, set[tuple[str, str, bool]]]:
    """The current advice at the joined advisory's codes, and the flags of other
    advisories' destination rows that change with it."""
    ad, new = advisory_destinations, joined.advisory
    gone = joined.replaced.id if joined.replaced else None

    def rows(codes: Collection[str], *, current_only: bool) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for chunk in _chunks(sorted(codes)):
            query = sa.select(ad.c.advisory_id, ad.c.code).where(
                ad.c.issuer == new.issuer,
                ad.c.audience == new.audience,
                ad.c.code.in_(chunk),
            )
            if current_only:
                query = query.where(ad.c.current.is_(True))
            out.update((r[0], r[1]) for r in conn.execute(query))
        return out

    held = rows(joined.codes, current_only=True)
    everyone = rows(incremental.reopened(joined, held), current_only=False)
    others = load_advisories(conn, {a for a, _ in held | everyone} - {gone})
    # Only a feed's reports carry a version that can be withdrawn.
    keys = [r.key for adv in [new, *others] for r in adv.reports if r.official]
    current = incremental.settle(joined, others, withdrawn_keys(conn, keys))
    was = {p for p in held if p[0] != gone}
    now = {p for p in current.pairs if p[0] != new.id}
    flips = {(a, c, False) for a, c in was - now} | {(a, c, True) for a, c in now - was}
    return current, flips


def _join_one(
    conn: sa.Connection,
    report: Report,
    *,
    window_days: int,
    corrections: Sequence[Correction],
) -> bool:
    """Add one report by a greedy step; False (nothing written) when not exact."""
    dests = report.advisory.destinations
    if not _nothing_after(conn, report, dests):
        return False
    joined = incremental.join(
        report,
        _candidates(conn, report, window_days=window_days),
        window_days=window_days,
        corrections=corrections,
    )
    if joined is None:
        return False
    # A report there after this one could have chosen the joined advisory.
    wider = incremental.places(joined.advisory) - set(dests)
    if wider and not _nothing_after(conn, report, wider):
        return False
    current, flips = _settle(conn, joined)
    replaced = [joined.replaced.id] if joined.replaced else []
    write_advisories(conn, [joined.advisory], current, replacing_ids=replaced)
    _flip(conn, flips)
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
