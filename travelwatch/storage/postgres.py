"""PostgreSQL specifics that are not part of a store: scratch databases.

Tests and benchmarks need a fresh database on a real server and must leave none
behind; :func:`scratch_database` creates one, yields its URL and drops it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from travelwatch.errors import StorageError

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def scratch_database(
    admin_url: str = DEFAULT_ADMIN_URL, *, prefix: str = "tw_scratch"
) -> Iterator[str]:
    """A new, empty database on ``admin_url``'s server, dropped afterwards.

    Raises :class:`StorageError` (TW401) when the server cannot be reached, so that
    callers can skip cleanly.
    """
    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as e:  # any failure here means "no usable server"
        raise StorageError(
            "TW401", url=admin_url, detail=f"no PostgreSQL server: {e}"
        ) from e
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
