"""The dashboard: server-rendered pages over the same queries as the API."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Annotated, Any
from urllib.parse import parse_qs

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from travelwatch import corrections, queries
from travelwatch.api.deps import MAX_ROW_NUMBER, Conn, StoreDep
from travelwatch.errors import ConfigError, InputError
from travelwatch.queries.codes import optional_place_code, place_code
from travelwatch.storage import documents as docs
from travelwatch.storage.official import list_changes
from travelwatch.storage.schema import advisory_destinations
from travelwatch.storage.store import Store
from travelwatch.web.charts import timeline_chart
from travelwatch.web.render import evidence_spans, highlight, render
from travelwatch.web.worldmap import world

router = APIRouter(include_in_schema=False)

# A code or a name people type ("UK", "Russia"); resolved by place_code.
OptCode = Annotated[str | None, Query(max_length=60)]
# A nationality, or "all" for the view across audiences.
AudienceParam = Annotated[str | None, Query(max_length=60)]
ALL = "all"
PathPlace = Annotated[str, Path(max_length=60)]


def _page(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(name, **context))


def _banners(
    conn: sa.Connection, store: Store, issuers: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Warnings for the failed or stale official feeds whose advice a page shows."""
    return queries.source_banners(
        conn,
        stale_after_hours=float(store.settings["feeds.stale_after_hours"]),
        issuers=issuers,
    )


def _choices(conn: sa.Connection, column: sa.ColumnElement[str]) -> list[str]:
    query = (
        sa.select(column)
        .where(advisory_destinations.c.current.is_(True))
        .distinct()
        .order_by(column)
    )
    return [str(c) for c in conn.execute(query).scalars()]


@router.get("/", response_class=HTMLResponse)
def dashboard(
    conn: Conn,
    store: StoreDep,
    audience: AudienceParam = None,
    issuer: OptCode = None,
) -> HTMLResponse:
    try:
        issuer = optional_place_code(issuer)
        if audience == ALL or (not audience and issuer):
            # Across audiences: each government's advice to its own citizens.
            audience = None
        elif audience:
            audience = place_code(audience)
        else:
            configured = str(store.settings["dashboard.audience"] or "")
            audience = queries.default_audience(conn, configured or None)
    except ConfigError as e:
        return _not_found(e.reason)
    levels = queries.map_levels(conn, audience=audience, issuer=issuer)
    geo = world()
    countries = [{**c, "entry": levels.get(c["code"])} for c in geo["countries"]]
    off_map = sorted(
        code for code in levels if code not in {c["code"] for c in countries}
    )
    return _page(
        "index.html",
        width=geo["width"],
        height=geo["height"],
        countries=countries,
        off_map=[(code, levels[code]) for code in off_map],
        audience=audience,
        issuer=issuer,
        audiences=_choices(conn, advisory_destinations.c.audience),
        issuers=_choices(conn, advisory_destinations.c.issuer),
        known=len(levels),
        banners=_banners(
            conn, store, {a["issuer"] for e in levels.values() for a in e["advice"]}
        ),
    )


@router.get("/matrix", response_class=HTMLResponse)
def matrix_page(conn: Conn, store: StoreDep, audience: OptCode = None) -> HTMLResponse:
    try:
        audience = optional_place_code(audience)
    except ConfigError as e:
        return _not_found(e.reason)
    m = queries.matrix(conn, audience=audience)
    return _page(
        "matrix.html",
        m=m,
        audience=audience,
        audiences=_choices(conn, advisory_destinations.c.audience),
        banners=_banners(conn, store, m["issuers"]),
    )


#: Languages written right to left (ISO 639-1, and Kurdish Sorani's 639-3).
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})


def _report_view(conn: sa.Connection, report: dict[str, Any]) -> dict[str, Any]:
    """A report with its article cut into highlighted pieces, and the article's
    language and writing direction (an Arabic article reads right to left even
    when it starts with a Latin name; others follow their first letter)."""
    pieces = None
    language = None
    if report["document_id"] is not None:
        doc = docs.get_document(conn, report["document_id"])
        if doc is not None:
            text = doc["original_text"]
            pieces = highlight(text, evidence_spans(text, report["advisory"] or {}))
            language = doc.get("language") or None
    direction = "rtl" if language in RTL_LANGUAGES else "auto"
    return {**report, "pieces": pieces, "language": language, "direction": direction}


