"""When each official feed is next due: the one decision ``sync`` and ``watch`` share.

A feed is synced again after its interval (``feeds.every.<name>``, else
``watch --every``, else :data:`DEFAULT_EVERY`), moved at random by up to
``poll.jitter`` of it so that feeds do not run in lockstep; after failures in a
row it waits its interval doubled per failure, at most ``feeds.max_backoff_hours``
(the news sources' rule, :func:`travelwatch.news.polite.backoff`).

Every sync, by ``sync`` or by ``watch``, stores what :class:`Cadence` decided with
the feed (``failures`` and ``next_due`` in ``sources``, see
:mod:`travelwatch.storage.sources`). ``watch`` keeps a working copy in a
:class:`FeedSchedule`, started from the store (:meth:`FeedSchedule.resume`), so a
restart continues the schedule instead of syncing every feed at once.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from travelwatch.errors import ConfigError
from travelwatch.news.polite import backoff, jittered
from travelwatch.settings import Settings

__all__ = [
    "DEFAULT_EVERY",
    "DEFAULT_EVERY_TEXT",
    "Cadence",
    "FeedSchedule",
    "feed_intervals",
    "parse_interval",
]


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str, *, name: str = "--every") -> float:
    """Seconds in ``30s``, ``15m``, ``1h`` or ``1d``; ``name`` is what an error names."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(
            "TW002",
            name=name,
            reason=f"expected e.g. 30s, 15m, 1h or 1d, got {text!r}",
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


#: A feed's interval when neither ``feeds.every.<name>`` nor ``watch --every``
#: gives one: ``watch --every``'s default, and what a manual ``sync`` schedules with.
DEFAULT_EVERY_TEXT = "1h"
DEFAULT_EVERY = parse_interval(DEFAULT_EVERY_TEXT)


def feed_intervals(
    settings: Settings, names: Iterable[str], *, every: float
) -> dict[str, float]:
    """Each official feed's interval in seconds: ``feeds.every.<name>``, else ``every``."""
    out = {}
    for name in names:
        setting = f"feeds.every.{name}"
        try:
            value = settings[setting]
        except ConfigError:  # a feed without a setting of its own
            value = None
        out[name] = parse_interval(str(value), name=setting) if value else every
    return out


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Cadence:
    """How long a feed waits after a sync: its interval, jittered, when the sync
    worked (``not_modified`` is a success); its interval doubled per failure in a
    row, capped at ``cap_hours``, when it failed."""

    intervals: Mapping[str, float]
    #: The interval of a feed missing from ``intervals``.
    default: float = DEFAULT_EVERY
    jitter: float = 0.0
    cap_hours: float = 24.0
    rand: Callable[[], float] = field(default=random.random, compare=False)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        names: Iterable[str],
        *,
        every: float = DEFAULT_EVERY,
        intervals: Mapping[str, float] | None = None,
    ) -> Cadence:
        """``intervals`` (``--feed-every``) over ``feeds.every.<name>`` over ``every``."""
        own = feed_intervals(settings, names, every=every)
        own.update(intervals or {})
        return cls(
            own,
            default=every,
            jitter=float(settings["poll.jitter"]),
            cap_hours=float(settings["feeds.max_backoff_hours"]),
        )

    def interval(self, name: str) -> float:
        return self.intervals.get(name, self.default)

    def wait(self, name: str, failures: int) -> float:
        """Seconds until the next sync after ``failures`` failures in a row."""
        every = self.interval(name)
        if failures > 0:
            return backoff(every, failures, cap_hours=self.cap_hours)
        return jittered(every, self.jitter, self.rand()).total_seconds()

    def longest_wait(self, name: str, failures: int) -> float:
        """The most :meth:`wait` can give (the jitter at its widest)."""
        every = self.interval(name)
        if failures > 0:
            return backoff(every, failures, cap_hours=self.cap_hours)
        return every * (1.0 + self.jitter)

    def next_due(self, name: str, failures: int, at: dt.datetime) -> dt.datetime:
        """When a sync at ``at`` with ``failures`` in a row has the feed due again."""
        return at + dt.timedelta(seconds=self.wait(name, failures))


@dataclass(slots=True)
class _Due:
    at: dt.datetime
    failures: int = 0


class FeedSchedule:
    """When each feed ``watch`` syncs is next due, kept between its runs.

    Every feed is due at once unless :meth:`resume` gives it the state the store
    holds; after each sync it takes what that sync stored (:meth:`follow`). Only
    a run that failed before any feed was synced decides here
    (:meth:`record`): the store, where the decision would go, may be what failed.
    """

    def __init__(
        self,
        cadence: Cadence,
        names: Iterable[str] | None = None,
        *,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.cadence = cadence
        self._clock = clock
        now = clock()
        wanted = cadence.intervals if names is None else names
        self._due = {name: _Due(now) for name in wanted}

    def resume(
        self,
        name: str,
        *,
        failures: int,
        next_due: dt.datetime | None,
        last_attempt: dt.datetime | None,
    ) -> None:
        """Start from a feed's stored state: its failures in a row carry over (so a
        backoff goes on), and it is due at its stored time, or at once without one.

        A stored time later than this cadence could have chosen after the last
        attempt (the interval was shortened since, or a manual ``sync`` used the
        default hour) is brought forward to the latest it could have chosen: a
        feed never waits longer than the intervals ``watch`` was given.
        """
        due = self._due[name]
        due.failures = failures
        if next_due is None:
            return
        if last_attempt is not None:
            longest = self.cadence.longest_wait(name, failures)
            next_due = min(next_due, last_attempt + dt.timedelta(seconds=longest))
        due.at = next_due

    def follow(self, name: str, *, failures: int, next_due: dt.datetime) -> None:
        """Take what a sync of ``name`` decided and stored."""
        self._due[name] = _Due(next_due, failures)

    def record(self, name: str, *, ok: bool) -> None:
        """Schedule ``name`` after a run that worked (``ok``) or failed, here only."""
        due = self._due[name]
        due.failures = 0 if ok else due.failures + 1
        due.at = self.cadence.next_due(name, due.failures, self._clock())

    def due(self) -> list[str]:
        """Feeds whose time has come, in the order they were given."""
        now = self._clock()
        return [name for name, d in self._due.items() if d.at <= now]

    def failures(self, name: str) -> int:
        return self._due[name].failures

    def seconds_to_next(self) -> float:
        """Seconds until the next feed is due (0 if one is; inf if there are none)."""
        if not self._due:
            return math.inf
        soonest = min(d.at for d in self._due.values())
        return max(0.0, (soonest - self._clock()).total_seconds())

    def next_due(self) -> dict[str, float]:
        """Seconds from now until each feed is due."""
        now = self._clock()
        return {
            name: max(0.0, (d.at - now).total_seconds())
            for name, d in self._due.items()
        }
