"""Benchmark the stores: SQLite vs PostgreSQL ingest and query throughput.

The generated corpus (``benchmarks/corpus.py``) is processed once (clean, screen,
extract); the timed part is storing those results, one transaction per document as
``travelwatch ingest`` does (documents/s), then rebuilding the merged advisories,
then two read paths: full-text search for words of the corpus and one page of the
documents list (queries/s). The PostgreSQL database is a scratch one, created and
dropped here (``TRAVELWATCH_TEST_PG`` names the server's admin URL).

    .venv/bin/python benchmarks/store_bench.py            # 5,000 documents
    .venv/bin/python benchmarks/store_bench.py --quick    # 1,000 documents
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from corpus import write_corpus
from travelwatch.errors import StorageError
from travelwatch.ingest.readers import read_sources
from travelwatch.service import Ingestor, ProcessedArticle, process_article
from travelwatch.settings import load_settings
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database
from travelwatch.storage.store import Store

PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)
SEARCH_WORDS = ("telescope", "merger", "penalty", "orchestra", "kidnappings", "cholera")


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    with ExitStack() as stack:
        try:
            url: str | None = stack.enter_context(
                scratch_database(PG_ADMIN_URL, prefix="tw_bench")
            )
        except StorageError as e:  # only the set-up: no server, no PostgreSQL run
            print(f"PostgreSQL skipped: {e.reason}")
            url = None
        yield url


def _bench(name: str, db: str, processed: list[ProcessedArticle], queries: int) -> None:
    settings = load_settings({"db": db})
    with Store(settings=settings) as store:
        ingestor = Ingestor(store)
        start = time.perf_counter()
        for item in processed:
            ingestor.store_one(item)
        stored = time.perf_counter() - start
        start = time.perf_counter()
        ingestor.finish()
        merged = time.perf_counter() - start

        rng = random.Random(1)
        start = time.perf_counter()
        hits = sum(
            len(store.search(rng.choice(SEARCH_WORDS), limit=20))
            for _ in range(queries)
        )
        searched = time.perf_counter() - start
        pages = max(1, len(processed) // 50)
        start = time.perf_counter()
        for _ in range(queries):
            store.documents(limit=50, offset=50 * rng.randrange(pages))
        listed = time.perf_counter() - start
    n = len(processed)
    print(
        f"{name:<10} ingest {n / stored:7.0f} documents/s | merge {merged:5.2f} s | "
        f"search {queries / searched:6.0f} q/s ({hits / queries:.0f} hits) | "
        f"documents page {queries / listed:6.0f} q/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="1,000 documents")
    args = parser.parse_args()
    count = 1_000 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        info = write_corpus(corpus, count)
        settings = load_settings({"db": ":memory:"})
        start = time.perf_counter()
        processed = [
            process_article(a, settings)
            for a in read_sources([str(corpus)], settings=settings)
        ]
        secs = time.perf_counter() - start
        print(
            f"corpus: {count} articles, {info['advice']} with advice; "
            f"processed once in {secs:.1f} s (not part of the figures below)"
        )
        _bench("sqlite", str(tmp / "bench.db"), processed, args.queries)
        with scratch_postgres() as pg:
            if pg is not None:
                _bench("postgresql", pg, processed, args.queries)


if __name__ == "__main__":
    main()
