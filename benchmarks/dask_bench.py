"""Benchmark distributed ingest: local in-process vs a Dask cluster of 1 and 2 workers.

The same generated corpus (``benchmarks/corpus.py``) is ingested into a fresh SQLite
store three ways: in this process (``ingest_articles``), and through
``ingest_distributed`` on a loopback ``LocalCluster`` of one and of two worker
processes (one thread each). Workers are started and warmed (spaCy loaded) before
the clock starts. Also timed: the worker side alone (``process_batch`` mapped over
the corpus, results discarded), which shows how the pure pipeline scales when the
single writer is out of the picture.

    .venv/bin/python benchmarks/dask_bench.py            # 4,000 articles
    .venv/bin/python benchmarks/dask_bench.py --quick    # 800 articles
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dask.distributed import Client, LocalCluster

from corpus import write_corpus
from travelwatch.distributed import ingest_distributed, process_batch
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

WARM_TEXT = (
    "Canada tells Canadians to avoid all travel to Haiti\n\n"
    "4 March 2025 - Global Affairs Canada urged Canadians to avoid all travel to "
    "Haiti because of armed clashes."
)


def _warm() -> int:
    from travelwatch.service import process_article

    settings = load_settings({"db": ":memory:"}, environ={})
    done = process_article(Article(text=WARM_TEXT, source="warm"), settings)
    return len(done.advisories)


def _timed_ingest(
    corpus: Path, db: Path, run: Callable[[Store, Iterator[Any]], Iterator[Any]]
) -> float:
    settings = load_settings({"db": str(db)})
    with Store(settings=settings) as store:
        items = read_sources([str(corpus)], settings=settings)
        start = time.perf_counter()
        statuses = [o.status for o in run(store, items)]
        secs = time.perf_counter() - start
    assert set(statuses) <= {"stored", "duplicate"}, set(statuses)
    return secs


def _map_only(client: Client, corpus: Path, batch: int) -> float:
    settings = load_settings({"db": ":memory:"})
    values = {k: v for k, v in settings.as_dict().items() if k != "db"}
    items = list(read_sources([str(corpus)], settings=settings))
    batches = [items[i : i + batch] for i in range(0, len(items), batch)]
    start = time.perf_counter()
    futures = client.map(process_batch, batches, settings_values=values, pure=False)
    for future in futures:
        future.result()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=4_000)
    parser.add_argument("--quick", action="store_true", help="800 articles")
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    count = 800 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        info = write_corpus(corpus, count)
        print(f"corpus: {count} articles, {info['advice']} with advice")
        _warm()
        secs = _timed_ingest(corpus, tmp / "local.db", ingest_articles)
        print(f"local, in process:  {count / secs:7.0f} articles/s ({secs:.1f} s)")
        rates: dict[int, tuple[float, float]] = {}
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
                client.run(_warm)

                def on_dask(store: Store, items: Iterator[Any]) -> Iterator[Any]:
                    return ingest_distributed(
                        store, items, client=client, batch_size=args.batch
                    )

                secs = _timed_ingest(corpus, tmp / f"dask{workers}.db", on_dask)
                mapped = _map_only(client, corpus, args.batch)
                rates[workers] = (count / secs, count / mapped)
                print(
                    f"dask, {workers} worker(s):   {count / secs:7.0f} articles/s "
                    f"ingested ({secs:.1f} s); workers alone {count / mapped:.0f} "
                    "articles/s"
                )
        ingest_gain = rates[2][0] / rates[1][0]
        map_gain = rates[2][1] / rates[1][1]
        print(
            f"2 vs 1 workers: {ingest_gain:.2f}x ingested, {map_gain:.2f}x workers "
            "alone (target >= 1.8x)"
        )


if __name__ == "__main__":
    main()
