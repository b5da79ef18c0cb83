"""The FastAPI application: JSON API under /api, the dashboard, local API docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from travelwatch.api import routes_advisories, routes_documents, routes_writes
from travelwatch.api.errors import install_error_handlers
from travelwatch.storage.store import Store

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


# The CSP forbids inline scripts, so Swagger UI starts from a file of ours.
_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>travelwatch API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>
"""


def _swagger_dir() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(swagger_ui_path)


def _docs(app: FastAPI) -> None:
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if swagger is None:
            return HTMLResponse(
                "<!doctype html><title>travelwatch API</title><p>Interactive docs need "
                "the swagger-ui-bundle package; the schema is at "
                '<a href="/openapi.json">/openapi.json</a>.</p>'
            )
        return HTMLResponse(_DOCS_PAGE)


def create_app(store: Store) -> FastAPI:
    """An app serving ``store``: read-only unless ``api.token`` is set."""
    app = FastAPI(
        title="travelwatch",
        summary="Government travel advisories from official feeds and news, with citations.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    install_error_handlers(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    for module in (routes_advisories, routes_documents, routes_writes):
        app.include_router(module.router, prefix="/api")
    _docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from travelwatch.web.views import router as web_router

    app.include_router(web_router)
    return app
