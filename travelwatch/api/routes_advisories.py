"""/api/advisories, /api/matrix, /api/destinations, /api/issuers, /api/timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from travelwatch import queries
from travelwatch.api.cache import ResponseCache, get_cache
from travelwatch.api.deps import MAX_ROW_NUMBER, Conn

Cache = Annotated[ResponseCache, Depends(get_cache)]

router = APIRouter(tags=["advisories"])

Code = Annotated[str, Path(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
CodeQuery = Query(pattern=r"^[A-Za-z]{2}$")


@router.get("/advisories")
def advisories(
    request: Request,
    conn: Conn,
    cache: Cache,
    issuer: Annotated[str | None, CodeQuery] = None,
    audience: Annotated[str | None, CodeQuery] = None,
    destination: Annotated[str | None, CodeQuery] = None,
    min_level: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: dt.date | None = None,
    current: bool = True,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_NUMBER)] = 0,
) -> Response:
    """Merged advisories, newest first, with reports and reciprocal links."""
    return cache.respond(
        request,
        conn,
        lambda: queries.list_advisories(
            conn,
            issuer=issuer,
            audience=audience,
            destination=destination,
            min_level=min_level,
            since=since,
            current_only=current,
            limit=limit,
            offset=offset,
        ).to_dict(),
    )


@router.get("/advisories/{advisory_id}")
def advisory(conn: Conn, advisory_id: str) -> dict[str, Any]:
    """One advisory: reports side by side, evidence, disagreements, reciprocals."""
    found = queries.get_advisory(conn, advisory_id)
    if found is None:
        raise HTTPException(404, f"no advisory {advisory_id!r}")
    return {"ok": True, "advisory": found}


@router.get("/matrix")
def matrix(
    request: Request,
    conn: Conn,
    cache: Cache,
    audience: Annotated[str | None, CodeQuery] = None,
) -> Response:
    """Current levels, issuer x destination."""
    return cache.respond(
        request, conn, lambda: {"ok": True, **queries.matrix(conn, audience=audience)}
    )


@router.get("/destinations/{code}")
def destination(conn: Conn, code: Code) -> dict[str, Any]:
    """Every government's current advice on one place, official and news-derived."""
    return {"ok": True, **queries.destination_view(conn, code)}


@router.get("/issuers/{code}")
def issuer(conn: Conn, code: Code) -> dict[str, Any]:
    """One government's current advice, and what others advise about it."""
    return {"ok": True, **queries.issuer_view(conn, code)}


@router.get("/timeline/{issuer}/{destination}")
def timeline(conn: Conn, issuer: Code, destination: Code) -> dict[str, Any]:
    """The level steps of one issuer about one destination, with their reports."""
    return {"ok": True, **queries.timeline(conn, issuer, destination)}
