"""The FastAPI application: JSON API under /api, the dashboard, local API docs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from travelwatch.api import routes_advisories, routes_documents, routes_writes
from travelwatch.api.cache import ResponseCache
from travelwatch.api.errors import install_error_handlers
from travelwatch.api.page_cache import ConcurrencyLimit, PageCache
from travelwatch.redact import install as install_log_redaction
from travelwatch.redact import remember_settings_secrets
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

#: Requests handled at once per server process: under the 40 threads and the 40
#: pooled connections each process has (see storage.db.POOL_SIZE); later ones
#: queue for at most QUEUE_WAIT_S, then get 503 with Retry-After.
REQUESTS_IN_PROGRESS = 32
QUEUE_WAIT_S = 4.0

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a task and a
    stream per request, a large share of a cached API response's time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._headers = [
            (k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self._headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# The CSP forbids inline scripts, so Swagger UI starts from a file of ours.
_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>travelwatch API</title>
<link rel="icon" href="/docs/assets/favicon.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script></body></html>
"""


def _swagger_dir() -> Path | None:
    """Swagger UI's built files, as the fastapi-offline package ships them.

    Swagger UI reads OpenAPI 3.1 (FastAPI's schema) from version 5 on;
    fastapi-offline 1.7.7 carries 5.32 (swagger-ui-bundle, used before, carries
    4.15, which cannot render a 3.1 document at all).
    """
    try:
        import fastapi_offline
    except ImportError:
        return None
    static = Path(fastapi_offline.__file__).resolve().parent / "static"
    return static if (static / "swagger-ui-bundle.js").is_file() else None


def _docs(app: FastAPI) -> None:
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if swagger is None:
            return HTMLResponse(
                "<!doctype html><title>travelwatch API</title><p>Interactive docs need "
                "the fastapi-offline package; the schema is at "
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
    remember_settings_secrets(store.settings)  # masked in every log line
    app.state.response_cache = ResponseCache()
    install_error_handlers(app)
    app.add_middleware(PageCache, store=store)
    app.add_middleware(
        ConcurrencyLimit, limit=REQUESTS_IN_PROGRESS, wait_s=QUEUE_WAIT_S
    )
    app.add_middleware(SecurityHeaders)

    for module in (routes_advisories, routes_documents, routes_writes):
        app.include_router(module.router, prefix="/api")
    _docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from travelwatch.web.views import router as web_router

    app.include_router(web_router)
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory`` and multi-worker serving.

    Each worker process opens its own store from the settings (``TRAVELWATCH_DB``),
    and masks secrets in its log lines as the CLI does (see travelwatch.redact).
    """
    install_log_redaction()
    return create_app(Store(settings=load_settings()))
