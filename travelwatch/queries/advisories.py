"""Merged advisories: filtered lists, one advisory in full, reciprocal links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from travelwatch.queries.rows import (
    ADVISORY_COLUMNS,
    advisory_summary,
    eu_members,
    reports_by_advisory,
)
from travelwatch.storage.schema import advisories, advisory_destinations


@dataclass(slots=True)
class Page:
    """One page of a list and the size of the whole list."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": self.items,
        }


def _since(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)


def _filtered(
    *,
    issuer: str | None,
    audience: str | None,
    destination: str | None,
    min_level: int | None,
    since: dt.date | dt.datetime | None,
    current_only: bool,
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if issuer:
        where.append(advisories.c.issuer == issuer.upper())
    if audience:
        where.append(advisories.c.audience == audience.upper())
    if min_level is not None:
        where.append(advisories.c.level >= min_level)
    if since is not None:
        where.append(advisories.c.last_seen >= _since(since))
    if current_only:
        where.append(advisories.c.current.is_(True))
    if destination:
        where.append(
            advisories.c.id.in_(
                sa.select(advisory_destinations.c.advisory_id).where(
                    advisory_destinations.c.code == destination.upper()
                )
            )
        )
    return where


def list_advisories(
    conn: sa.Connection,
    issuer: str | None = None,
    audience: str | None = None,
    destination: str | None = None,
    min_level: int | None = None,
    since: dt.date | dt.datetime | None = None,
    current_only: bool = True,
    limit: int = 100,
    offset: int = 0,
    *,
    with_reports: bool = True,
) -> Page:
    """Merged advisories, newest first, with their reports and reciprocal links."""
    where = _filtered(
        issuer=issuer,
        audience=audience,
        destination=destination,
        min_level=min_level,
        since=since,
        current_only=current_only,
    )
    total = conn.execute(
        sa.select(sa.func.count()).select_from(advisories).where(*where)
    ).scalar_one()
    query = (
        sa.select(*ADVISORY_COLUMNS)
        .where(*where)
        .order_by(advisories.c.last_seen.desc(), advisories.c.id)
        .limit(limit)
        .offset(offset)
    )
    items = [advisory_summary(r._mapping) for r in conn.execute(query)]
    _attach(conn, items, with_reports=with_reports)
    return Page(items, int(total), limit, offset)


def _attach(
    conn: sa.Connection, items: list[dict[str, Any]], *, with_reports: bool
) -> None:
    links = reciprocal_ids(conn, items)
    by_id = reports_by_advisory(conn, [i["id"] for i in items]) if with_reports else {}
    for item in items:
        item["reciprocal_ids"] = links.get(item["id"], [])
        if with_reports:
            item["reports"] = by_id.get(item["id"], [])


def advisory_ids_starting(
    conn: sa.Connection, prefix: str, limit: int = 2
) -> list[str]:
    """Ids that begin with ``prefix`` (with or without the ``adv:`` part)."""
    prefix = prefix.strip()
    if not prefix:
        return []
    wanted = prefix if prefix.startswith("adv:") else f"adv:{prefix}"
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        sa.select(advisories.c.id)
        .where(advisories.c.id.like(escaped + "%", escape="\\"))
        .order_by(advisories.c.id)
        .limit(limit)
    )
    return [r[0] for r in rows]


def get_advisory(conn: sa.Connection, advisory_id: str) -> dict[str, Any] | None:
    """One merged advisory with its reports side by side, or None."""
    row = conn.execute(
        sa.select(*ADVISORY_COLUMNS).where(advisories.c.id == advisory_id)
    ).first()
    if row is None:
        return None
    item = advisory_summary(row._mapping)
    _attach(conn, [item], with_reports=True)
    item["reciprocals"] = advisories_by_id(conn, item["reciprocal_ids"])
    return item


def advisories_by_id(conn: sa.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = conn.execute(
        sa.select(*ADVISORY_COLUMNS)
        .where(advisories.c.id.in_(list(ids)))
        .order_by(advisories.c.issuer, advisories.c.id)
    )
    return [advisory_summary(r._mapping) for r in rows]


def _expand(codes: Iterable[str], members: frozenset[str]) -> set[str]:
    # Advice about the EU bloc concerns every member state and the bloc itself.
    out = set(codes)
    if "EU" in out:
        out |= members
    return out


def reciprocal_ids(
    conn: sa.Connection, items: Sequence[Mapping[str, Any]]
) -> dict[str, list[str]]:
    """For each advisory A->B, the current advisories B->A (one query for all).

    B's issuer must be among A's destinations and A's issuer among B's; the EU
    bloc stands for each member state on either side.
    """
    if not items:
        return {}
    members = eu_members()
    targets: set[str] = set()
    issuers: set[str] = set()
    for item in items:
        targets |= _expand(item["destinations"], members)
        issuers.add(item["issuer"])
        if item["issuer"] in members:
            issuers.add("EU")
    rows = conn.execute(
        sa.select(
            advisory_destinations.c.advisory_id,
            advisory_destinations.c.issuer,
            advisory_destinations.c.code,
        )
        .where(advisory_destinations.c.current.is_(True))
        .where(advisory_destinations.c.issuer.in_(sorted(targets)))
        .where(advisory_destinations.c.code.in_(sorted(issuers)))
    )
    # Who advises whom: (advising issuer, the place advised about) -> advisories.
    by_pair: dict[tuple[str, str], set[str]] = {}
    for adv_id, issuer, code in rows:
        by_pair.setdefault((issuer, code), set()).add(adv_id)
    out: dict[str, list[str]] = {}
    for item in items:
        # An advisory B->A answers A->B when B's issuer is among A's places and
        # speaks about A's issuer (or about the EU bloc A's issuer belongs to).
        about = (
            [item["issuer"], "EU"] if item["issuer"] in members else [item["issuer"]]
        )
        found: set[str] = set()
        for other in _expand(item["destinations"], members):
            for code in about:
                found |= by_pair.get((other, code), set())
        found.discard(item["id"])
        out[item["id"]] = sorted(found)
    return out
