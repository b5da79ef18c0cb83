"""Per-request dependencies: a database connection and the bearer-token check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request

from travelwatch.api.errors import MAX_ROW_NUMBER
from travelwatch.errors import ConfigError
from travelwatch.settings import Settings
from travelwatch.storage.store import Store

__all__ = [
    "MAX_ROW_NUMBER",
    "Conn",
    "StoreDep",
    "Writer",
    "api_token",
    "get_conn",
    "get_store",
    "require_token",
]


def api_token(settings: Settings) -> str | None:
    """``api.token``, or the first line of ``api.token_file``; None when neither."""
    token = settings["api.token"]
    if token:
        return str(token)
    path = settings["api.token_file"]
    if not path:
        return None
    try:
        first = Path(str(path)).expanduser().read_text(encoding="utf-8").split("\n")[0]
    except OSError as e:
        raise ConfigError(
            "TW002", name="api.token_file", reason=f"cannot read {path}: {e.strerror}"
        ) from e
    return first.strip() or None


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_conn(store: Annotated[Store, Depends(get_store)]) -> Iterator[sa.Connection]:
    with store.connect() as conn:
        yield conn


def require_token(
    request: Request, store: Annotated[Store, Depends(get_store)]
) -> None:
    """Writes need ``Authorization: Bearer <api.token>``; with no token set, none pass."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    expected = api_token(store.settings)
    if not expected:
        raise HTTPException(403, "writes are disabled: no api.token is configured")
    if not hmac.compare_digest(given.strip().encode(), str(expected).encode()):
        raise HTTPException(403, "wrong token")


Conn = Annotated[sa.Connection, Depends(get_conn)]
StoreDep = Annotated[Store, Depends(get_store)]
Writer = Depends(require_token)
