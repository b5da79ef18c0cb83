"""Search over documents (full text) and advisories (by place, action or reason)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from travelwatch.models import ACTIONS, REASONS
from travelwatch.queries.advisories import advisories_by_id
from travelwatch.queries.rows import gazetteer as _gazetteer
from travelwatch.storage.documents import search_documents
from travelwatch.storage.schema import advisories, advisory_destinations


def _places(query: str) -> set[str]:
    gazetteer = _gazetteer()
    codes = {m.code for m in gazetteer.find(query)}
    for word in re.findall(r"[A-Za-z]{2}\b", query):
        # Bare ISO codes ("RU", "us") are what people type into a search box.
        if word.upper() in _known_codes():
            codes.add(word.upper())
    return codes


def _known_codes() -> set[str]:
    import pycountry

    return {str(c.alpha_2) for c in pycountry.countries} | {"EU", "XK"}


def _terms(query: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"\w+", query)}
    return {
        code
        for code in (*ACTIONS, *REASONS)
        if words & set(code.split("_")) - {"travel", "all", "other"}
    }


def search_advisories(
    conn: sa.Connection, query: str, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Current advisories about or from the places named in ``query``.

    Words naming an action or a reason ("terrorism", "caution") narrow the
    result to advisories with that action or reason.
    """
    codes = _places(query)
    terms = _terms(query)
    if not codes and not terms:
        return []
    where: list[sa.ColumnElement[bool]] = [advisories.c.current.is_(True)]
    if codes:
        about = sa.select(advisory_destinations.c.advisory_id).where(
            advisory_destinations.c.code.in_(sorted(codes))
        )
        where.append(
            sa.or_(advisories.c.issuer.in_(sorted(codes)), advisories.c.id.in_(about))
        )
    ids = conn.execute(
        sa.select(advisories.c.id)
        .where(*where)
        .order_by(advisories.c.level.desc(), advisories.c.id)
    ).scalars()
    found = advisories_by_id(conn, list(ids))
    if terms:
        found = [a for a in found if a["action"] in terms or terms & set(a["reasons"])]
    found.sort(key=lambda a: (-(a["level"] or 0), a["issuer"], a["id"]))
    return found[:limit]


def search(conn: sa.Connection, query: str, *, limit: int = 20) -> dict[str, Any]:
    return {
        "query": query,
        "documents": search_documents(conn, query, limit=limit),
        "advisories": search_advisories(conn, query, limit=limit),
    }
