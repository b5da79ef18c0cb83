"""Benchmark the stores: SQLite vs PostgreSQL ingest and query throughput.

The generated corpus (``benchmarks/corpus.py``) is processed once (clean, screen,
the hand-rule extractor, sign); the timed part is storing those results as ``travelwatch ingest``
does, a batch of ``--batch`` per transaction (``Ingestor.store_batch``: placing
against the near-duplicate index, the "already stored?" query, documents, reports
and search-index rows), in documents/s. Beside it, the baseline: the same document
rows put in with a plain batched ``executemany`` of the same batch size into a
fresh store of the same schema (search index included), nothing else. Then, on a
sample, the former path (one transaction per document, a batch of 1); rebuilding
the merged advisories; ``--more`` other articles stored on top of the corpus and
into an empty store (does the cost grow with the store?); and two read paths: full-text search for words of the
corpus and one page of the documents list (queries/s). The PostgreSQL databases
are scratch ones, created and dropped here (``TRAVELWATCH_TEST_PG`` names the
server's admin URL).

    .venv/bin/python benchmarks/store_bench.py            # 5,000 documents
    .venv/bin/python benchmarks/store_bench.py --quick    # 1,000 documents
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

from corpus import write_corpus
from travelwatch.errors import StorageError
from travelwatch.ingest.readers import read_sources
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import Ingestor, ProcessedArticle, process_article
from travelwatch.settings import load_settings
from travelwatch.storage import documents as docs
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database
from travelwatch.storage.schema import documents
from travelwatch.storage.store import Store

PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)
STAGES = "clean,screen,extract_advisory,sign"
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


def _baseline(db: str, processed: list[ProcessedArticle], batch: int) -> float:
    """Plain batched executemany of the same document rows: documents/s."""
    settings = load_settings({"db": db})
    now = dt.datetime.now(dt.UTC)
    rows = [
        docs._document_row(
            p.document,
            raw_hash=p.raw_hash,
            duplicate_of=None,
            minhash=p.signature,
            screened=p.screened,
            created_at=now,
        )
        for p in processed
        if p.document is not None
    ]
    with Store(settings=settings) as store:
        start = time.perf_counter()
        for i in range(0, len(rows), batch):
            with store.begin() as conn:
                conn.execute(documents.insert(), rows[i : i + batch])
        return len(rows) / (time.perf_counter() - start)


def _bench(
    name: str,
    dbs: list[str],
    processed: list[ProcessedArticle],
    extra: list[ProcessedArticle],
    queries: int,
    batch: int,
    sample: int,
) -> None:
    base = _baseline(dbs[0], processed, batch)
    settings = load_settings({"db": dbs[1]})
    with Store(settings=settings) as store:
        ingestor = Ingestor(store)
        start = time.perf_counter()
        for i in range(0, len(processed), batch):
            ingestor.store_batch(processed[i : i + batch])
        stored = time.perf_counter() - start
        start = time.perf_counter()
        ingestor.finish()
        merged = time.perf_counter() - start
        # The same cost again, for other articles, once the store holds the corpus.
        start = time.perf_counter()
        for i in range(0, len(extra), batch):
            ingestor.store_batch(extra[i : i + batch])
        on_top = len(extra) / (time.perf_counter() - start)

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
    with Store(settings=load_settings({"db": dbs[2]})) as store:
        one = Ingestor(store)
        start = time.perf_counter()
        for i in range(0, len(extra), batch):
            one.store_batch(extra[i : i + batch])
        empty = len(extra) / (time.perf_counter() - start)
        start = time.perf_counter()
        for item in processed[:sample]:
            one.store_one(item)
        single = min(sample, len(processed)) / (time.perf_counter() - start)
    n = len(processed)
    print(
        f"{name:<10} store {n / stored:6.0f} documents/s in batches of {batch} | "
        f"baseline executemany {base:6.0f}/s ({base / (n / stored):.1f}x faster) | "
        f"one per transaction {single:5.0f}/s"
    )
    print(
        f"{'':<10} {len(extra)} other articles: {on_top:6.0f} documents/s on top of "
        f"{n} stored, {empty:6.0f}/s into an empty store"
    )
    print(
        f"{'':<10} merge {merged:5.2f} s | search {queries / searched:6.0f} q/s "
        f"({hits / queries:.0f} hits) | documents page {queries / listed:6.0f} q/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--more", type=int, default=2_000, help="stored on top, and into an empty store"
    )
    parser.add_argument(
        "--sample", type=int, default=1_000, help="documents stored one by one"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 documents")
    args = parser.parse_args()
    count = 1_000 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        info = write_corpus(corpus, count)
        more = tmp / "more.jsonl"
        write_corpus(more, args.more, seed=11)
        # The hand rules find the advice here: the store does not care which
        # extractor did, and the reader would make this part take many minutes.
        settings = load_settings({"db": ":memory:", "pipeline.stages": STAGES})
        start = time.perf_counter()
        pipeline = build_pipeline(settings)
        processed = [
            process_article(a, settings, pipeline)
            for a in read_sources([str(corpus)], settings=settings)
        ]
        secs = time.perf_counter() - start
        extra = [
            process_article(a, settings, pipeline)
            for a in read_sources([str(more)], settings=settings)
        ]
        print(
            f"corpus: {count} articles, {info['advice']} with advice; "
            f"processed once in {secs:.1f} s (not part of the figures below)"
        )
        print(f"{date.today()}, {os.cpu_count()} cores, machine shared with other work")
        sqlite = [str(tmp / f"{n}.db") for n in ("base", "bench", "single")]
        _bench(
            "sqlite", sqlite, processed, extra, args.queries, args.batch, args.sample
        )
        with scratch_postgres() as a, scratch_postgres() as b, scratch_postgres() as c:
            if a and b and c:
                _bench(
                    "postgresql",
                    [a, b, c],
                    processed,
                    extra,
                    args.queries,
                    args.batch,
                    args.sample,
                )


if __name__ == "__main__":
    main()
