"""PostgreSQL holds exactly what SQLite holds, through the same migrations and commands."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from scale_support import (
    ADVICE,
    SEARCHES,
    all_fixture_texts,
    plain,
    scratch_postgres,
    snapshot,
    write_articles,
)
from typer.testing import CliRunner

import travelwatch.cli.commands  # noqa: F401  (registers the commands)
from travelwatch.cli.app import app
from travelwatch.storage.db import create_engine, is_current, migrate, resolve_url
from travelwatch.storage.schema import metadata
from travelwatch.storage.store import Store

pytestmark = pytest.mark.postgres

SHARED_SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
runner = CliRunner()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _json(*args: str) -> object:
    return json.loads(_cli(*args, "--format", "json"))


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Own fixtures, plus the three seed articles when ../shared is present."""
    folder = write_articles(
        tmp_path_factory.mktemp("parity") / "in", all_fixture_texts()
    )
    if SHARED_SEEDS.is_dir():
        for seed in sorted(SHARED_SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, articles: Path
) -> Iterator[tuple[str, str]]:
    """A SQLite and a PostgreSQL store, each filled by the same ``ingest`` command.

    Shared by the read-only tests of this module (filling them takes a while).
    """
    lite = str(tmp_path_factory.mktemp("parity") / "parity.db")
    with scratch_postgres() as pg:
        for db in (lite, pg):
            _cli("ingest", str(articles), "--db", db, "--format", "json")
        yield lite, pg


def test_migrations_reach_head_and_match_schema(pg_url: str) -> None:
    engine = create_engine(resolve_url(pg_url))
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert is_current(create_engine(resolve_url(pg_url)))
    # The generated tsvector column and its GIN index are migration 0002's own.
    assert [d for d in diff if "search" not in str(d)] == []


def test_postgres_url_uses_psycopg(pg_url: str) -> None:
    with Store(pg_url) as store:
        assert store.dialect == "postgresql"
        assert store.engine.driver == "psycopg"


def test_store_tables_are_identical(both: tuple[str, str]) -> None:
    lite, pg = snapshot(both[0]), snapshot(both[1])
    assert lite["documents"], "the fixtures must store documents"
    assert lite["advisories"], "the fixtures must produce advisories"
    for table in lite:
        assert pg[table] == lite[table], table


def test_near_duplicate_is_recognised_on_both(both: tuple[str, str]) -> None:
    for db in both:
        docs = {d["source"].rsplit("/", 1)[-1]: d for d in snapshot(db)["documents"]}
        original, copy = docs["ca_haiti.txt"], docs["ca_haiti_wire.txt"]
        assert copy["duplicate_of"] == original["id"]


@pytest.mark.parametrize(
    "command",
    [
        ("documents",),
        ("advisories",),
        ("advisories", "--all"),
        ("advisories", "--min-level", "4"),
        ("matrix",),
        ("timeline", "CA", "HT"),
        ("export",),
    ],
)
def test_read_commands_agree(both: tuple[str, str], command: tuple[str, ...]) -> None:
    lite, pg = (plain(_json(*command, "--db", db)) for db in both)
    assert lite, f"{command} shows nothing"
    assert pg == lite


def test_show_agrees(both: tuple[str, str]) -> None:
    ids = [a["id"] for a in _json("advisories", "--all", "--db", both[0])]
    assert ids
    for adv_id in ids:
        lite, pg = (plain(_json("show", adv_id, "--db", db)) for db in both)
        assert pg == lite


@pytest.mark.parametrize(("term", "expected"), sorted(SEARCHES.items()))
def test_full_text_search_finds_the_same_documents(
    both: tuple[str, str], term: str, expected: set[str]
) -> None:
    for db in both:
        found = _json("search", term, "--db", db)
        assert isinstance(found, list)
        with Store(db) as store:
            names = {
                Path(store.document(int(r["id"]))["source"]).name  # type: ignore[index]
                for r in found
            }
        assert names == expected, db


def test_search_treats_query_syntax_as_text(both: tuple[str, str]) -> None:
    # Operators of tsquery and FTS5 must neither fail nor change what is found.
    for db in both:
        found = _json("search", 'Khartoum & | ! ( ) :* "', "--db", db)
        assert isinstance(found, list)
        assert len(found) == 1, db


def test_ingest_twice_changes_nothing(pg_url: str, articles: Path) -> None:
    first = _json("ingest", str(articles), "--db", pg_url)
    before = snapshot(pg_url)
    again = _json("ingest", str(articles), "--db", pg_url)
    assert isinstance(first, list) and isinstance(again, list)
    assert {r["status"] for r in again} == {"unchanged"}
    assert len(again) == len(first)
    assert snapshot(pg_url) == before


def test_advice_articles_each_give_a_report(pg_url: str, articles: Path) -> None:
    _cli("ingest", str(articles), "--db", pg_url, "--format", "json")
    engine = create_engine(resolve_url(pg_url))
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT d.source FROM reports r JOIN documents d ON d.id = r.document_id"
            )
        )
        with_reports = {Path(r[0]).name for r in rows}
    engine.dispose()
    assert set(ADVICE) <= with_reports
