"""The pure per-article work of a local ingest, spread over the machine's cores.

:func:`travelwatch.service.process_article` (decode, clean, language, screen,
extract, sign) touches no database, so a pool of processes can run it while the
storing process stays the one writer. Each pool process builds the pipeline once
(the reader's model and encoder are loaded then, not per article), and results
come back in input order, so a pooled run stores exactly what an in-process run
stores.

Small batches (an API call with a few articles) are processed in this process:
starting a pool costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from travelwatch.errors import InputError
from travelwatch.models import Article
from travelwatch.pipeline.stages import Stage, build_pipeline
from travelwatch.service import ProcessedArticle, process_article
from travelwatch.settings import Settings, load_settings

#: Fewer articles than this per process are processed in this process.
MIN_PER_PROCESS = 16

# Set in each pool process by _start_worker: its settings and built pipeline.
_worker: dict[str, Any] = {}


def _start_worker(values: dict[str, Any]) -> None:
    settings = load_settings(values, environ={})
    _worker["settings"] = settings
    _worker["pipeline"] = build_pipeline(settings)


def _process_in_worker(article: Article | InputError) -> ProcessedArticle:
    return process_article(article, _worker["settings"], _worker["pipeline"])


def process_count(settings: Settings) -> int:
    """How many processes ``ingest.processes`` asks for (0: one per core)."""
    wanted = int(settings["ingest.processes"])
    if wanted > 0:
        return wanted
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


class ArticlePool:
    """Runs :func:`process_article` over batches, pooled when that pays."""

    def __init__(self, settings: Settings, pipeline: Sequence[Stage]) -> None:
        self.settings = settings
        self.pipeline = pipeline
        self.processes = process_count(settings)
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Not fork: this process may have started native thread pools (BLAS,
            # under the reader's encoder) that a forked child would inherit locked.
            # A fork server is a fresh process; each child builds its pipeline once.
            method = "forkserver"
            if method not in multiprocessing.get_all_start_methods():
                method = "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["travelwatch.article_pool"])
            values = {k: v for k, v in self.settings.as_dict().items() if k != "db"}
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=_start_worker,
                initargs=(values,),
            )
        return self._pool

    @property
    def pooled(self) -> bool:
        """Whether batches may go to other processes (and so run ahead)."""
        return self.processes > 1

    def submit(
        self, articles: list[Article | InputError]
    ) -> Callable[[], list[ProcessedArticle]]:
        """Start processing ``articles``; call the answer for the results, in order.

        In the pool the work starts now, so that the caller can store the previous
        batch meanwhile; in this process it runs when the results are asked for.
        """
        if not self.pooled or len(articles) < MIN_PER_PROCESS * self.processes:
            return lambda: [
                process_article(a, self.settings, self.pipeline) for a in articles
            ]
        # A few chunks per process: big enough to amortise pickling, small enough
        # that one slow chunk does not leave the other cores idle.
        chunk = max(1, len(articles) // (4 * self.processes))
        results = self._executor().map(_process_in_worker, articles, chunksize=chunk)
        return lambda: list(results)

    def process(self, articles: list[Article | InputError]) -> list[ProcessedArticle]:
        """The processed articles, in the order given."""
        return self.submit(articles)()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ArticlePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
