"""Opening a store: URL resolution, engine set-up and migrations.

``--db`` takes a file path or a SQLAlchemy URL. SQLite (the default) runs in WAL
mode with foreign keys on and a busy timeout, so a reader never blocks a writer and
two processes can share a file. PostgreSQL needs the ``[postgres]`` extra.
"""

from __future__ import annotations

import json
import logging
import re
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
from travelwatch.safe_text import safe_text, safe_value

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"
_BUSY_TIMEOUT_S = 30
# Serialises concurrent migrations on PostgreSQL (any fixed 64-bit number will do).
_PG_MIGRATION_LOCK = 7_311_520_001
#: One connection per server thread (Starlette runs sync endpoints on a pool of 40
#: threads), so a request never waits for a connection behind the thread pool; a
#: wait past the timeout is reported as busy (HTTP 503), not left to hang.
POOL_SIZE = 40
POOL_TIMEOUT_S = 5
_POOL: dict[str, Any] = {
    "pool_size": POOL_SIZE,
    "max_overflow": 8,
    "pool_timeout": POOL_TIMEOUT_S,
}
_ESCAPED_UNSAFE = re.compile(r"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")


def redact_url(url: str) -> str:
    """``url`` fit for a log line: any password replaced by ``***``."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return re.sub(r"://([^/:@]*):[^/@]*@", r"://\1:***@", url)


def resolve_url(db: str, *, create_parent: bool = False) -> str:
    """A SQLAlchemy URL for ``db``, which is either a URL or a file path.

    A missing folder is created only when ``create_parent`` (the default store's
    location); a path a user typed with a missing folder is an error, not a
    surprise folder.
    """
    if "://" in db:
        if db.startswith("postgres://"):
            return "postgresql+psycopg://" + db[len("postgres://") :]
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]
        return db
    if db == ":memory:":
        return "sqlite://"
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        if not create_parent:
            raise StorageError(
                "TW401",
                source=db,
                detail=f"folder {path.parent} does not exist; create it first "
                "(only the default location is created for you)",
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise StorageError("TW401", source=db, detail="is a folder, not a database")
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


def _json_dumps(value: Any) -> str:
    # Not ASCII-escaped, so that a lone surrogate is a character the statement
    # sanitiser below replaces, not a "\\ud800" escape that breaks every read.
    return json.dumps(safe_value(value), ensure_ascii=False)


def _json_loads(text: str | bytes) -> Any:
    if isinstance(text, bytes | bytearray | memoryview):  # psycopg hands bytes
        text = bytes(text).decode("utf-8")
    value = json.loads(text)
    # Rows written before text was sanitised may hold escaped surrogates or NULs.
    return safe_value(value) if _ESCAPED_UNSAFE.search(text) else value


def _safe_param(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


def _safe_params(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: _safe_param(v) for k, v in params.items()}
    if isinstance(params, tuple):
        return tuple(_safe_param(v) for v in params)
    if isinstance(params, list):
        return [_safe_params(p) for p in params]
    return params


def _sanitise_statement(
    _conn: object,
    _cursor: object,
    statement: str,
    parameters: Any,
    _context: object,
    _executemany: bool,
) -> tuple[str, Any]:
    """Every text value bound to a statement is valid text (see safe_text)."""
    return statement, _safe_params(parameters)


def create_engine(url: str) -> Engine:
    """An engine for ``url`` with travelwatch's connection settings.

    Every string bound to a statement, and every string inside a JSON value, has
    its lone surrogates and NULs replaced (:mod:`travelwatch.safe_text`), so no
    stored value can break a later read.
    """
    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": _BUSY_TIMEOUT_S},
                json_serializer=_json_dumps,
                json_deserializer=_json_loads,
                **({"poolclass": sa.pool.StaticPool} if url == "sqlite://" else _POOL),
            )
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = sa.create_engine(
                url,
                pool_pre_ping=True,
                **_POOL,
                json_serializer=_json_dumps,
                json_deserializer=_json_loads,
            )
    except ImportError as e:
        raise StorageError(
            "TW401",
            source=redact_url(url),
            detail=f"the database driver is not installed ({e.name or e}); "
            "for PostgreSQL: pip install 'travelwatch[postgres]'",
        ) from e
    except sa.exc.ArgumentError as e:
        raise StorageError(
            "TW401",
            source=redact_url(url),
            detail=f"unknown kind of database ({e}); give a file path, "
            "sqlite:///PATH or postgresql://USER@HOST/DB",
        ) from e
    sa.event.listen(engine, "before_cursor_execute", _sanitise_statement, retval=True)
    return engine


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
    try:
        if is_current(engine):
            return
        with engine.connect() as conn, conn.execution_options(tw_write=True).begin():
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
                )
            command.upgrade(_alembic_config(conn), "head")
    except sa.exc.SQLAlchemyError as e:
        where = redact_url(str(engine.url))
        reason = str(getattr(e, "orig", None) or e).splitlines()[0]
        if "not a database" in reason or "unable to open" in reason:
            raise StorageError(
                "TW401",
                source=where,
                detail=f"{reason}; check that the path is a travelwatch database "
                "you may read and write",
            ) from e
        raise StorageError(
            "TW401", source=where, detail=f"cannot open: {reason}"
        ) from e
    log.info("database migrated to head")
