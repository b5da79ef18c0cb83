"""The dashboard's sources page: every official feed and news source, with health."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from travelwatch.api.deps import Conn, StoreDep
from travelwatch.news.sources import source_health as news_health
from travelwatch.storage.sources import source_health
from travelwatch.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(conn: Conn, store: StoreDep) -> HTMLResponse:
    hours = float(store.settings["feeds.stale_after_hours"])
    return HTMLResponse(
        render(
            "sources.html",
            official=source_health(conn, stale_after_hours=hours),
            news=news_health(conn, store.settings),
        )
    )
