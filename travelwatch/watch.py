"""``watch``: sync on a schedule and deliver alerts until asked to stop.

Each official feed has its own interval (``feeds.every.<name>``, else ``--every``)
and each news source its own (see :mod:`travelwatch.news.poll`); a run happens
whenever one of them is due and syncs only what is due. Every interval is moved
at random by up to ``poll.jitter`` of it, so sources do not run in lockstep, and
a failing official feed waits its interval doubled per failure in a row (at most
``feeds.max_backoff_hours``), as a failing news source does.

The loop waits on a :class:`threading.Event` rather than sleeping, so SIGINT and
SIGTERM (see :func:`stop_on_signals`) end it between two runs, cleanly and at
once, with the database left in the state of the last finished transaction.
"""

from __future__ import annotations

import logging
import math
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

from travelwatch.alerts.dispatch import DeliveryOutcome, deliver_pending
from travelwatch.errors import ConfigError
from travelwatch.feeds import SyncOutcome, sources_to_sync, sync
from travelwatch.news.polite import backoff, jittered
from travelwatch.news.poll import PollOutcome
from travelwatch.settings import Settings
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Shortest pause between two runs, so a source due "now" cannot spin the loop.
_MIN_PAUSE = 0.5


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


@dataclass(slots=True)
class _Due:
    at: float
    failures: int = 0


class FeedSchedule:
    """When each official feed is next due (on the ``clock``'s scale).

    Every feed is due at once; after a sync it is due again after its interval,
    jittered, or after its interval doubled per failure in a row when it failed
    (``not_modified`` is a success), capped at ``cap_seconds``.
    """

    def __init__(
        self,
        intervals: Mapping[str, float],
        *,
        jitter: float,
        cap_seconds: float,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.intervals = dict(intervals)
        self._jitter, self._cap = jitter, cap_seconds
        self._rand, self._clock = rand, clock
        now = clock()
        self._due = {name: _Due(now) for name in intervals}

    def due(self) -> list[str]:
        """Feeds whose time has come, in the order they were given."""
        now = self._clock()
        return [name for name, d in self._due.items() if d.at <= now]

    def record(self, name: str, *, ok: bool) -> None:
        """Schedule ``name`` after a sync that worked (``ok``) or failed."""
        due = self._due[name]
        every = self.intervals[name]
        due.failures = 0 if ok else due.failures + 1
        if due.failures:
            wait = backoff(every, due.failures, cap_hours=self._cap / 3600.0)
        else:
            wait = jittered(every, self._jitter, self._rand()).total_seconds()
        due.at = self._clock() + wait

    def failures(self, name: str) -> int:
        return self._due[name].failures

    def seconds_to_next(self) -> float:
        """Seconds until the next feed is due (0 if one is; inf if there are none)."""
        if not self._due:
            return math.inf
        return max(0.0, min(d.at for d in self._due.values()) - self._clock())

    def next_due(self) -> dict[str, float]:
        """Seconds from now until each feed is due."""
        now = self._clock()
        return {name: max(0.0, d.at - now) for name, d in self._due.items()}


@dataclass(slots=True)
class Cycle:
    """One run of the loop."""

    number: int
    syncs: list[SyncOutcome] = field(default_factory=list)
    deliveries: list[DeliveryOutcome] = field(default_factory=list)
    #: News sources polled in this run (see travelwatch.news).
    polls: list[PollOutcome] = field(default_factory=list)
    #: Why the run failed as a whole (e.g. the store was unreachable), if it did.
    error: str | None = None
    #: After the run: seconds until each official feed is due, and its failures
    #: in a row (a failing feed is backing off).
    next_syncs: dict[str, float] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)


def stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """Make SIGINT and SIGTERM set ``stop``; returns a function restoring the old handlers."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("received signal %d; stopping after the current run", signum)
        stop.set()

    previous = {
        sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)
    }

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def watch(
    store: Store,
    names: Sequence[str] = (),
    *,
    every: float,
    intervals: Mapping[str, float] | None = None,
    from_path: Path | None = None,
    client: httpx.Client | None = None,
    stop: threading.Event | None = None,
    max_cycles: int | None = None,
    on_cycle: Callable[[Cycle], None] | None = None,
    news: bool = True,
    alert_on_first: bool = False,
) -> int:
    """Sync what is due, poll what is due, deliver; until ``stop``; returns runs done.

    Each official feed of ``names`` (default: every connector; with ``from_path``,
    those it holds files for) is synced every ``intervals[name]`` seconds, else
    ``feeds.every.<name>``, else ``every``. With ``news``, the news sources are
    polled each on its own interval. A source's first successful sync or poll is
    a baseline and alerts nothing unless ``alert_on_first``.
    """
    from travelwatch.news.watching import NewsWatch

    stop = stop or threading.Event()
    feeds = sources_to_sync(names, from_path)
    own = feed_intervals(store.settings, feeds, every=every)
    unwatched = sorted(set(intervals or {}) - set(own))
    if unwatched:
        raise ConfigError(
            "TW002",
            name="--feed-every",
            reason=f"{', '.join(unwatched)} not among the feeds watched "
            f"({', '.join(own)})",
        )
    own.update(intervals or {})
    schedule = FeedSchedule(
        own,
        jitter=float(store.settings["poll.jitter"]),
        cap_seconds=float(store.settings["feeds.max_backoff_hours"]) * 3600.0,
    )
    hook = NewsWatch(store, alert_on_first=alert_on_first)
    done = 0
    while not stop.is_set():
        done += 1
        cycle = Cycle(done)
        try:
            due = schedule.due()
            if due:
                cycle.syncs = _sync_due(
                    store, schedule, due, from_path, client, alert_on_first
                )
            cycle.polls = hook.poll() if news else []
            if not stop.is_set():
                cycle.deliveries = deliver_pending(
                    store, sleep=lambda s: _wait(stop, s)
                )
        except ConfigError:
            raise
        except Exception as e:  # a bad run is logged; the next one still comes
            log.exception("watch run %d failed", done)
            cycle.error = f"{type(e).__name__}: {e}".splitlines()[0]
        cycle.next_syncs = schedule.next_due()
        cycle.failures = {n: schedule.failures(n) for n in feeds}
        if on_cycle is not None:
            on_cycle(cycle)
        if max_cycles is not None and done >= max_cycles:
            break
        wait = schedule.seconds_to_next()
        if news:
            try:
                wait = min(wait, hook.seconds_to_next_poll())
            except Exception:  # the store is away: ask again after --every at most
                log.exception("watch: when news sources are due is not known")
                wait = min(wait, every)
        if math.isinf(wait):  # nothing to sync or poll: look for news sources again
            wait = every
        stop.wait(max(wait, _MIN_PAUSE))
    return done


def _sync_due(
    store: Store,
    schedule: FeedSchedule,
    due: list[str],
    from_path: Path | None,
    client: httpx.Client | None,
    alert_on_first: bool,
) -> list[SyncOutcome]:
    try:
        outcomes = sync(
            store,
            due,
            from_path=from_path,
            client=client,
            alert_on_first=alert_on_first,
        )
    except ConfigError:
        raise
    except Exception:
        # The run failed before any outcome (e.g. the store went away): the feeds
        # back off like failing ones rather than being retried at once.
        for name in due:
            schedule.record(name, ok=False)
        raise
    # A folder of dated recordings gives one outcome per file: all must work.
    worked: dict[str, bool] = {}
    for outcome in outcomes:
        worked[outcome.source] = worked.get(outcome.source, True) and outcome.ok
    for name, ok in worked.items():
        schedule.record(name, ok=ok)
    return outcomes


def _wait(stop: threading.Event, seconds: float) -> None:
    # Delivery backoff ends early when a stop is asked for.
    stop.wait(seconds)