@router.get("/advisories/{advisory_id}", response_class=HTMLResponse)
def advisory_page(conn: Conn, store: StoreDep, advisory_id: str) -> HTMLResponse:
    adv = queries.get_advisory(conn, advisory_id)
    if adv is None:
        return _not_found(f"No advisory {advisory_id!r} is stored.")
    reports = [_report_view(conn, r) for r in adv["reports"]]
    timelines = []
    for dest in adv["destinations"][:3]:
        line = queries.timeline(conn, adv["issuer"], dest)
        timelines.append({**line, "chart": timeline_chart(line["steps"])})
    from travelwatch.storage.corrections import list_corrections

    return _page(
        "advisory.html",
        adv=adv,
        reports=reports,
        timelines=timelines,
        trail=list_corrections(conn, target=advisory_id),
        writable=bool(store.settings["api.token"]),
        banners=_banners(conn, store, [adv["issuer"]]),
    )


def _not_found(message: str) -> HTMLResponse:
    return HTMLResponse(render("notfound.html", message=message), status_code=404)


def _form(body: bytes) -> dict[str, str]:
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items() if v}


@router.post("/advisories/{advisory_id}/correct", response_class=HTMLResponse)
async def correct_advisory_form(
    request: Request, store: StoreDep, advisory_id: str
) -> Response:
    """The advisory page's correction form: needs the write token (``api.token``)."""
    form = _form(await request.body())
    expected = store.settings["api.token"]
    given = form.get("token", "")
    if not expected or not hmac.compare_digest(given.encode(), str(expected).encode()):
        message = (
            "Corrections are disabled: no api.token is configured."
            if not expected
            else "Wrong write token."
        )
        return HTMLResponse(render("notfound.html", message=message), status_code=403)
    level = form.get("level") or None
    try:
        await run_in_threadpool(
            corrections.correct_advisory,
            store,
            advisory_id,
            form.get("action", ""),
            reason=form.get("reason", ""),
            level=int(level) if level and level.isdigit() else None,
            actor=form.get("actor") or None,
        )
    except InputError as e:
        return _not_found(e.reason)
    except ConfigError as e:
        return HTMLResponse(render("notfound.html", message=e.reason), status_code=400)
    return RedirectResponse(f"/advisories/{advisory_id}", status_code=303)


@router.get("/destinations/{code}", response_class=HTMLResponse)
def destination_page(
    conn: Conn,
    store: StoreDep,
    code: PathPlace,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_NUMBER)] = 0,
) -> HTMLResponse:
    try:
        place = place_code(code)
    except ConfigError as e:
        return _not_found(e.reason)
    # The earlier advice a page at a time: a place's history grows with the store.
    d = queries.destination_view(
        conn, place, earlier_offset=offset, earlier_limit=queries.EARLIER_PAGE
    )
    shown = {a["issuer"] for a in d["official"] + d["news"]}
    return _page("destination.html", d=d, banners=_banners(conn, store, shown))


@router.get("/issuers/{code}", response_class=HTMLResponse)
def issuer_page(conn: Conn, store: StoreDep, code: PathPlace) -> HTMLResponse:
    try:
        place = place_code(code)
    except ConfigError as e:
        return _not_found(e.reason)
    v = queries.issuer_view(conn, place)
    shown = {place} | {a["issuer"] for a in v["received"]}
    return _page("issuer.html", v=v, banners=_banners(conn, store, shown))


@router.get("/changes", response_class=HTMLResponse)
def changes_page(conn: Conn, store: StoreDep) -> HTMLResponse:
    return _page(
        "changes.html",
        changes=list_changes(conn, limit=200),
        banners=_banners(conn, store),
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(conn: Conn, store: StoreDep) -> HTMLResponse:
    hours = float(store.settings["feeds.stale_after_hours"])
    return _page(
        "sources.html",
        sources=queries.sources_view(conn, stale_after_hours=hours),
        news=queries.news_sources_view(conn, store.settings),
        news_stale_after_hours=float(store.settings["poll.stale_after_hours"]),
        stale_after_hours=hours,
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    conn: Conn, store: StoreDep, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    result = queries.search(conn, q) if q.strip() else None
    return _page("search.html", q=q, result=result, banners=_banners(conn, store))
