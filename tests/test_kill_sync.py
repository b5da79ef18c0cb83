"""Issue 15 ("what holds and must keep holding"): ``kill -9`` in the middle of a
sync or an ingest loses and duplicates nothing, on PostgreSQL and (sync) on SQLite;
tests/test_resume.py does the same for ingest on SQLite.

The sync runs as a real ``travelwatch sync`` process; the test kills it at the
moment one of its transactions has written, so the kill lands inside a write, not
before or after it: on PostgreSQL when the server's own view of the session shows
a transaction id (``pg_stat_activity.backend_xid``), on SQLite when another writer
is refused the write lock. Afterwards the store holds either
nothing of that sync or all of it, and running the sync again ends exactly where
an uninterrupted sync ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from scale_support import PG_ADMIN_URL, plain

from travelwatch.errors import StorageError
from travelwatch.settings import load_settings
from travelwatch.storage.postgres import scratch_database
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    changes,
    official_versions,
    reports,
)
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")
FIPS = Path(__file__).resolve().parents[1] / "travelwatch" / "data" / "fips_to_iso.json"
LEVELS = {
    1: "Level 1: Exercise Normal Precautions",
    2: "Level 2: Exercise Increased Caution",
    3: "Level 3: Reconsider Travel",
    4: "Level 4: Do Not Travel",
}
TABLES = {
    "official_versions": official_versions,
    "reports": reports,
    "advisories": advisories,
    "advisory_destinations": advisory_destinations,
    "changes": changes,
}


def _feed(path: Path) -> Path:
    """A State Department-shaped feed with one item per single-place tag."""
    import pycountry

    tags = json.loads(FIPS.read_text(encoding="utf-8"))["tags"]
    items = []
    for n, (tag, row) in enumerate(sorted(tags.items())):
        if len(row["iso"]) != 1 or "by_title" in row:
            continue
        country = pycountry.countries.get(alpha_2=row["iso"][0])
        if country is None:
            continue
        name = country.name.replace("&", "and")
        level = LEVELS[n % 4 + 1]
        items.append(
            f"""<item><title>{name} - {level}</title>
<link>https://travel.state.gov/example/{tag.lower()}.html</link>
<pubDate>Mon, 02 Mar 2026</pubDate>
<description><![CDATA[<p>{level.split(": ")[1]} in {name}.</p>]]></description>
<category domain="Threat-Level">{level}</category>
<category domain="Country-Tag">{tag}</category>
<guid>https://travel.state.gov/example/{tag.lower()}.html</guid></item>"""
        )
    assert len(items) > 150
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Invented advisories for tests</title>"
        "<link>https://travel.state.gov/example/</link>"
        "<pubDate>Fri, 13 Mar 2026 10:00:00 GMT</pubDate>"
        + "".join(items)
        + "</channel></rss>",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def two_databases() -> Iterator[tuple[str, str]]:
    pytest.importorskip("psycopg")
    with ExitStack() as stack:
        try:
            urls = tuple(
                stack.enter_context(scratch_database(PG_ADMIN_URL, prefix="tw_kill"))
                for _ in range(2)
            )
        except StorageError as e:
            pytest.skip(e.reason)
        yield urls  # type: ignore[misc]


