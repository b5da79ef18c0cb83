"""/api/advisories, /api/matrix, /api/destinations, /api/issuers, /api/timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from travelwatch import queries
from travelwatch.api.cache import ResponseCache, get_cache
from travelwatch.api.deps import MAX_ROW_NUMBER, Conn
from travelwatch.errors import ConfigError
from travelwatch.queries.codes import optional_place_code, place_code

Cache = Annotated[ResponseCache, Depends(get_cache)]

router = APIRouter(tags=["advisories"])

# A code (GB, GBR) or a name people type (UK, Russia); unknown ones are errors.
_PLACE = r"^[A-Za-z][A-Za-z .'’()-]{1,59}$"
Code = Annotated[
    str, Path(pattern=_PLACE, description="ISO 3166-1 code, or a country name")
]
CodeQuery = Query(pattern=_PLACE, description="ISO 3166-1 code, or a country name")


def _path_code(text: str) -> str:
    """A place in the URL path: an unknown one is a 404, not an empty page."""
    try:
        return place_code(text)
    except ConfigError as e:
        raise HTTPException(404, e.line()) from e


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
    issuer = optional_place_code(issuer)
    audience = optional_place_code(audience)
    destination = optional_place_code(destination)
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


@router.get("/corrections")
def corrections(
    conn: Conn,
    target: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """The audit trail of analysts' corrections, newest first."""
    from travelwatch.storage.corrections import list_corrections

    return {"ok": True, "items": list_corrections(conn, target=target, limit=limit)}


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
    audience = optional_place_code(audience)
    return cache.respond(
        request, conn, lambda: {"ok": True, **queries.matrix(conn, audience=audience)}
    )


@router.get("/destinations/{code}")
def destination(
    conn: Conn,
    code: Code,
    earlier_limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
    earlier_offset: Annotated[int, Query(ge=0, le=MAX_ROW_NUMBER)] = 0,
) -> dict[str, Any]:
    """Every government's current advice on one place, official and news-derived,
    and the earlier advice about it, newest first (``earlier_total`` in all; all
    of it unless ``earlier_limit`` asks for a page)."""
    view = queries.destination_view(
        conn,
        _path_code(code),
        earlier_offset=earlier_offset,
        earlier_limit=earlier_limit,
    )
    return {"ok": True, **view}


@router.get("/issuers/{code}")
def issuer(conn: Conn, code: Code) -> dict[str, Any]:
    """One government's current advice, and what others advise about it."""
    return {"ok": True, **queries.issuer_view(conn, _path_code(code))}


@router.get("/timeline/{issuer}/{destination}")
def timeline(conn: Conn, issuer: Code, destination: Code) -> dict[str, Any]:
    """The level steps of one issuer about one destination, with their reports."""
    return {
        "ok": True,
        **queries.timeline(conn, _path_code(issuer), _path_code(destination)),
    }
