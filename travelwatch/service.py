"""Orchestration that every surface calls: ingest and extract.

The work is split in two so that it can be distributed:

* :func:`process_article` is pure (no database, no network): clean, screen and
  extract. It runs in this process, in a pool or on Dask workers.
* :class:`Ingestor` stores processed articles a batch per transaction: it places
  each article against the near-duplicate index (MinHash) in input order, then
  :func:`write_batch` writes the batch with idempotent inserts keyed by content
  hash; at the end it merges the new reports into the advisories, incrementally.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import (
    InputError,
    NotAnArticle,
    StorageError,
    TravelwatchError,
)
from travelwatch.models import Advisory, Article, Document
from travelwatch.pipeline.dedup import DedupIndex, MinHashSignature, signer
from travelwatch.pipeline.merge import Report, news_reports
from travelwatch.pipeline.stages import (
    PipelineState,
    Stage,
    build_pipeline,
    run_pipeline,
)
from travelwatch.settings import Settings
from travelwatch.storage import advisories as adv_store
from travelwatch.storage import documents as docs
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ProcessedArticle:
    """An article after the pure part of the pipeline."""

    source: str
    document: Document | None
    raw_hash: str = ""
    advisories: list[Advisory] = field(default_factory=list)
    screened: bool = False
    error: InputError | None = None
    #: The document's MinHash signature, computed here so that Dask workers, not
    #: the single storing client, pay for it.
    signature: bytes | None = None


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one item: ``stored``, ``unchanged``, ``duplicate``,
    ``skipped`` (not an article) or ``failed``."""

    item: str
    status: str
    document_id: int | None = None
    advisories: int = 0
    title: str | None = None
    detail: str | None = None


def raw_hash(article: Article) -> str:
    """A hash of the input as it arrived, known before any processing."""
    raw = article.html if article.html is not None else article.text
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def truncation_notice(doc: Document, settings: Settings) -> str | None:
    """A one-line warning when the document's text was cut at the size limit."""
    if not doc.metadata.get("truncated"):
        return None
    return InputError(
        "TW110",
        source=doc.source,
        limit=int(settings["ingest.max_text_chars"]),
        size=doc.metadata.get("original_chars", "?"),
    ).line()


def process_article(
    article: Article | InputError,
    settings: Settings,
    pipeline: Sequence[Stage] | None = None,
) -> ProcessedArticle:
    """Run the pipeline stages over one article; never raises for bad input."""
    if isinstance(article, InputError):
        return ProcessedArticle(
            source=article.source or "?", document=None, error=article
        )
    digest = raw_hash(article)
    try:
        state = run_pipeline(
            pipeline if pipeline is not None else build_pipeline(settings),
            PipelineState(article, settings),
        )
    except InputError as e:
        return ProcessedArticle(article.source, None, digest, error=e)
    except TravelwatchError as e:
        err = InputError("TW106", source=article.source, detail=e.reason)
        return ProcessedArticle(article.source, None, digest, error=err)
    except Exception as e:  # the per-item boundary: one article, one error line
        log.exception("processing %s failed", article.source)
        err = InputError(
            "TW111", source=article.source, detail=f"{type(e).__name__}: {e}"
        )
        return ProcessedArticle(article.source, None, digest, error=err)
    return ProcessedArticle(
        article.source,
        state.document,
        digest,
        state.advisories,
        state.screened,
        signature=state.signature,
    )


def extract_articles(
    articles: Iterable[Article | InputError], settings: Settings
) -> Iterator[ProcessedArticle]:
    """The pipeline without storing (and so without signing): what ``extract`` and
    ``eval`` show is exactly what ``ingest`` would store."""
    pipeline = [s for s in build_pipeline(settings) if "signature" not in s.assigns]
    for article in articles:
        yield process_article(article, settings, pipeline)


@dataclass(frozen=True, slots=True)
class Placement:
    """What the near-duplicate index said about one processed article.

    Decided in input order before anything is written, so that the writer (this
    process, or a Dask worker) needs no index of its own.
    """

    #: The MinHash signature to store.
    signature: bytes
    #: Content hashes of earlier near-duplicates, earliest first. The first of
    #: them that is stored when the article is written becomes its original; one
    #: that never got stored (it failed) makes nothing a duplicate.
    near: tuple[str, ...] = ()


#: ``(content hash, MinHash signature bytes)`` of a processed article: all that
#: placing it against the near-duplicate index needs.
SignedKey = tuple[str, bytes]


