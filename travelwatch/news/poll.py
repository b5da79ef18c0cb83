"""Polling news sources: fetch what is new, store it through ingest, make changes.

One poll of one source has two halves:

1. gathering (network, run in a thread pool, one task per source): the feed is
   fetched conditionally; entries this source has seen are skipped; an entry
   whose URL is already stored is not fetched again; an entry carrying at least
   ``poll.full_text_chars`` of text is read as it is; any other has its page
   fetched, unless robots.txt disallows it;
2. storing (this thread, one source after another): the articles go through the
   same pipeline and store as ``ingest`` (exact and near-duplicates recognised),
   the entries are recorded, changes are made from the advice found
   (:mod:`travelwatch.news.changes`), and the source's health and next due time
   are written.

A failing source is tried again after its interval doubled per failure in a row
(capped by ``poll.max_backoff_hours``); a healthy one after its interval, moved by
up to ``poll.jitter`` of it at random so sources do not poll in lockstep.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from travelwatch.alerts.describe import change_title
from travelwatch.errors import InputError, TravelwatchError
from travelwatch.ingest.decode import decode_bytes, sniff_html_charset
from travelwatch.models import Article
from travelwatch.news import sources as registry
from travelwatch.news.changes import record_news_changes
from travelwatch.news.entries import Entry, FeedPage, parse_entries
from travelwatch.news.polite import (
    HostLimiter,
    RobotsCache,
    backoff,
    fetch_conditional,
    jittered,
)
from travelwatch.pipeline.stages import Stage, build_pipeline
from travelwatch.service import Ingestor, process_article
from travelwatch.storage.official import list_changes
from travelwatch.storage.store import Store

__all__ = ["PollOutcome", "Poller", "poll_sources"]

log = logging.getLogger(__name__)

#: What an entry became when it was not read: its page is disallowed by robots.txt,
#: or its URL is already stored.
_DISALLOWED, _KNOWN = "disallowed", "known"


@dataclass(slots=True)
class PollOutcome:
    """One source's poll: ``ok``, ``not_modified`` or ``failed``."""

    source: str
    status: str
    entries: int = 0
    stored: int = 0
    duplicates: int = 0
    disallowed: int = 0
    failed_items: list[str] = field(default_factory=list)
    change_ids: list[int] = field(default_factory=list)
    corroborated_ids: list[int] = field(default_factory=list)
    baseline: bool = False
    error: str | None = None
    #: One line per change made (see travelwatch.alerts.describe.change_title).
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_modified")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "entries": self.entries,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "disallowed": self.disallowed,
            "changes": len(self.change_ids),
            "corroborated": len(self.corroborated_ids),
            "baseline": self.baseline,
            "error": self.error,
            "failed_items": list(self.failed_items),
            "change_titles": list(self.changes),
        }


@dataclass(slots=True)
class _Gathered:
    source: dict[str, Any]
    status: str = "ok"
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items: list[tuple[Entry, Article | InputError | str]] = field(default_factory=list)
    error: str | None = None


def _read_local(path: str, limit: int) -> bytes:
    with Path(path).open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError("TW104", source=path, size=f"more than {limit}", limit=limit)
    return data


def _entry_article(
    entry: Entry, *, source: dict[str, Any], outlet: str | None, text: str, html: bool
) -> Article:
    url = entry.url or f"{source['url']}#{entry.key[:12]}"
    return Article(
        text="" if html else text,
        html=text if html else None,
        source=url,
        title=entry.title,
        url=entry.url,
        outlet=outlet or source["name"],
        published=entry.published,
        metadata={
            "format": "html" if html else "text",
            "news_source": source["name"],
            "source_language": source["language"],
        },
    )


def _retry_later(error: InputError) -> bool:
    """A page that could not be reached (network, 5xx, 429) is tried at the next
    poll; one that is gone (other 4xx) or unreadable is not."""
    if error.code != "TW107":
        return False
    status = error.params.get("status")
    return not isinstance(status, int) or status >= 500 or status == 429


