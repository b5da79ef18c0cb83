"""Views by place: the issuer x destination matrix, the map, one destination, one issuer.

All of them read the current rows of ``advisory_destinations`` (one indexed scan);
advice about the EU bloc counts for each member state.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from travelwatch.queries.advisories import reciprocal_ids
from travelwatch.queries.rows import (
    ADVISORY_COLUMNS,
    advisory_summary,
    country_name,
    eu_members,
)
from travelwatch.storage.schema import advisories, advisory_destinations

_AD = advisory_destinations


def _stronger(level: int | None, other: int | None) -> bool:
    # Any known level beats an unknown one; otherwise the higher one wins.
    return other is not None and (level is None or other > level)


def matrix(
    conn: sa.Connection,
    audience: str | None = None,
    *,
    issuer: str | None = None,
    destination: str | None = None,
) -> dict[str, Any]:
    """Current levels, issuer x destination (strongest when audiences differ),
    optionally for one issuer and/or one destination."""
    query = sa.select(_AD.c.issuer, _AD.c.code, _AD.c.level, _AD.c.advisory_id).where(
        _AD.c.current.is_(True)
    )
    if audience:
        query = query.where(_AD.c.audience == audience.upper())
    if issuer:
        query = query.where(_AD.c.issuer == issuer.upper())
    if destination:
        query = query.where(_AD.c.code == destination.upper())
    levels: dict[str, dict[str, int | None]] = {}
    ids: dict[str, dict[str, str]] = {}
    for issuer, code, level, adv_id in conn.execute(query).all():
        row = levels.setdefault(issuer, {})
        if code not in row or _stronger(row[code], level):
            row[code] = level
            ids.setdefault(issuer, {})[code] = adv_id
    destinations = sorted({code for row in levels.values() for code in row})
    return {
        "audience": audience.upper() if audience else None,
        "issuers": sorted(levels),
        "destinations": destinations,
        "levels": levels,
        "advisory_ids": ids,
    }


def default_audience(conn: sa.Connection, configured: str | None = None) -> str | None:
    """The traveller nationality the map shows first.

    ``configured`` (the ``dashboard.audience`` setting) when given; otherwise the
    audience with the most destinations under current official advice (then under
    any current advice), ties broken by code; None on an empty store.
    """
    if configured:
        return configured.upper()
    for official_only in (True, False):
        query = (
            sa.select(_AD.c.audience, sa.func.count(sa.distinct(_AD.c.code)))
            .select_from(_AD.join(advisories, advisories.c.id == _AD.c.advisory_id))
            .where(_AD.c.current.is_(True))
            .group_by(_AD.c.audience)
        )
        if official_only:
            query = query.where(advisories.c.official.is_(True))
        counts = sorted(conn.execute(query), key=lambda r: (-r[1], r[0]))
        if counts:
            return str(counts[0][0])
    return None


def map_levels(
    conn: sa.Connection, *, audience: str | None = None, issuer: str | None = None
) -> dict[str, dict[str, Any]]:
    """Per destination: the current level and who gives which advice.

    For one ``audience``, the level is the strongest advice given to those
    travellers. Across audiences (``audience`` None) different governments advise
    different citizens, so no maximum is taken: the level is the one every
    government gives when they agree, else None with ``mixed`` set, and
    ``advice`` lists each government's own level. A destination absent from the
    result has no information: never "no risk".
    """
    query = sa.select(
        _AD.c.code, _AD.c.issuer, _AD.c.level, _AD.c.advisory_id, _AD.c.audience
    ).where(_AD.c.current.is_(True))
    if audience:
        query = query.where(_AD.c.audience == audience.upper())
    if issuer:
        query = query.where(_AD.c.issuer == issuer.upper())
    members = eu_members()
    out: dict[str, dict[str, Any]] = {}
    for code, who, level, adv_id, whom in conn.execute(query).all():
        for place in (members | {code}) if code == "EU" else (code,):
            entry = out.setdefault(place, {"level": None, "mixed": False, "advice": []})
            entry["advice"].append(
                {"issuer": who, "audience": whom, "level": level, "advisory_id": adv_id}
            )
            if _stronger(entry["level"], level):
                entry["level"] = level
    for entry in out.values():
        entry["advice"].sort(key=lambda a: (-(a["level"] or 0), a["issuer"]))
        if audience is None:
            # Strongest per government, then one colour only if they all agree.
            per_issuer: dict[tuple[str, str], int | None] = {}
            for a in entry["advice"]:
                slot = (a["issuer"], a["audience"])
                if slot not in per_issuer or _stronger(per_issuer[slot], a["level"]):
                    per_issuer[slot] = a["level"]
            levels = set(per_issuer.values())
            if len(levels) > 1:
                entry["level"], entry["mixed"] = None, True
    return out


def _places_for(code: str) -> list[str]:
    # Advice about the EU holds for each member, and advice about travel anywhere
    # abroad (WORLD) for every place but the issuer's own country.
    places = [code, "EU"] if code in eu_members() else [code]
    if code != "WORLD":
        places.append("WORLD")
    return places


def _ids_about(code: str) -> sa.Select[tuple[str]]:
    return sa.select(_AD.c.advisory_id).where(
        _AD.c.code.in_(_places_for(code)), _AD.c.issuer != code
    )


# The advisories about one place are a few hundred at most, but advice no
# longer current is nearly all of a large store: an expression, not the bare
# column, keeps the planner from walking the ``current`` index instead of
# looking these few up (SQLite takes that index when its statistics are missing
# or stale).
_FLAG = sa.func.coalesce(advisories.c.current, sa.false())


def _earlier_count(conn: sa.Connection, code: str) -> int:
    query = (
        sa.select(sa.func.count())
        .select_from(advisories)
        .where(advisories.c.id.in_(_ids_about(code)))
        .where(_FLAG.is_(False))
    )
    return int(conn.execute(query).scalar_one())


def _earlier_about(
    conn: sa.Connection, code: str, offset: int, limit: int | None
) -> list[dict[str, Any]]:
    """One page of the advice about ``code`` no longer current, newest first."""
    # The page's ids first, sorted on small columns: selecting the records in the
    # same statement would make SQLite read every one of them (each held past its
    # large payload) before the sort drops all but a page.
    page = (
        sa.select(advisories.c.id)
        .where(advisories.c.id.in_(_ids_about(code)))
        .where(_FLAG.is_(False))
        .order_by(
            advisories.c.as_of.desc().nulls_last(),
            advisories.c.last_seen.desc(),
            advisories.c.id,
        )
        .offset(offset)
        .limit(limit)
    )
    ids = list(conn.execute(page).scalars())
    if not ids:
        return []
    order = {adv_id: n for n, adv_id in enumerate(ids)}
    items = _described(
        conn, code, sa.select(*ADVISORY_COLUMNS).where(advisories.c.id.in_(ids))
    )
    return sorted(items, key=lambda item: order[item["id"]])


def _advisories_about(
    conn: sa.Connection, code: str, *, current: bool
) -> list[dict[str, Any]]:
    query = (
        sa.select(*ADVISORY_COLUMNS)
        .where(advisories.c.id.in_(_ids_about(code)))
        .where(_FLAG.is_(current))
        .order_by(advisories.c.level.desc(), advisories.c.issuer, advisories.c.id)
    )
    return _described(conn, code, query)


def _described(
    conn: sa.Connection, code: str, query: sa.Select[Any]
) -> list[dict[str, Any]]:
    places = _places_for(code)
    items = [advisory_summary(r._mapping) for r in conn.execute(query)]
    links = reciprocal_ids(conn, items)
    for item in items:
        item["via"] = next((p for p in places if p in item["destinations"]), code)
        item["regions"] = [
            r for r in item["regions"] if r.get("country") in (None, code)
        ]
        item["issuer_name"] = country_name(item["issuer"])
        item["reciprocal_ids"] = links.get(item["id"], [])
    return items


#: Earlier advisories a destination page shows at once (newest first); the
#: rest are reached page by page (``?offset=``), so a page's cost does not grow
#: with the place's history.
EARLIER_PAGE = 50


def destination_view(
    conn: sa.Connection,
    code: str,
    *,
    earlier_offset: int = 0,
    earlier_limit: int | None = None,
) -> dict[str, Any]:
    """Every government's current advice on one place, official and news-derived,
    and the earlier advice about it: newest first, ``earlier_limit`` of them from
    ``earlier_offset`` (all when None), with how many there are in all."""
    code = code.upper()
    current = _advisories_about(conn, code, current=True)
    level = None
    for item in current:
        if _stronger(level, item["level"]):
            level = item["level"]
    offset = max(0, earlier_offset)
    return {
        "code": code,
        "name": country_name(code),
        "level": level,
        "official": [a for a in current if a["official"]],
        "news": [a for a in current if not a["official"]],
        "earlier": _earlier_about(conn, code, offset, earlier_limit),
        "earlier_total": _earlier_count(conn, code),
        "earlier_offset": offset,
        "earlier_limit": earlier_limit,
    }


def issuer_view(conn: sa.Connection, code: str) -> dict[str, Any]:
    """One government's current advice, and the advice others give about it."""
    code = code.upper()
    query = (
        sa.select(*ADVISORY_COLUMNS)
        .where(advisories.c.issuer == code)
        .where(advisories.c.current.is_(True))
        .order_by(advisories.c.level.desc(), advisories.c.id)
    )
    issued = [advisory_summary(r._mapping) for r in conn.execute(query)]
    links = reciprocal_ids(conn, issued)
    for item in issued:
        item["reciprocal_ids"] = links.get(item["id"], [])
    return {
        "code": code,
        "name": country_name(code),
        "issued": issued,
        "received": _advisories_about(conn, code, current=True),
    }