def signed_key(item: ProcessedArticle, settings: Settings) -> SignedKey | None:
    """What :meth:`Ingestor.place` needs of ``item``; None if it is not stored."""
    doc = item.document
    if item.error is not None or doc is None:
        return None
    data = item.signature
    if data is None:  # a pipeline without the sign stage
        data = signer(settings).signature(doc.text).to_bytes()
    return doc.content_hash, data


@dataclass(slots=True)
class BatchResult:
    """The outcomes of one written batch, in input order."""

    outcomes: list[IngestOutcome]


_DEADLOCK_RETRIES = 3
# What the store refuses about one item (bad data); retried item by item.
_ITEM_ERRORS = (sa.exc.DataError, sa.exc.ProgrammingError, ValueError)


def _failed(item: ProcessedArticle) -> IngestOutcome | None:
    """The outcome of an item that never reached the store, else None."""
    if isinstance(item.error, NotAnArticle):
        return IngestOutcome(item.source, "skipped", detail=item.error.line())
    if item.error is not None or item.document is None:
        detail = item.error.line() if item.error else "no document"
        return IngestOutcome(item.source, "failed", detail=detail)
    return None


def write_batch(
    store: Store,
    items: Sequence[ProcessedArticle],
    placements: Sequence[Placement | None],
) -> BatchResult:
    """Store a batch in one transaction; on a refused item, item by item.

    Idempotent: content already stored (by an earlier run, or by another writer
    racing this one) is answered ``unchanged``, never written twice. One item the
    store refuses fails alone, with a TW401 line; the rest of its batch commits.
    """
    try:
        for attempt in range(_DEADLOCK_RETRIES):
            try:
                with store.begin() as conn:
                    return _write(conn, store.settings, items, placements)
            except sa.exc.OperationalError as e:
                # Two writers of overlapping batches on PostgreSQL may wait on each
                # other's rows; the server breaks the cycle by failing one, whose
                # batch is simply written again (the insert is idempotent).
                if "deadlock" not in str(e) or attempt == _DEADLOCK_RETRIES - 1:
                    raise
                log.info("batch of %d hit a deadlock: writing it again", len(items))
        raise AssertionError("unreachable")  # the loop returns or raises
    except (*_ITEM_ERRORS, sa.exc.IntegrityError) as e:
        if len(items) == 1:
            return BatchResult([_refused(store, items[0], e)])
        log.info("batch of %d refused (%s): storing item by item", len(items), e)
    result = BatchResult([])
    for item, placement in zip(items, placements, strict=True):
        one = write_batch(store, [item], [placement])
        result.outcomes.extend(one.outcomes)
    return result


def _refused(store: Store, item: ProcessedArticle, e: Exception) -> IngestOutcome:
    doc = item.document
    if isinstance(e, sa.exc.IntegrityError) and doc is not None:
        # Another writer stored the same content between our check and insert.
        with store.connect() as conn:
            existing = docs.ids_by_content_hash(conn, [doc.content_hash])
        if doc.content_hash in existing:
            return IngestOutcome(
                item.source, "unchanged", existing[doc.content_hash], title=doc.title
            )
    # What the store refuses about this one item (its transaction rolled back) is
    # that item's error; the batch goes on.
    log.warning("storing %s failed: %s", item.source, e)
    detail = str(getattr(e, "orig", None) or e).splitlines()[0]
    line = StorageError("TW401", source=item.source, detail=detail).line()
    return IngestOutcome(item.source, "failed", detail=line)


