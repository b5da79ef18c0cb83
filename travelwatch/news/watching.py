"""What ``watch`` adds for news and baselines, called around each official sync.

* Before a sync, :meth:`NewsWatch.before_sync` notes the official sources that
  never succeeded; after it, the changes of their first successful sync are
  marked as a baseline (not alerted) unless ``alert_on_first``.
* Then the news sources that are due are polled (their own first poll is a
  baseline the same way, see :mod:`travelwatch.news.poll`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from travelwatch.feeds import SyncOutcome
from travelwatch.news import sources as registry
from travelwatch.news.changes import mark_baseline
from travelwatch.news.polite import jittered
from travelwatch.news.poll import Poller, PollOutcome
from travelwatch.storage import sources
from travelwatch.storage.store import Store

__all__ = ["NewsWatch"]


class NewsWatch:
    """Keeps one :class:`Poller` (its host limits and robots.txt) across runs."""

    def __init__(self, store: Store, *, alert_on_first: bool = False) -> None:
        self.store = store
        self.alert_on_first = alert_on_first
        self.poller = Poller(store)
        self._never: set[str] = set()

    def before_sync(self, names: Sequence[str]) -> None:
        from travelwatch.feeds import source_names

        with self.store.connect() as conn:
            self._never = {
                n
                for n in (names or source_names())
                if (sources.get_source(conn, n) or {}).get("last_success") is None
            }

    def after_sync(
        self, outcomes: Sequence[SyncOutcome], *, poll: bool = True
    ) -> list[PollOutcome]:
        """Baseline first official syncs, then poll the news sources that are due."""
        if not self.alert_on_first:
            first = [
                cid
                for o in outcomes
                if o.status == "ok" and o.source in self._never
                for cid in o.change_ids
            ]
            with self.store.begin() as conn:
                mark_baseline(conn, first)
        return self.poller.poll(alert_on_first=self.alert_on_first) if poll else []

    def jittered(self, seconds: float) -> float:
        """``seconds`` moved at random by up to ``poll.jitter`` of it."""
        jitter = float(self.store.settings["poll.jitter"])
        return jittered(seconds, jitter, random.random()).total_seconds()

    def seconds_to_next_poll(self) -> float:
        """Seconds until the next news source is due (0 if one is; inf if none)."""
        with self.store.connect() as conn:
            rows = registry.list_sources(conn)
        if not rows:
            return math.inf
        now = dt.datetime.now(dt.UTC)
        dues = [r["next_due"] for r in rows]
        if any(d is None for d in dues):
            return 0.0
        return max(0.0, min((d - now).total_seconds() for d in dues))
