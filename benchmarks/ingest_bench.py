"""End-to-end ``travelwatch ingest`` of a generated mixed corpus, as a user runs it.

Each figure is the command itself (a fresh process: start-up, reading the JSON
lines, the pipeline, the batched store, the merge) timed from outside, with the
peak RSS of the command and of its pool processes. Printed beside them, from the
same run: the baseline, the pure pipeline (``process_article`` over the same
corpus in this process, no store), and the store's cost per article when the store
already holds the corpus vs when it is empty (a second, different corpus ingested
on top).

    .venv/bin/python benchmarks/ingest_bench.py                  # 10,000 articles
    .venv/bin/python benchmarks/ingest_bench.py --articles 2000  # quicker
    .venv/bin/python benchmarks/ingest_bench.py --stages clean,screen,extract_advisory,sign
                                                     # the hand rules instead of the reader
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from corpus import write_corpus
from travelwatch.ingest.readers import read_sources
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import process_article
from travelwatch.settings import load_settings
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")
PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)


def _ingest(corpus: Path, db: str, *settings: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``travelwatch ingest`` command."""
    extra = [a for s in settings for a in ("--set", s)]
    start = time.perf_counter()
    # wait4 reports the command's own peak RSS (pool processes are its children,
    # reported to it, not to us): read them through /usr/bin/time when present.
    cmd = [TRAVELWATCH, "ingest", str(corpus), "--db", db, "--format", "csv", *extra]
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-f", "%M", *cmd]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    secs = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    if timer.exists():
        peak = int(proc.stderr.decode().strip().splitlines()[-1]) / 1024
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, peak


def _pure(corpus: Path, stages: str) -> float:
    settings = load_settings({"db": ":memory:", "pipeline.stages": stages})
    pipeline = build_pipeline(settings)
    start = time.perf_counter()
    n = sum(
        1
        for a in read_sources([str(corpus)], settings=settings)
        if process_article(a, settings, pipeline)
    )
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--more", type=int, default=2_000)
    parser.add_argument("--stages", default=str(load_settings({})["pipeline.stages"]))
    args = parser.parse_args()
    n = args.articles
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus, more = tmp / "corpus.jsonl", tmp / "more.jsonl"
        info = write_corpus(corpus, n)
        write_corpus(more, args.more, seed=11)
        print(
            f"{date.today()}, {os.cpu_count()} cores, machine shared with other work; "
            f"corpus {n} articles ({info['advice']} with advice, "
            f"{info['bytes'] / 1e6:.1f} MB); second corpus {args.more} articles"
        )
        print(f"pipeline.stages = {args.stages}")
        pure = _pure(corpus, args.stages)
        print(f"baseline: pure pipeline, one process, no store {pure:7.0f} articles/s")

        # One short article: what a command costs before any real work.
        nothing = tmp / "one.jsonl"
        nothing.write_text('{"text": "A one-line probe of the start-up cost."}\n')

        def row(name: str, db: str, *values: str) -> None:
            settings = (*values, f"pipeline.stages={args.stages}")
            pg = db.startswith("postgresql")
            secs, peak = _ingest(corpus, db, *settings)
            more_secs, _ = _ingest(more, db, *settings)
            empty = "" if db.startswith("postgresql") else f"{db}.empty.db"
            # The fixed cost of a command (start, models, pool, merge of nothing).
            fixed, _ = _ingest(nothing, f"{db}.fixed.db" if not pg else db, *settings)
            print(
                f"{name:<24} {n / secs:5.0f} articles/s ({secs:5.1f} s, start-up "
                f"{fixed:4.1f} s, peak RSS {peak:4.0f} MB); {args.more} more on top: "
                f"{args.more / (more_secs - fixed):5.0f}/s after start-up",
                end="",
            )
            if empty:
                e_secs, _ = _ingest(more, empty, *settings)
                print(f", into an empty store {args.more / (e_secs - fixed):5.0f}/s")
            else:
                print()

        row("sqlite, 1 process", str(tmp / "s1.db"), "ingest.processes=1")
        row("sqlite, 2 processes", str(tmp / "s2.db"), "ingest.processes=2")
        try:
            with scratch_database(PG_ADMIN_URL, prefix="tw_bench") as pg:
                row("postgresql, 2 processes", pg, "ingest.processes=2")
        except Exception as e:  # only a missing server skips this row
            print(f"postgresql skipped: {e}")


if __name__ == "__main__":
    main()