def _write(
    conn: sa.Connection,
    settings: Settings,
    items: Sequence[ProcessedArticle],
    placements: Sequence[Placement | None],
) -> BatchResult:
    outcomes: list[IngestOutcome | None] = [_failed(item) for item in items]
    todo = [i for i, o in enumerate(outcomes) if o is None]

    def doc_of(i: int) -> Document:
        doc = items[i].document
        assert doc is not None  # _failed answered every item without one
        return doc

    def placement_of(i: int) -> Placement:
        placement = placements[i]
        assert placement is not None  # every item with a document was placed
        return placement

    wanted = {doc_of(i).content_hash for i in todo}
    wanted.update(h for i in todo for h in placement_of(i).near)
    # The one "already stored?" question of the batch.
    ids = docs.ids_by_content_hash(conn, wanted)
    new: list[int] = []
    same_as: dict[int, str] = {}  # item -> content hash stored before it
    first: set[str] = set()
    for i in todo:
        h = doc_of(i).content_hash
        if h in ids or h in first:
            same_as[i] = h
        else:
            first.add(h)
            new.append(i)
    inserted = docs.insert_documents(
        conn,
        [
            docs.NewDocument(
                doc_of(i),
                items[i].raw_hash,
                placement_of(i).signature,
                items[i].screened,
            )
            for i in new
        ],
    )
    raced = [
        doc_of(i).content_hash for i in new if doc_of(i).content_hash not in inserted
    ]
    ids.update(inserted)
    if raced:  # stored meanwhile by another writer: theirs stands
        ids.update(docs.ids_by_content_hash(conn, raced))
    now = dt.datetime.now(dt.UTC)
    duplicates: list[tuple[int, int]] = []
    found_reports: list[Report] = []
    for i in new:
        doc = doc_of(i)
        if doc.content_hash not in inserted:
            same_as[i] = doc.content_hash
            continue
        doc_id = inserted[doc.content_hash]
        original = next((ids[h] for h in placement_of(i).near if h in ids), None)
        if original is not None:
            duplicates.append((doc_id, original))
            outcomes[i] = IngestOutcome(
                items[i].source,
                "duplicate",
                doc_id,
                title=doc.title,
                detail=f"near-duplicate of document {original}",
            )
            continue
        found = items[i].advisories
        found_reports.extend(
            news_reports(
                found,
                content_hash=doc.content_hash,
                document_id=doc_id,
                source=doc.outlet or doc.source,
                published=doc.published,
                seen_at=now,
            )
        )
        outcomes[i] = IngestOutcome(
            items[i].source,
            "stored",
            doc_id,
            len(found),
            title=doc.title,
            detail=truncation_notice(doc, settings),
        )
    # The batch's reports in one statement, each with its own document.
    adv_store.insert_reports(conn, found_reports)
    docs.set_duplicate_of(conn, duplicates)
    for i, h in same_as.items():
        outcomes[i] = IngestOutcome(
            items[i].source, "unchanged", ids[h], title=doc_of(i).title
        )
    return BatchResult([o for o in outcomes if o is not None])


