from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from travelwatch.errors import StorageError
from travelwatch.storage.db import create_engine, is_current, migrate, resolve_url
from travelwatch.storage.schema import metadata


def test_path_becomes_sqlite_url(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "x.db"))
    assert url == f"sqlite:///{tmp_path / 'x.db'}"


def test_missing_folder_is_created_only_for_the_default_location(
    tmp_path: Path,
) -> None:
    # Issue 15: a typo in --db must not quietly create a folder tree.
    with pytest.raises(StorageError):
        resolve_url(str(tmp_path / "sub" / "x.db"))
    assert not (tmp_path / "sub").exists()
    url = resolve_url(str(tmp_path / "sub" / "x.db"), create_parent=True)
    assert url.startswith("sqlite:///") and (tmp_path / "sub").is_dir()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///a.db", "sqlite:///a.db"),
        (":memory:", "sqlite://"),
    ],
)
def test_urls_are_normalised(given: str, expected: str) -> None:
    assert resolve_url(given) == expected


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    engine = create_engine(resolve_url(str(tmp_path / "m.db")))
    migrate(engine)
    migrate(engine)
    assert is_current(engine)


def test_migrations_match_schema(tmp_path: Path) -> None:
    engine = create_engine(resolve_url(str(tmp_path / "m.db")))
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # The FTS5 shadow tables are ours, created by migration 0002 on purpose.
    diff = [d for d in diff if not (d[0] == "remove_table" and "fts" in d[1].name)]
    assert diff == []


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = create_engine(resolve_url(str(tmp_path / "w.db")))
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_opening_a_new_file_while_another_connection_reads_it(tmp_path: Path) -> None:
    # A fresh file another connection has open: the switch to WAL still happens.
    import sqlite3
    import threading
    import time

    path = tmp_path / "fresh.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("INSERT INTO t VALUES (1)")
    holder.execute("BEGIN")
    holder.execute("SELECT * FROM t").fetchall()  # a reader's shared lock

    def release() -> None:
        time.sleep(0.5)
        holder.execute("COMMIT")

    threading.Thread(target=release).start()
    engine = create_engine(resolve_url(str(path)))
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    holder.close()


class _LockedTwice:
    """A cursor whose first two journal-mode statements find the file locked."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.mode = "delete"

    def execute(self, sql: str) -> _LockedTwice:
        import sqlite3

        self.calls.append(sql)
        if len(self.calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        if sql.endswith("=WAL"):
            self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        return (self.mode,)


def test_switch_to_wal_retries_while_the_file_is_locked() -> None:
    from travelwatch.storage.db import _ensure_wal

    cursor = _LockedTwice()
    _ensure_wal(cursor)
    assert cursor.mode == "wal" and len(cursor.calls) == 4


def test_other_errors_are_not_retried() -> None:
    import sqlite3

    from travelwatch.storage.db import _ensure_wal

    class Broken:
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk"):
        _ensure_wal(Broken())
