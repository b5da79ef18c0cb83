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
    .venv/bin/python benchmarks/ingest_bench.py --baseline-tree ../main
        # each row also run with another source tree's code (PYTHONPATH), right
        # before this tree's, with the load average beside both
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


def _ingest(
    corpus: Path, db: str, *settings: str, tree: Path | None = None
) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``travelwatch ingest`` command (with the
    code of ``tree`` when given)."""
    extra = [a for s in settings for a in ("--set", s)]
    env = None if tree is None else {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    # wait4 reports the command's own peak RSS (pool processes are its children,
    # reported to it, not to us): read them through /usr/bin/time when present.
    cmd = [TRAVELWATCH, "ingest", str(corpus), "--db", db, "--format", "csv", *extra]
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-f", "%M", *cmd]
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
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


def _pure_in(tree: Path, corpus: Path, stages: str) -> float:
    """:func:`_pure` run with the code of ``tree``, in a process of its own."""
    proc = subprocess.run(
        [sys.executable, __file__, "--pure-only", str(corpus), "--stages", stages],
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        check=True,
    )
    return float(proc.stdout.decode().split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--more", type=int, default=2_000)
    parser.add_argument("--stages", default=str(load_settings({})["pipeline.stages"]))
    parser.add_argument("--baseline-tree", type=Path, help="also run this tree's code")
    parser.add_argument("--pure-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pure_only:
        print(_pure(args.pure_only, args.stages))
        return
    base = args.baseline_tree.resolve() if args.baseline_tree else None
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
        if base is not None:
            print(f"baseline tree {base}: each row run with its code, then this tree's")
            pure = _pure_in(base, corpus, args.stages)
            print(
                f"baseline tree: pure pipeline, one process, no store {pure:7.0f} "
                f"articles/s (load average {os.getloadavg()[0]:.1f})"
            )
        pure = _pure(corpus, args.stages)
        print(
            f"baseline: pure pipeline, one process, no store {pure:7.0f} articles/s "
            f"(load average {os.getloadavg()[0]:.1f})"
        )

        # One short article: what a command costs before any real work.
        nothing = tmp / "one.jsonl"
        nothing.write_text('{"text": "A one-line probe of the start-up cost."}\n')

        def row(name: str, db: str, *values: str, tree: Path | None = None) -> None:
            settings = (*values, f"pipeline.stages={args.stages}")
            pg = db.startswith("postgresql")
            load = os.getloadavg()[0]
            secs, peak = _ingest(corpus, db, *settings, tree=tree)
            more_secs, _ = _ingest(more, db, *settings, tree=tree)
            empty = "" if db.startswith("postgresql") else f"{db}.empty.db"
            # The fixed cost of a command (start, models, pool, merge of nothing).
            fixed, _ = _ingest(
                nothing, f"{db}.fixed.db" if not pg else db, *settings, tree=tree
            )
            label = name if tree is None else f"{name} (baseline tree)"
            print(
                f"{label:<24} {n / secs:5.0f} articles/s ({secs:5.1f} s, start-up "
                f"{fixed:4.1f} s, peak RSS {peak:4.0f} MB); {args.more} more on top: "
                f"{args.more / (more_secs - fixed):5.0f}/s after start-up",
                end="",
            )
            if empty:
                e_secs, _ = _ingest(more, empty, *settings, tree=tree)
                print(
                    f", into an empty store {args.more / (e_secs - fixed):5.0f}/s",
                    end="",
                )
            print(f"; load average {load:.1f}")

        def rows(name: str, db: str, *values: str) -> None:
            if base is not None:
                if db.startswith("postgresql"):
                    with scratch_database(PG_ADMIN_URL, prefix="tw_bench") as other:
                        row(name, other, *values, tree=base)
                else:
                    row(name, f"{db}.baseline.db", *values, tree=base)
            row(name, db, *values)

        rows("sqlite, 1 process", str(tmp / "s1.db"), "ingest.processes=1")
        rows("sqlite, 2 processes", str(tmp / "s2.db"), "ingest.processes=2")
        try:
            with scratch_database(PG_ADMIN_URL, prefix="tw_bench") as pg:
                rows("postgresql, 2 processes", pg, "ingest.processes=2")
        except Exception as e:  # only a missing server skips this row
            print(f"postgresql skipped: {e}")


if __name__ == "__main__":
    main()
