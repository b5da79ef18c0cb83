"""What ``watch`` adds for news: one :class:`Poller` kept across runs.

The news sources that are due are polled after the official feeds of a run; a
source's first poll is a baseline (see :mod:`travelwatch.news.poll`), as an
official feed's first sync is (see :mod:`travelwatch.feeds`).
"""

from __future__ import annotations

import datetime as dt
import math

from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller, PollOutcome
from travelwatch.storage.store import Store

__all__ = ["NewsWatch"]


class NewsWatch:
    """Keeps one :class:`Poller` (its host limits and robots.txt) across runs."""

    def __init__(self, store: Store, *, alert_on_first: bool = False) -> None:
        self.store = store
        self.alert_on_first = alert_on_first
        self.poller = Poller(store)

    def poll(self, *, every_source: bool = False) -> list[PollOutcome]:
        """Poll the news sources that are due (``every_source``: all of them)."""
        names: list[str] = []
        if every_source:
            with self.store.begin() as conn:
                registry.sync_config(conn, self.store.settings)
                names = [row["name"] for row in registry.list_sources(conn)]
            if not names:
                return []
        return self.poller.poll(names, alert_on_first=self.alert_on_first)

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
