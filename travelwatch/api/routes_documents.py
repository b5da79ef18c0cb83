"""/api/documents, /api/search, /api/changes, /api/sources, /api/export."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from travelwatch import queries
from travelwatch.api.deps import MAX_ROW_NUMBER, Conn, StoreDep
from travelwatch.news.present import iso_dates, with_links
from travelwatch.queries.export import MEDIA_TYPES
from travelwatch.storage import documents as docs
from travelwatch.storage.official import list_changes

router = APIRouter(tags=["documents"])


@router.get("/documents")
def documents(
    conn: Conn,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_NUMBER)] = 0,
) -> dict[str, Any]:
    """Stored documents (without their text)."""
    items = docs.list_documents(conn, limit=limit, offset=offset)
    for item in items:
        item.pop("text", None)
    total = docs.count_documents(conn)
    return {
        "ok": True,
        "total": total,
        "limit": limit,
        "offset": offset,
        "items": items,
    }


@router.get("/documents/{doc_id}")
def document(
    conn: Conn, doc_id: Annotated[int, Path(ge=0, le=MAX_ROW_NUMBER)]
) -> dict[str, Any]:
    """One document: metadata, original and cleaned text."""
    found = docs.get_document(conn, doc_id)
    if found is None:
        raise HTTPException(404, f"no document {doc_id}")
    return {"ok": True, "document": found}


@router.get("/search")
def search(
    conn: Conn,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Documents (full text) and current advisories (by place, action or reason)."""
    return {"ok": True, **queries.search(conn, q, limit=limit)}


@router.get("/changes")
def changes(
    conn: Conn,
    since: dt.date | None = None,
    issuer: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    to: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Changes seen in official feeds and in news, newest first.

    A news change carries its corroboration and ``advisory_url``, the page of the
    advisory it is about.
    """
    items = list_changes(conn, since=since, issuer=issuer, to=to, limit=limit)
    return {"ok": True, "items": with_links(items)}


@router.get("/sources")
def sources(conn: Conn, store: StoreDep) -> dict[str, Any]:
    """Health of every official and news source: ok, stale, failed, suspect or never;
    with its ``failures`` in a row and when ``watch`` next syncs or polls it
    (``next_due``, UTC; ``due_in`` in words)."""
    hours = float(store.settings["feeds.stale_after_hours"])
    items = queries.sources_view(conn, stale_after_hours=hours)
    items += iso_dates(queries.news_sources_view(conn, store.settings))
    for item in items:
        for key, value in item.items():
            if isinstance(value, dt.datetime):
                item[key] = value.isoformat()
    return {"ok": True, "items": items}


@router.get("/export")
def export(
    conn: Conn,
    request: Request,
    format: Literal["csv", "json", "geojson", "atom"] = "json",
) -> Response:
    """The current advisories as CSV, JSON, GeoJSON or Atom."""
    base = str(request.base_url).rstrip("/")
    body = queries.export(conn, format, base_url=base)
    return Response(body, media_type=MEDIA_TYPES[format])
