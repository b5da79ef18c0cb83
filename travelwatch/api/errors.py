"""One JSON error shape for every failure: ``{"ok": false, "error", "errors", "status"}``."""

from __future__ import annotations

import logging
from typing import Any, cast

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from travelwatch.errors import ConfigError, DeliveryError, InputError, TravelwatchError

log = logging.getLogger(__name__)


def error_body(
    status: int, error: str, errors: list[Any] | None = None
) -> dict[str, Any]:
    return {"ok": False, "error": error, "errors": errors or [], "status": status}


def error_response(
    status: int,
    error: str,
    errors: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(status, error, errors), status_code=status, headers=headers
    )


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        out.append({"location": where, "message": str(err.get("msg", ""))})
    return out


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return error_response(
        exc.status_code, detail, headers=getattr(exc, "headers", None)
    )


#: The largest id or offset a database integer holds (2**63 - 1). Parameters
#: that name a row or a row count are bounded by it (``le=MAX_ROW_NUMBER``).
MAX_ROW_NUMBER = 2**63 - 1


def _past_row_range(err: Any) -> bool:
    """Whether a validation error is a number no database row can have."""
    kind = err.get("type")
    if kind == "int_parsing_size":  # thousands of digits
        return True
    ctx = err.get("ctx") or {}
    return kind == "less_than_equal" and ctx.get("le") == MAX_ROW_NUMBER


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 for a parameter of the wrong kind or range; 400 for a row number
    (an ``offset``, a document id) past what a database integer holds, which no
    request can mean (and which would otherwise overflow in the driver)."""
    exc = cast(RequestValidationError, exc)
    items = _validation_items(exc)
    past = [
        item
        for err, item in zip(exc.errors(), items, strict=True)
        if _past_row_range(err)
    ]
    if past:
        for item in past:
            item["message"] = (
                f"past the largest row number a database holds ({MAX_ROW_NUMBER})"
            )
        where = past[0]["location"]
        return error_response(400, f"invalid {where}: {past[0]['message']}", items)
    first = items[0] if items else {"location": "request", "message": "invalid"}
    return error_response(
        422, f"invalid {first['location']}: {first['message']}", items
    )


async def _travelwatch_error(_request: Request, exc: Exception) -> JSONResponse:
    exc = cast(TravelwatchError, exc)
    if isinstance(exc, ConfigError):
        status = 400
    elif isinstance(exc, InputError | DeliveryError):
        status = 422  # what was sent cannot be used: the client's to fix
    else:
        status = 500
    return error_response(
        status, exc.line(), [{"code": exc.code, "message": exc.reason}]
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error in API request", exc_info=exc)
    return error_response(500, "internal server error")


async def _busy(_request: Request, exc: Exception) -> JSONResponse:
    # Every database connection is in use: ask the client to come back, at once,
    # rather than keep it waiting (or fail it with a 500).
    return error_response(
        503,
        "the server is busy; retry shortly",
        [{"code": "busy", "message": str(exc).splitlines()[0]}],
        headers={"Retry-After": "1"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(sa.exc.TimeoutError, _busy)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(TravelwatchError, _travelwatch_error)
    app.add_exception_handler(Exception, _unexpected)
