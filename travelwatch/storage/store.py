"""The store: one object that owns the database connection.

Surfaces open a :class:`Store` and hand it to the functions in
:mod:`travelwatch.service`; the storage modules hold the SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from travelwatch.settings import Settings, default_db, load_settings
from travelwatch.storage import documents as docs
from travelwatch.storage.db import create_engine, migrate, resolve_url


class Store:
    """A travelwatch database (SQLite file or PostgreSQL), migrated on open."""

    def __init__(
        self, db: str | None = None, *, settings: Settings | None = None
    ) -> None:
        self.settings = settings or load_settings()
        chosen = db or self.settings.db
        self.url = resolve_url(chosen, create_parent=chosen == default_db())
        self.engine = create_engine(self.url)
        migrate(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        """A write transaction: committed when the block ends, rolled back on error."""
        with self.engine.connect() as conn:
            conn.execution_options(tw_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Read helpers used by several surfaces.
    def documents(
        self, *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        with self.connect() as conn:
            return docs.list_documents(conn, limit=limit, offset=offset)

    def document(self, doc_id: int) -> dict[str, Any] | None:
        with self.connect() as conn:
            return docs.get_document(conn, doc_id)

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        with self.connect() as conn:
            return docs.search_documents(conn, query, limit=limit)
