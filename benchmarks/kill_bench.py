"""Issue 16's check: a large ingest killed twice at random, re-run, then compared
with an uninterrupted run of the same input.

Generates the mixed corpus (``benchmarks/corpus.py``), ingests it once without
interruption into one SQLite store, and into another with ``travelwatch ingest``
killed (SIGKILL) twice at random points (a random document count in the first
and in the second third, plus a random pause so that the kill lands anywhere in
a batch), then run again to the end. The two stores are compared table by table
(documents, reports, advisories, their destination and place rows), row by row
in key order, leaving out only the columns written with the wall clock
(``created_at``, ``seen_at``, ``first_seen``, ``last_seen``, also inside
payloads). Prints the comparison and exits 1 on any difference.

    python benchmarks/kill_bench.py --articles 100000 [--seed N]
        [--stages clean,screen,extract_advisory,sign]

The default stages are the hand rules (as ``ingest_bench.py --stages`` runs
them) so that 100,000 articles take minutes, not hours: the default reader reads
each screened article with its encoder (~60 articles/s here). Kill and resume
depend on the store and the batches, not on which extractor fills them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from corpus import write_corpus
from travelwatch.storage.db import create_engine, resolve_url
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    advisory_places,
    documents,
    reports,
)

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")
# Written with the wall clock when a row is stored: they differ between any two
# runs (the same set as the tests' comparison).
VOLATILE = frozenset({"created_at", "seen_at", "first_seen", "last_seen"})
TABLES = {
    "documents": (documents, (documents.c.content_hash,)),
    "reports": (reports, (reports.c.key,)),
    "advisories": (advisories, (advisories.c.id,)),
    "advisory_destinations": (
        advisory_destinations,
        (advisory_destinations.c.advisory_id, advisory_destinations.c.code),
    ),
    "advisory_places": (
        advisory_places,
        (advisory_places.c.advisory_id, advisory_places.c.code),
    ),
}


def _command(corpus: Path, db: Path, args: argparse.Namespace) -> list[str]:
    return [
        TRAVELWATCH,
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--format",
        "csv",
        "--set",
        f"pipeline.stages={args.stages}",
        "--set",
        f"ingest.processes={args.processes}",
    ]


def _stored(db: Path) -> int:
    """Documents committed so far (read without taking the writer's lock)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # the schema is not there yet


def _run(corpus: Path, db: Path, args: argparse.Namespace) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        _command(corpus, db, args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    return time.perf_counter() - start


def _run_and_kill(
    corpus: Path, db: Path, args: argparse.Namespace, after: int, pause: float
) -> int:
    """Start the ingest, SIGKILL it ``pause`` seconds after ``after`` documents
    are stored; the documents stored when it died."""
    proc = subprocess.Popen(
        _command(corpus, db, args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while proc.poll() is None and _stored(db) < after:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"the run ended before {after} documents: no kill")
        time.sleep(pause)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    return _stored(db)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _rows(db: Path, name: str) -> Iterator[tuple[str, str]]:
    """(key, digest of the row without its volatile columns), in key order."""
    table, key = TABLES[name]
    engine = create_engine(resolve_url(str(db)))
    try:
        with engine.connect() as conn:
            query = sa.select(table).order_by(*key)
            for row in conn.execution_options(yield_per=2000).execute(query):
                data = _plain(dict(row._mapping))
                text = json.dumps(data, sort_keys=True, default=str)
                ident = "|".join(str(row._mapping[c.name]) for c in key)
                yield ident, hashlib.sha256(text.encode()).hexdigest()
    finally:
        engine.dispose()


def compare(a: Path, b: Path) -> dict[str, tuple[int, int, int]]:
    """Per table: rows in ``a``, rows in ``b``, rows that differ or are missing."""
    out = {}
    for name in TABLES:
        left, right = dict(_rows(a, name)), dict(_rows(b, name))
        differ = sum(
            1 for k in left.keys() | right.keys() if left.get(k) != right.get(k)
        )
        out[name] = (len(left), len(right), differ)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, help="of the kill points (random)")
    parser.add_argument("--stages", default="clean,screen,extract_advisory,sign")
    parser.add_argument("--processes", type=int, default=1, help="ingest.processes")
    parser.add_argument(
        "--dir", type=Path, help="work here (kept) instead of a temp dir"
    )
    args = parser.parse_args()
    seed = (
        args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    )
    rng = random.Random(seed)
    work = args.dir or Path(tempfile.mkdtemp(prefix="tw-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    if not corpus.exists():
        write_corpus(corpus, args.articles)
    whole, killed = work / "whole.db", work / "killed.db"
    for db in (whole, killed):
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
    n = args.articles
    print(
        f"{n} articles, stages {args.stages}, ingest.processes={args.processes}, "
        f"kill seed {seed}, in {work}"
    )
    took = _run(corpus, whole, args)
    print(f"uninterrupted run: {took:.0f} s")
    t0 = time.perf_counter()
    first = _run_and_kill(
        corpus, killed, args, rng.randrange(1, n // 3), rng.uniform(0, 1)
    )
    print(f"first run killed with {first} documents stored")
    second = _run_and_kill(
        corpus, killed, args, first + rng.randrange(1, n // 3), rng.uniform(0, 1)
    )
    print(f"second run killed with {second} documents stored")
    if not first < second < n:
        raise SystemExit("a kill did not land inside the run")
    _run(corpus, killed, args)
    print(f"killed twice and re-run: {time.perf_counter() - t0:.0f} s in all")
    result = compare(whole, killed)
    print(f"{'table':<24}{'uninterrupted':>14}{'killed+rerun':>14}{'differ':>8}")
    for name, (a, b, differ) in result.items():
        print(f"{name:<24}{a:>14}{b:>14}{differ:>8}")
    bad = any(differ for _, _, differ in result.values())
    print("DIFFERENT" if bad else "identical (volatile timestamps left out)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