class Poller:
    """Polls news sources; keeps its per-host limits and robots.txt between runs."""

    def __init__(self, store: Store, *, rand: Callable[[], float] = random.random):
        self.store = store
        self.settings = store.settings
        self.limiter = HostLimiter.from_settings(self.settings)
        self.robots = RobotsCache(self.settings, self.limiter)
        self._rand = rand

    # -- gathering (threads) -------------------------------------------------

    def _feed(self, src: dict[str, Any], out: _Gathered) -> FeedPage | None:
        if "://" not in src["url"]:
            data = _read_local(src["url"], int(self.settings["ingest.max_bytes"]))
        else:
            got = fetch_conditional(
                src["url"],
                settings=self.settings,
                limiter=self.limiter,
                etag=src["etag"],
                last_modified=src["last_modified"],
            )
            out.etag, out.last_modified = got.etag, got.last_modified
            if got.not_modified or got.page is None:
                out.status = "not_modified"
                return None
            data = got.page.content
        return parse_entries(data, source=src["name"])

    def _article(self, entry: Entry, src: dict[str, Any], outlet: str | None) -> Any:
        body = entry.body or ""
        if len(body) >= int(self.settings["poll.full_text_chars"]) or not entry.url:
            if not body.strip():
                return InputError("TW101", source=entry.url or src["name"])
            return _entry_article(
                entry, source=src, outlet=outlet, text=body, html=entry.body_is_html
            )
        if "://" in entry.url and not self.robots.allowed(entry.url):
            return _DISALLOWED
        try:
            got = fetch_conditional(
                entry.url, settings=self.settings, limiter=self.limiter
            )
        except InputError as e:
            return e
        page = got.page
        if page is None:
            return InputError("TW101", source=entry.url)
        is_html = page.content_type is None or "html" in page.content_type
        hint = page.encoding or (sniff_html_charset(page.content) if is_html else None)
        decoded = decode_bytes(page.content, source=entry.url, hint=hint)
        article = _entry_article(
            entry, source=src, outlet=outlet, text=decoded.text, html=is_html
        )
        article.url = page.final_url
        return article

    def gather(self, src: dict[str, Any]) -> _Gathered:
        out = _Gathered(source=src)
        try:
            feed = self._feed(src, out)
            if feed is None:
                return out
            out.outlet = feed.outlet
            limit = int(self.settings["poll.max_entries"])
            # One entry per key, in feed order (newest first in practice).
            entries = list({e.key: e for e in feed.entries}.values())[:limit]
            with self.store.connect() as conn:
                seen, stored = registry.known_entries(
                    conn,
                    src["name"],
                    [e.key for e in entries],
                    [e.url for e in entries if e.url],
                )
            for entry in entries:
                if entry.key in seen:
                    continue
                if entry.url and entry.url in stored:
                    out.items.append((entry, _KNOWN))
                    continue
                try:
                    item = self._article(entry, src, feed.outlet)
                except InputError as e:  # one bad page fails that entry only
                    item = e
                out.items.append((entry, item))
        except TravelwatchError as e:
            out.status, out.error = "failed", e.line()
        except OSError as e:
            out.status = "failed"
            out.error = InputError("TW106", source=src["url"], detail=str(e)).line()
        except Exception as e:  # a reader bug must not stop the other sources
            log.exception("polling %s failed", src["name"])
            out.status = "failed"
            detail = f"{type(e).__name__}: {e}"
            out.error = InputError("TW106", source=src["url"], detail=detail).line()
        return out

    # -- storing (this thread) -----------------------------------------------

    def _record_entry(
        self, src: str, entry: Entry, status: str, doc_id: int | None
    ) -> None:
        with self.store.begin() as conn:
            registry.record_entry(
                conn,
                src,
                entry.key,
                url=entry.url,
                status=status,
                document_id=doc_id,
                at=dt.datetime.now(dt.UTC),
            )

    def store_gathered(
        self,
        got: _Gathered,
        *,
        alert_on_first: bool,
        now: dt.datetime,
        ingestor: Ingestor | None = None,
        pipeline: list[Stage] | None = None,
    ) -> PollOutcome:
        src = got.source
        name = src["name"]
        every = float(src["every_seconds"])
        out = PollOutcome(name, got.status, error=got.error)
        if got.status == "failed":
            failures = int(src["failures"]) + 1
            wait = backoff(
                every,
                failures,
                cap_hours=float(self.settings["poll.max_backoff_hours"]),
            )
            with self.store.begin() as conn:
                registry.record_poll(
                    conn,
                    name,
                    at=now,
                    next_due=now + dt.timedelta(seconds=wait),
                    error=got.error,
                )
            return out
        first = src["last_success"] is None
        out.baseline = first and not alert_on_first
        # One ingestor (and near-duplicate index) per run, shared by its sources.
        ingestor = ingestor or Ingestor(self.store)
        pipeline = pipeline if pipeline is not None else build_pipeline(self.settings)
        new_docs: list[int] = []
        try:
            for entry, item in got.items:
                out.entries += 1
                if isinstance(item, str):
                    out.disallowed += item == _DISALLOWED
                    status = "disallowed" if item == _DISALLOWED else "unchanged"
                    self._record_entry(name, entry, status, None)
                    continue
                if isinstance(item, InputError):
                    out.failed_items.append(item.line())
                    if not _retry_later(item):
                        self._record_entry(name, entry, "failed", None)
                    continue
                result = ingestor.known(item) or ingestor.store_one(
                    process_article(item, self.settings, pipeline)
                )
                if result.status == "failed":
                    out.failed_items.append(result.detail or result.item)
                if result.status == "stored" and result.document_id is not None:
                    new_docs.append(result.document_id)
                    out.stored += 1
                out.duplicates += result.status == "duplicate"
                self._record_entry(name, entry, result.status, result.document_id)
        finally:
            ingestor.finish()
        with self.store.begin() as conn:
            made = record_news_changes(
                conn,
                new_docs,
                source=name,
                now=now,
                window_days=int(self.settings["merge.window_days"]),
                baseline=out.baseline,
            )
            pause = jittered(every, float(self.settings["poll.jitter"]), self._rand())
            registry.record_poll(
                conn,
                name,
                at=now,
                next_due=now + pause,
                error=None,
                etag=got.etag,
                last_modified=got.last_modified,
                entries_seen=out.entries,
                articles_stored=out.stored + out.duplicates,
            )
        out.change_ids, out.corroborated_ids = made.change_ids, made.corroborated_ids
        if made.change_ids:
            with self.store.connect() as conn:
                found = list_changes(conn, ids=made.change_ids)
            out.changes = [change_title(c) for c in reversed(found)]
        return out

    # -- the run ---------------------------------------------------------------

    def due(
        self, names: Sequence[str] = (), *, now: dt.datetime
    ) -> list[dict[str, Any]]:
        """Sources to poll now: those named, else those whose time has come."""
        with self.store.begin() as conn:
            registry.sync_config(conn, self.settings)
        with self.store.connect() as conn:
            every = registry.list_sources(conn)
        if names:
            known = {s["name"]: s for s in every}
            missing = [n for n in names if n not in known]
            if missing:
                raise InputError(
                    "TW106", source=missing[0], detail="no such news source"
                )
            return [known[n] for n in names]
        return [s for s in every if s["next_due"] is None or s["next_due"] <= now]

    def poll(
        self,
        names: Sequence[str] = (),
        *,
        alert_on_first: bool = False,
        now: dt.datetime | None = None,
    ) -> list[PollOutcome]:
        """Poll the due (or named) sources; one outcome per source, never raises
        for a source's failure."""
        now = now or dt.datetime.now(dt.UTC)
        todo = self.due(names, now=now)
        if not todo:
            return []
        workers = max(1, min(int(self.settings["poll.workers"]), len(todo)))
        outcomes: dict[str, PollOutcome] = {}
        ingestor = Ingestor(self.store)
        pipeline = build_pipeline(self.settings)
        with ThreadPoolExecutor(workers, thread_name_prefix="poll") as pool:
            futures = [pool.submit(self.gather, src) for src in todo]
            for future in as_completed(futures):
                got = future.result()
                outcomes[got.source["name"]] = self.store_gathered(
                    got,
                    alert_on_first=alert_on_first,
                    now=now,
                    ingestor=ingestor,
                    pipeline=pipeline,
                )
        return [outcomes[s["name"]] for s in todo]


def poll_sources(
    store: Store,
    names: Sequence[str] = (),
    *,
    alert_on_first: bool = False,
) -> list[PollOutcome]:
    """Poll ``names`` (default: every source that is due) once."""
    return Poller(store).poll(names, alert_on_first=alert_on_first)
