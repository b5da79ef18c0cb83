"""Benchmark distributed ingest end to end, the client included.

The same generated corpus (``benchmarks/corpus.py``) is ingested into fresh stores:
in this process (``ingest_articles``, the baseline, pool off and on), and through
``ingest_distributed`` on a loopback ``LocalCluster`` of one and of two worker
processes (one thread each): into SQLite (the client stays the one writer) and
into PostgreSQL (the workers write their batches). Every figure is wall time from
the first article read to the merged advisories, and the client's own CPU time
per article. Workers are started and warmed (models loaded) before the clock
starts; on this 2-core machine the client, the scheduler and the workers share
the two cores.

    .venv/bin/python benchmarks/dask_bench.py            # 4,000 articles
    .venv/bin/python benchmarks/dask_bench.py --quick    # 800 articles
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

from dask.distributed import Client, LocalCluster

from corpus import write_corpus
from travelwatch.distributed import ingest_distributed
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database
from travelwatch.storage.store import Store

PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)

WARM_TEXT = (
    "Canada tells Canadians to avoid all travel to Haiti\n\n"
    "4 March 2025 - Global Affairs Canada urged Canadians to avoid all travel to "
    "Haiti because of armed clashes."
)


def _warm(stages: str) -> int:
    from travelwatch.service import process_article

    settings = load_settings({"db": ":memory:", "pipeline.stages": stages}, environ={})
    done = process_article(Article(text=WARM_TEXT, source="warm"), settings)
    return len(done.advisories)


def _timed_ingest(
    corpus: Path,
    db: str,
    run: Callable[[Store, Iterator[Any]], Iterator[Any]],
    **values: Any,
) -> tuple[float, float]:
    """Wall seconds and the client's CPU seconds of one ingest, merge included."""
    settings = load_settings({"db": db, **values})
    with Store(settings=settings) as store:
        items = read_sources([str(corpus)], settings=settings)
        start, cpu = time.perf_counter(), time.process_time()
        statuses = [o.status for o in run(store, items)]
        secs, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert set(statuses) <= {"stored", "duplicate"}, set(statuses)
    return secs, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=4_000)
    parser.add_argument("--quick", action="store_true", help="800 articles")
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument(
        "--stages",
        default=str(load_settings({})["pipeline.stages"]),
        help="pipeline.stages, e.g. clean,screen,extract_advisory,sign (hand rules)",
    )
    args = parser.parse_args()
    count = 800 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp_name, ExitStack() as stack:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        info = write_corpus(corpus, count)
        print(
            f"{date.today()}, {os.cpu_count()} cores, machine shared with other work; "
            f"corpus: {count} articles, {info['advice']} with advice; "
            f"batches of {args.batch}; pipeline.stages = {args.stages}"
        )
        try:
            pgs = [
                stack.enter_context(scratch_database(PG_ADMIN_URL, prefix="tw_bench"))
                for _ in range(3)
            ]
        except Exception as e:  # only a missing server skips the PostgreSQL rows
            print(f"PostgreSQL skipped: {e}")
            pgs = []
        _warm(args.stages)

        def show(name: str, secs: float, cpu: float) -> float:
            print(
                f"{name:<34} {count / secs:6.0f} articles/s ({secs:5.1f} s), "
                f"client CPU {1000 * cpu / count:5.2f} ms/article"
            )
            return count / secs

        local = {"ingest.batch_size": args.batch, "pipeline.stages": args.stages}
        for procs in (1, 2):
            secs, cpu = _timed_ingest(
                corpus,
                str(tmp / f"local{procs}.db"),
                ingest_articles,
                **local,
                **{"ingest.processes": procs},
            )
            show(f"local sqlite, {procs} process(es) (baseline)", secs, cpu)
        if pgs:
            secs, cpu = _timed_ingest(
                corpus, pgs[0], ingest_articles, **local, **{"ingest.processes": 2}
            )
            show("local postgresql, 2 processes", secs, cpu)
        rates: dict[tuple[str, int], float] = {}
        for workers in (1, 2):
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                ) as cluster,
                Client(cluster) as client,
            ):
                client.run(_warm, args.stages)

                def on_dask(store: Store, items: Iterator[Any]) -> Iterator[Any]:
                    return ingest_distributed(
                        store, items, client=client, batch_size=args.batch
                    )

                stages = {"pipeline.stages": args.stages}
                secs, cpu = _timed_ingest(
                    corpus, str(tmp / f"d{workers}.db"), on_dask, **stages
                )
                rates["sqlite", workers] = show(
                    f"dask sqlite, {workers} worker(s), client writes", secs, cpu
                )
                if pgs:
                    secs, cpu = _timed_ingest(corpus, pgs[workers], on_dask, **stages)
                    rates["postgresql", workers] = show(
                        f"dask postgresql, {workers} worker(s), workers write",
                        secs,
                        cpu,
                    )
        for kind in ("sqlite", "postgresql"):
            if (kind, 2) in rates:
                print(
                    f"{kind}: 2 vs 1 workers, end to end: "
                    f"{rates[kind, 2] / rates[kind, 1]:.2f}x (target >= 1.6x on postgresql)"
                )


if __name__ == "__main__":
    main()
