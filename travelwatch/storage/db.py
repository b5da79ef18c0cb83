"""Opening a store: URL resolution, engine set-up and migrations.

``--db`` takes a file path or a SQLAlchemy URL. SQLite (the default) runs in WAL
mode with foreign keys on and a busy timeout, so a reader never blocks a writer and
two processes can share a file. PostgreSQL needs the ``[postgres]`` extra.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from travelwatch.errors import StorageError

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"
_BUSY_TIMEOUT_S = 30
# Serialises concurrent migrations on PostgreSQL (any fixed 64-bit number will do).
_PG_MIGRATION_LOCK = 7_311_520_001


def resolve_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``, which is either a URL or a file path."""
    if "://" in db:
        if db.startswith("postgres://"):
            return "postgresql+psycopg://" + db[len("postgres://") :]
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]
        return db
    if db == ":memory:":
        return "sqlite://"
    path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_S * 1000}")
    _ensure_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _ensure_wal(cursor: Any) -> None:
    """Switch the file to WAL once; it stays so for every later connection.

    Changing the journal mode needs a moment with no other writer and does not
    wait on ``busy_timeout``: on a new file, a second process opening it while the
    first runs its migrations can get "database is locked" at once (seen in CI;
    not reproducible on demand). So retry with backoff, as long as a busy writer
    would be waited for.
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_S
    delay = 0.01
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _sqlite_begin(conn: sa.Connection) -> None:
    # A write transaction takes the write lock up front (waiting up to busy_timeout),
    # so two writers queue instead of failing when a read would upgrade to a write.
    if conn.get_execution_options().get("tw_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine(url: str) -> Engine:
    """An engine for ``url`` with travelwatch's connection settings."""
    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": _BUSY_TIMEOUT_S},
                poolclass=sa.pool.StaticPool if url == "sqlite://" else None,
            )
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, ImportError) as e:
        raise StorageError("TW401", detail=f"cannot open {url!r}: {e}") from e


def _alembic_config(connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration."""
    head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent, safe to run concurrently)."""
    if is_current(engine):
        return
    try:
        with engine.connect() as conn, conn.execution_options(tw_write=True).begin():
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
                )
            command.upgrade(_alembic_config(conn), "head")
    except sa.exc.SQLAlchemyError as e:
        raise StorageError("TW401", detail=f"migration failed: {e}") from e
    log.info("database migrated to head")
