"""One ingest state per server process, so ``POST /api/ingest`` does not reload it.

An :class:`~travelwatch.service.Ingestor` holds the near-duplicate index (up to
``dedup.max_indexed`` signatures: about a second to load from a store of 100k
documents). A fresh one per request paid that load on every call; this keeps one
per process and, before each request, adds the signatures of documents other
writers (the CLI, ``watch``, the other server processes) stored since, so that a near-duplicate of those is still recognised.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from fastapi import Request

from travelwatch.errors import InputError
from travelwatch.models import Article
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import Ingestor, IngestOutcome, process_article
from travelwatch.storage import documents as docs
from travelwatch.storage.store import Store


class IngestSession:
    """An ingestor and the newest document id its index has seen, behind a lock."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ingestor = Ingestor(store)
        self.pipeline = build_pipeline(store.settings)
        self.lock = threading.Lock()
        self._seen: int | None = None

    def _catch_up(self) -> None:
        with self.store.connect() as conn:
            if self._seen is None:
                # First request: the ingestor loads the newest signatures itself.
                self._seen = docs.newest_id(conn)
                return
            rows = docs.signatures_after(conn, self._seen)
        self.ingestor.remember((key, blob) for _, key, blob in rows)
        if rows:
            self._seen = rows[-1][0]

    def ingest(self, articles: Iterable[Article | InputError]) -> list[IngestOutcome]:
        """:func:`travelwatch.service.ingest_articles`, with this process's state."""
        with self.lock:
            self._catch_up()
            outcomes = list(self._run(articles))
            stored = [o.document_id for o in outcomes if o.document_id is not None]
            self._seen = max([self._seen or 0, *stored])
            return outcomes

    def _run(self, articles: Iterable[Article | InputError]) -> Iterator[IngestOutcome]:
        settings = self.store.settings
        try:
            for article in articles:
                done = self.ingestor.known(article)
                if done is not None:
                    yield done
                    continue
                yield self.ingestor.store_one(
                    process_article(article, settings, self.pipeline)
                )
        finally:
            self.ingestor.finish()


_CREATE = threading.Lock()


def get_ingest_session(request: Request) -> IngestSession:
    """The app's session, created on the first ingest of this process."""
    state = request.app.state
    with _CREATE:
        session: IngestSession | None = getattr(state, "ingest_session", None)
        if session is None:
            session = state.ingest_session = IngestSession(state.store)
    return session
