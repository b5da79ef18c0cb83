"""Ingest on a Dask cluster: workers clean, screen, extract and, on PostgreSQL, store.

Only the pure part of the pipeline (:func:`travelwatch.service.process_article`)
runs on workers. What is stored is decided the way a local run decides it, so a
distributed run stores exactly what a local run stores:

* The client asks the store which inputs it holds already (one query a batch)
  and sends only the others out.
* Each worker processes its batch and keeps the result; the client fetches only
  each article's content hash and MinHash signature and places them, in input
  order, against its near-duplicate index (:meth:`Ingestor.place`).
* On PostgreSQL the worker that processed a batch then writes it itself
  (:func:`travelwatch.service.write_batch`: one transaction, idempotent inserts),
  so storing scales with the workers. A batch that names a document of an earlier
  batch still being written (same content, or its near-duplicate original) waits
  for that write, which keeps the result independent of which worker is faster.
  On SQLite, a file one process writes at a time, the client gathers the results
  and stays the single writer.
* The client merges the advisories at the end (:meth:`Ingestor.finish`).

At most ``window`` batches are in flight at once, which keeps memory bounded for
inputs of any size. Workers need travelwatch installed in the same version as the
client, and on PostgreSQL they must reach the database at the client's URL.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from travelwatch.errors import ConfigError, InputError
from travelwatch.models import Article
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import (
    BatchResult,
    Ingestor,
    IngestOutcome,
    Placement,
    ProcessedArticle,
    SignedKey,
    batches,
    process_article,
    signed_key,
    write_batch,
)
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)

# One store per database URL in each worker process, opened on its first batch.
_worker_stores: dict[str, Store] = {}


def process_batch(
    articles: list[Article | InputError], settings_values: dict[str, Any]
) -> list[ProcessedArticle]:
    """Runs on a worker: the pure pipeline over one batch."""
    settings = load_settings(settings_values, environ={})
    pipeline = build_pipeline(settings)
    return [process_article(a, settings, pipeline) for a in articles]


def keys_of(
    processed: list[ProcessedArticle], settings_values: dict[str, Any]
) -> list[SignedKey | None]:
    """Runs on a worker: the little the client needs to place a batch."""
    settings = load_settings(settings_values, environ={})
    return [signed_key(item, settings) for item in processed]


def write_on_worker(
    processed: list[ProcessedArticle],
    placements: list[Placement | None],
    db_url: str,
    settings_values: dict[str, Any],
    after: list[BatchResult],
) -> BatchResult:
    """Runs on a worker: store one batch (``after``: writes it had to wait for)."""
    store = _worker_stores.get(db_url)
    if store is None:
        settings = load_settings({**settings_values, "db": db_url}, environ={})
        store = _worker_stores[db_url] = Store(settings=settings)
    return write_batch(store, processed, placements)


def connect(scheduler: str | None, workers: int | None) -> Any:
    """A Dask client: to ``scheduler`` if given, else a local cluster of ``workers``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the installed extras
        raise ConfigError(
            "TW002", name="--scheduler", reason="install travelwatch[dask]"
        ) from e
    if scheduler:
        return Client(scheduler, timeout="30s")
    cluster = LocalCluster(
        n_workers=workers or 2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return Client(cluster)


@dataclass(slots=True)
class _Batch:
    """One batch on its way through the cluster."""

    known: list[IngestOutcome | None]
    processed: Any  # future of list[ProcessedArticle]
    keys: Any  # future of list[SignedKey | None] (when workers write)
    written: Any = None  # future of BatchResult, once placed (worker writes)
    signed: list[SignedKey | None] | None = None


def ingest_distributed(
    store: Store,
    articles: Iterable[Article | InputError],
    *,
    client: Any,
    batch_size: int | None = None,
    window: int | None = None,
    workers_write: bool | None = None,
) -> Iterator[IngestOutcome]:
    """Like :func:`travelwatch.service.ingest_articles`, with the work on ``client``.

    ``workers_write`` (default: when the store is PostgreSQL) lets each worker
    store the batches it processed; otherwise this process stores them all.
    """
    ingestor = Ingestor(store)
    values = {k: v for k, v in store.settings.as_dict().items() if k != "db"}
    size = batch_size or int(store.settings["ingest.batch_size"])
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = window or 2 * n_workers
    if workers_write is None:
        workers_write = store.dialect == "postgresql"
    in_flight: deque[_Batch] = deque()
    # Content hash -> the write (future) of the in-flight batch that holds it.
    writing: dict[str, Any] = {}

    def place(batch: _Batch) -> None:
        """Place a batch in input order and, when workers write, send its write."""
        batch.signed = batch.keys.result()
        placements = ingestor.place(batch.signed)
        if not workers_write:
            return
        named = {
            h
            for s, p in zip(batch.signed, placements, strict=True)
            if s is not None and p is not None
            for h in (s[0], *p.near)
        }
        after = list({id(f): f for h in named if (f := writing.get(h))}.values())
        batch.written = client.submit(
            write_on_worker,
            batch.processed,
            placements,
            store.url,
            values,
            after,
            pure=False,
        )
        for s in batch.signed:
            if s is not None:
                writing[s[0]] = batch.written

    def drain_one() -> Iterator[IngestOutcome]:
        batch = in_flight.popleft()
        if workers_write:
            if batch.signed is None:
                place(batch)
            assert batch.signed is not None
            result: BatchResult = batch.written.result()
            ingestor.written(batch.signed)
            for s in batch.signed:
                if s is not None and writing.get(s[0]) is batch.written:
                    del writing[s[0]]
            outcomes = iter(result.outcomes)
        else:
            outcomes = iter(ingestor.store_batch(batch.processed.result()))
        for done in batch.known:
            yield done if done is not None else next(outcomes)

    try:
        for articles_batch in batches(articles, size):
            # Inputs already stored are answered here and never sent to a worker.
            known = ingestor.known_many(articles_batch)
            todo = [a for a, k in zip(articles_batch, known, strict=True) if k is None]
            processed = client.submit(process_batch, todo, values, pure=False)
            keys = None
            if workers_write:
                keys = client.submit(keys_of, processed, values, pure=False)
            in_flight.append(_Batch(known, processed, keys))
            # Place (and send the writes of) every batch whose keys are back, in
            # order, so workers write while the next batches are processed.
            for batch in in_flight if workers_write else ():
                if batch.signed is not None:
                    continue
                if not batch.keys.done():
                    break
                place(batch)
            while len(in_flight) >= limit:
                yield from drain_one()
        while in_flight:
            yield from drain_one()
    finally:
        ingestor.finish()
