"""Orchestration that every surface calls: ingest and extract.

The work is split in two so that it can be distributed:

* :func:`process_article` is pure (no database, no network): clean, screen and
  extract. It runs in this process, in a pool or on Dask workers.
* :class:`Ingestor` stores processed articles one transaction each, recognises
  content it has seen (exact hash) and near-duplicates (MinHash), and rebuilds the
  merged advisories of the issuers a batch touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import (
    InputError,
    NotAnArticle,
    StorageError,
    TravelwatchError,
)
from travelwatch.models import Advisory, Article, Document, Origin
from travelwatch.pipeline.dedup import DedupIndex, MinHashSignature
from travelwatch.pipeline.merge import Report
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


class Ingestor:
    """Stores processed articles into one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        s = store.settings
        self._dedup = DedupIndex.from_settings(s)
        self._loaded = False
        self._touched: set[str] = set()

    def _load_index(self) -> None:
        """Load the newest stored signatures, at most ``dedup.max_indexed``.

        Called again whenever the index outgrows that bound: it then keeps the
        newest half, so memory stays bounded however large the store grows.
        """
        s = self.store.settings
        limit = int(s["dedup.max_indexed"])
        if self._loaded and len(self._dedup) <= limit:
            return
        keep = limit if not self._loaded else max(1, limit // 2)
        with self.store.connect() as conn:
            rows = docs.all_signatures(conn, newest=keep)
        self._dedup = DedupIndex.load(
            ((str(doc_id), blob) for doc_id, blob in rows),
            threshold=float(s["dedup.threshold"]),
            num_perm=int(s["dedup.num_perm"]),
            shingle_words=int(s["dedup.shingle_words"]),
        )
        self._loaded = True

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

    def store_one(self, item: ProcessedArticle) -> IngestOutcome:
        if isinstance(item.error, NotAnArticle):
            return IngestOutcome(item.source, "skipped", detail=item.error.line())
        if item.error is not None or item.document is None:
            detail = item.error.line() if item.error else "no document"
            return IngestOutcome(item.source, "failed", detail=detail)
        doc = item.document
        self._load_index()
        sig = (
            MinHashSignature.from_bytes(item.signature)
            if item.signature is not None
            else self._dedup.signature(doc.text)
        )
        try:
            return self._store_new(item, doc, sig)
        except sa.exc.IntegrityError:
            # Another writer stored the same content between our check and insert.
            with self.store.connect() as conn:
                existing = docs.find_by_hash(conn, doc.content_hash)
            if existing is None:
                raise
            return IngestOutcome(item.source, "unchanged", existing, title=doc.title)
        except (sa.exc.DataError, sa.exc.ProgrammingError, ValueError) as e:
            # What the store refuses about this one item (its transaction rolled
            # back) is that item's error; the batch goes on.
            log.warning("storing %s failed: %s", item.source, e)
            detail = str(getattr(e, "orig", None) or e).splitlines()[0]
            line = StorageError("TW401", source=item.source, detail=detail).line()
            return IngestOutcome(item.source, "failed", detail=line)

    def _store_new(
        self, item: ProcessedArticle, doc: Document, sig: Any
    ) -> IngestOutcome:
        with self.store.begin() as conn:
            existing = docs.find_by_hash(conn, doc.content_hash)
            if existing is not None:
                return IngestOutcome(
                    item.source, "unchanged", existing, title=doc.title
                )
            near = self._dedup.query(sig)
            original = min((int(k) for k in near), default=None)
            doc_id = docs.insert_document(
                conn,
                doc,
                raw_hash=item.raw_hash,
                duplicate_of=original,
                minhash=sig.to_bytes(),
                screened=item.screened,
            )
            found = [] if original is not None else item.advisories
            now = dt.datetime.now(dt.UTC)
            new_reports = [
                Report(
                    key=f"doc:{doc.content_hash}#{n}",
                    advisory=adv,
                    origin=Origin.NEWS,
                    document_id=doc_id,
                    source=doc.outlet or doc.source,
                    published=doc.published,
                    seen_at=now,
                )
                for n, adv in enumerate(found, start=1)
            ]
            adv_store.insert_reports(conn, new_reports, document_id=doc_id)
        # Only index once the transaction committed, so a rollback leaves no ghost.
        self._dedup.add(str(doc_id), sig)
        self._touched.update(a.issuer for a in found)
        if original is not None:
            return IngestOutcome(
                item.source,
                "duplicate",
                doc_id,
                title=doc.title,
                detail=f"near-duplicate of document {original}",
            )
        return IngestOutcome(
            item.source,
            "stored",
            doc_id,
            len(found),
            title=doc.title,
            detail=truncation_notice(doc, self.store.settings),
        )

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
        self._touched.clear()


def ingest_articles(
    store: Store, articles: Iterable[Article | InputError]
) -> Iterator[IngestOutcome]:
    """Process and store articles one by one (the local, in-process path)."""
    ingestor = Ingestor(store)
    pipeline = build_pipeline(store.settings)
    try:
        for article in articles:
            done = ingestor.known(article)
            if done is not None:
                yield done
                continue
            yield ingestor.store_one(process_article(article, store.settings, pipeline))
    finally:
        ingestor.finish()