def _sync(feed: Path, db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [TRAVELWATCH, "sync", "us", "--from", str(feed), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _state(db: str) -> dict[str, list[Any]]:
    engine = sa.create_engine(db)
    volatile = frozenset({"id", "created_at", "seen_at", "first_seen", "last_seen"})
    volatile |= {"version_id", "fetched_at", "synced_at", "at"}
    try:
        with engine.connect() as conn:
            return {
                name: sorted(
                    (
                        json.dumps(plain(dict(r._mapping), volatile), sort_keys=True)
                        for r in conn.execute(sa.select(table))
                    ),
                )
                for name, table in TABLES.items()
            }
    finally:
        engine.dispose()


def _kill_inside_a_write(proc: subprocess.Popen[bytes], db: str) -> bool:
    """SIGKILL ``proc`` once one of its transactions has written; False when it
    finished before any write was seen."""
    engine = sa.create_engine(db, poolclass=sa.pool.NullPool)
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
    )
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if conn.execute(query).scalar_one():
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(timeout=30)
                    return True
                time.sleep(0.002)
    finally:
        engine.dispose()
    return False


@pytest.mark.postgres
def test_sync_killed_inside_a_write_loses_and_duplicates_nothing(
    tmp_path: Path, two_databases: tuple[str, str]
) -> None:
    killed_db, whole_db = two_databases
    feed = _feed(tmp_path / "us.xml")
    for db in two_databases:  # migrated before, so the only writer is the sync
        Store(settings=load_settings({"db": db})).close()
    empty = _state(killed_db)

    reference = _sync(feed, whole_db)
    assert reference.wait(timeout=300) == 0
    whole = _state(whole_db)
    assert len(whole["official_versions"]) > 150

    proc = _sync(feed, killed_db)
    if not _kill_inside_a_write(proc, killed_db):
        pytest.fail("the sync finished before any of its writes could be seen")
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)  # the server notices the closed connection and rolls back
    after_kill = _state(killed_db)
    # Nothing half-written: the sync's tables hold none of it, or all of it.
    for name in TABLES:
        assert after_kill[name] in (empty[name], whole[name]), name

    again = _sync(feed, killed_db)
    assert again.wait(timeout=300) == 0
    assert _state(killed_db) == whole


@pytest.mark.postgres
def test_ingest_killed_inside_a_write_on_postgres_resumes(
    tmp_path: Path, two_databases: tuple[str, str]
) -> None:
    """The same for ``ingest`` (one transaction per batch; batches of 5 here so
    that the run has many) on PostgreSQL: killed inside a batch's write, then run
    again, the store ends as an uninterrupted run's, every document once."""
    from scale_support import ADVICE, irrelevant_text, snapshot, write_jsonl

    advice = list(ADVICE.values())
    texts = [
        advice[i // 10] if i % 10 == 5 and i // 10 < len(advice) else irrelevant_text(i)
        for i in range(120)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", texts)
    killed_db, whole_db = two_databases
    for db in two_databases:
        Store(settings=load_settings({"db": db})).close()

    def ingest(db: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [TRAVELWATCH, "ingest", str(path), "--db", db, "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TRAVELWATCH_INGEST_BATCH_SIZE": "5"},
        )

    assert ingest(whole_db).wait(timeout=600) == 0
    proc = ingest(killed_db)
    # Let a few documents be stored first, so the kill lands mid-run.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        engine = sa.create_engine(killed_db, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text("SELECT count(*) FROM documents")
            ).scalar_one()
        engine.dispose()
        if stored >= 10:
            break
        time.sleep(0.2)
    if not _kill_inside_a_write(proc, killed_db):
        pytest.fail("the ingest finished before any of its writes could be seen")
    partial = snapshot(killed_db, with_ids=False)["documents"]
    assert 10 <= len(partial) < len(texts)
    assert len({d["content_hash"] for d in partial}) == len(partial)

    assert ingest(killed_db).wait(timeout=600) == 0
    assert snapshot(killed_db, with_ids=False) == snapshot(whole_db, with_ids=False)


def _kill_inside_a_sqlite_write(proc: subprocess.Popen[bytes], path: Path) -> bool:
    """SIGKILL ``proc`` while it holds SQLite's write lock (another writer is
    refused at once); False when it finished before that was seen."""
    import sqlite3

    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError as e:
                if "locked" not in str(e):
                    raise
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return True
            time.sleep(0.002)
    finally:
        probe.close()
    return False


def test_sync_killed_inside_a_write_on_sqlite_loses_nothing(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "us.xml")
    killed, whole = tmp_path / "killed.db", tmp_path / "whole.db"
    for path in (killed, whole):
        Store(settings=load_settings({"db": str(path)})).close()
    empty = _state(f"sqlite:///{killed}")
    assert _sync(feed, str(whole)).wait(timeout=300) == 0
    reference = _state(f"sqlite:///{whole}")

    proc = _sync(feed, str(killed))
    if not _kill_inside_a_sqlite_write(proc, killed):
        pytest.fail("the sync finished before any of its writes could be seen")
    after_kill = _state(f"sqlite:///{killed}")
    for name in TABLES:
        assert after_kill[name] in (empty[name], reference[name]), name
    assert _sync(feed, str(killed)).wait(timeout=300) == 0
    assert _state(f"sqlite:///{killed}") == reference
