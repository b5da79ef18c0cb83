from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from travelwatch.storage.db import create_engine, is_current, migrate, resolve_url
from travelwatch.storage.schema import metadata


def test_path_becomes_sqlite_url(tmp_path: Path) -> None:
    url = resolve_url(str(tmp_path / "sub" / "x.db"))
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