class Ingestor:
    """Stores processed articles into one store, a batch per transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        s = store.settings
        self._dedup = DedupIndex.from_settings(s)
        self._loaded = False
        # Placed but not known to be written yet: kept across an index reload.
        self._pending: dict[str, MinHashSignature] = {}

    def _load_index(self) -> None:
        """Load the newest stored signatures, at most ``dedup.max_indexed``.

        Called again whenever the index outgrows that bound: it then keeps the
        newest half, so memory stays bounded however large the store grows. Keys
        are content hashes, so that a batch can be placed before it has ids.
        """
        s = self.store.settings
        limit = int(s["dedup.max_indexed"])
        if self._loaded and len(self._dedup) <= limit:
            return
        keep = limit if not self._loaded else max(1, limit // 2)
        # Placed articles not yet written are newer than everything stored.
        pending = list(self._pending.items())[-keep:]
        rows: list[tuple[str, bytes]] = []
        if keep > len(pending):
            with self.store.connect() as conn:
                rows = docs.newest_signatures(conn, keep - len(pending))
        self._dedup = DedupIndex.load(
            rows,
            threshold=float(s["dedup.threshold"]),
            num_perm=int(s["dedup.num_perm"]),
            shingle_words=int(s["dedup.shingle_words"]),
        )
        for key, sig in pending:
            self._dedup.add(key, sig)
        self._loaded = True

    def remember(self, stored: Iterable[tuple[str, bytes]]) -> None:
        """Add documents another writer stored (content hash, MinHash bytes) to the
        near-duplicate index, so that later copies of them are found."""
        self._load_index()
        for key, blob in stored:
            if key not in self._pending:
                self._dedup.add(key, MinHashSignature.from_bytes(blob))

    def known(self, article: Article | InputError) -> IngestOutcome | None:
        """The outcome for an input stored before (same raw bytes), else None."""
        return self.known_many([article])[0]

    def known_many(
        self, articles: list[Article | InputError]
    ) -> list[IngestOutcome | None]:
        """:meth:`known` for a batch, with one query."""
        hashes = [None if isinstance(a, InputError) else raw_hash(a) for a in articles]
        with self.store.connect() as conn:
            found = docs.find_by_raw_hashes(conn, [h for h in hashes if h])
        out: list[IngestOutcome | None] = []
        for article, digest in zip(articles, hashes, strict=True):
            doc_id = found.get(digest) if digest else None
            if doc_id is None or isinstance(article, InputError):
                out.append(None)
            else:
                out.append(
                    IngestOutcome(
                        article.source, "unchanged", doc_id, title=article.title
                    )
                )
        return out

    def place(self, keys: Sequence[SignedKey | None]) -> list[Placement | None]:
        """Near-duplicates of each item among everything placed before it.

        ``keys`` are :func:`signed_key` of the items, in input order (None for an
        item that will not be stored). Items join the index as they are placed, so
        that the second of two copies in one batch (or in two batches still being
        written) is the duplicate. The index is loaded once and held for the run.
        """
        self._load_index()
        sigs = [MinHashSignature.from_bytes(k[1]) for k in keys if k is not None]
        # Every index built from these settings bands alike: compute them once.
        band_keys = self._dedup.band_keys(sigs)
        limit = int(self.store.settings["dedup.max_indexed"])
        batched: Iterator[list[str]] | None = None
        if len(self._dedup) + len(sigs) <= limit:
            # The index cannot outgrow its bound (and be reloaded) in this batch:
            # the whole batch is looked up at once, with the same answers.
            present = [k for k in keys if k is not None]
            batched = iter(
                self._dedup.query_and_add(
                    [(k[0], sig) for k, sig in zip(present, sigs, strict=True)],
                    band_keys,
                )
            )
        bands = iter(band_keys.T)
        signed_sigs = iter(sigs)
        out: list[Placement | None] = []
        for signed in keys:
            if signed is None:
                out.append(None)
                continue
            key, data = signed
            sig, band = next(signed_sigs), next(bands)
            if batched is not None:
                found = next(batched)
            else:
                self._load_index()  # only reloads when the index outgrew its bound
                found = self._dedup.query(sig, bands=band)
                self._dedup.add(key, sig, bands=band)
            self._pending[key] = sig
            out.append(Placement(data, tuple(k for k in found if k != key)))
        return out

    def written(self, keys: Sequence[SignedKey | None]) -> None:
        """Take note of a written batch: its articles are stored, no longer pending."""
        for signed in keys:
            if signed is not None:
                self._pending.pop(signed[0], None)

    def store_batch(self, items: Sequence[ProcessedArticle]) -> list[IngestOutcome]:
        """Place and write a batch (one transaction); outcomes in input order."""
        keys = [signed_key(item, self.store.settings) for item in items]
        result = write_batch(self.store, items, self.place(keys))
        self.written(keys)
        return result.outcomes

    def store_one(self, item: ProcessedArticle) -> IngestOutcome:
        return self.store_batch([item])[0]

    def finish(self) -> None:
        """Merge the reports this run stored into the advisories, incrementally.

        Every report no merge has taken yet goes in, so re-running an interrupted
        ingest also merges what the stopped run stored; only the advisories those
        reports can affect are loaded and rewritten
        (:func:`travelwatch.storage.advisories.merge_new_reports`).
        """
        with self.store.begin() as conn:
            adv_store.merge_new_reports(
                conn, window_days=int(self.store.settings["merge.window_days"])
            )


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), pulled lazily."""
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch


def ingest_articles(
    store: Store, articles: Iterable[Article | InputError]
) -> Iterator[IngestOutcome]:
    """Process and store articles, ``ingest.batch_size`` at a time (the local path).

    The input is pulled one batch ahead of what has been stored, so memory stays
    bounded; the pure work runs in a pool of ``ingest.processes`` processes when
    a batch is large enough; each batch is stored in one transaction.
    """
    from travelwatch.article_pool import ArticlePool

    ingestor = Ingestor(store)
    size = int(store.settings["ingest.batch_size"])
    Pending = tuple[list[IngestOutcome | None], Callable[[], list[ProcessedArticle]]]

    def store_pending(pending: Pending) -> Iterator[IngestOutcome]:
        known, processed = pending
        stored = iter(ingestor.store_batch(processed()))
        for done in known:
            yield done if done is not None else next(stored)

    try:
        with ArticlePool(store.settings, build_pipeline(store.settings)) as pool:
            ahead: Pending | None = None
            for batch in batches(articles, size):
                known = ingestor.known_many(batch)
                todo = [a for a, k in zip(batch, known, strict=True) if k is None]
                pending = (known, pool.submit(todo))
                if not pool.pooled:
                    yield from store_pending(pending)
                    continue
                # Pooled: the next batch is processed while this one is stored. An
                # input repeated across the two is then recognised by its content
                # hash when stored (``unchanged``), as it would be anyway.
                if ahead is not None:
                    yield from store_pending(ahead)
                ahead = pending
            if ahead is not None:
                yield from store_pending(ahead)
    finally:
        ingestor.finish()
