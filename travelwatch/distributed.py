"""Ingest on a Dask cluster: workers clean, screen and extract; the client stores.

Only the pure part of the pipeline (:func:`travelwatch.service.process_article`)
runs on workers. Results come back in input order and are stored through the one
store by the same :class:`~travelwatch.service.Ingestor` a local run uses, so a
distributed run stores exactly what a local run stores. At most ``window`` batches
are in flight at once, which keeps memory bounded for inputs of any size.

Workers need travelwatch (and its spaCy model) installed, in the same version as
the client.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from travelwatch.errors import ConfigError, InputError
from travelwatch.models import Article
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import (
    Ingestor,
    IngestOutcome,
    ProcessedArticle,
    process_article,
)
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)


def process_batch(
    articles: list[Article | InputError], settings_values: dict[str, Any]
) -> list[ProcessedArticle]:
    """Runs on a worker: the pure pipeline over one batch."""
    settings = load_settings(settings_values, environ={})
    pipeline = build_pipeline(settings)
    return [process_article(a, settings, pipeline) for a in articles]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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


def ingest_distributed(
    store: Store,
    articles: Iterable[Article | InputError],
    *,
    client: Any,
    batch_size: int = 16,
    window: int | None = None,
) -> Iterator[IngestOutcome]:
    """Like :func:`travelwatch.service.ingest_articles`, with the work on ``client``."""
    ingestor = Ingestor(store)
    values = {k: v for k, v in store.settings.as_dict().items() if k != "db"}
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = window or 2 * n_workers
    in_flight: deque[tuple[Any, list[IngestOutcome | None]]] = deque()

    def drain_one() -> Iterator[IngestOutcome]:
        future, known = in_flight.popleft()
        processed = iter(future.result())
        for done in known:
            yield done if done is not None else ingestor.store_one(next(processed))

    try:
        for batch in _batches(articles, batch_size):
            # Inputs already stored are answered here and never sent to a worker.
            known = ingestor.known_many(batch)
            todo = [a for a, k in zip(batch, known, strict=True) if k is None]
            future = client.submit(process_batch, todo, values, pure=False)
            in_flight.append((future, known))
            while len(in_flight) >= limit:
                yield from drain_one()
        while in_flight:
            yield from drain_one()
    finally:
        ingestor.finish()
