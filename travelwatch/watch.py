"""``watch``: sync on a schedule and deliver alerts until asked to stop.

Each official feed has its own interval (``feeds.every.<name>``, else ``--every``)
and each news source its own (see :mod:`travelwatch.news.poll`); a run happens
whenever one of them is due and syncs only what is due. Every interval is moved
at random by up to ``poll.jitter`` of it, so sources do not run in lockstep, and
a failing official feed waits its interval doubled per failure in a row (at most
``feeds.max_backoff_hours``), as a failing news source does (see
:mod:`travelwatch.feed_schedule`).

The schedule is in the store, so ``watch`` starts where the last sync left it: a
feed synced a minute ago (by ``watch`` or by ``sync``) waits for its next due
time, a failing one goes on backing off, and one never synced is due at once.
``at_once`` (``watch --now``) syncs and polls everything in the first run.

The loop waits on a :class:`threading.Event` rather than sleeping, so SIGINT and
SIGTERM (see :func:`stop_on_signals`) end it between two runs, cleanly and at
once, with the database left in the state of the last finished transaction.
"""

from __future__ import annotations

import logging
import math
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

from travelwatch.alerts.dispatch import DeliveryOutcome, deliver_pending
from travelwatch.errors import ConfigError
from travelwatch.feed_schedule import Cadence, FeedSchedule
from travelwatch.feeds import SyncOutcome, sources_to_sync, sync
from travelwatch.news.poll import PollOutcome
from travelwatch.storage import sources
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)

#: Shortest pause between two runs, so a source due "now" cannot spin the loop.
_MIN_PAUSE = 0.5


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
    at_once: bool = False,
) -> int:
    """Sync what is due, poll what is due, deliver; until ``stop``; returns runs done.

    Each official feed of ``names`` (default: every connector; with ``from_path``,
    those it holds files for) is synced every ``intervals[name]`` seconds, else
    ``feeds.every.<name>``, else ``every``, starting from the schedule stored by
    the last sync (see the module's docstring); ``at_once`` syncs every feed and
    polls every news source in the first run instead (failures in a row still
    carry over). With ``news``, the news sources are polled each on its own
    interval. A source's first successful sync or poll is a baseline and alerts
    nothing unless ``alert_on_first``.
    """
    from travelwatch.news.watching import NewsWatch

    stop = stop or threading.Event()
    feeds = sources_to_sync(names, from_path)
    unwatched = sorted(set(intervals or {}) - set(feeds))
    if unwatched:
        raise ConfigError(
            "TW002",
            name="--feed-every",
            reason=f"{', '.join(unwatched)} not among the feeds watched "
            f"({', '.join(feeds)})",
        )
    cadence = Cadence.from_settings(
        store.settings, feeds, every=every, intervals=intervals
    )
    schedule = FeedSchedule(cadence, feeds)
    _resume(store, schedule, feeds, at_once=at_once)
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
            if news:
                cycle.polls = hook.poll(every_source=at_once and done == 1)
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


def _resume(
    store: Store, schedule: FeedSchedule, feeds: Sequence[str], *, at_once: bool
) -> None:
    """Start ``schedule`` from the state each feed's last sync stored."""
    with store.connect() as conn:
        rows = {name: sources.get_source(conn, name) for name in feeds}
    for name, row in rows.items():
        if row is None:  # never synced: due at once
            continue
        schedule.resume(
            name,
            failures=int(row["failures"] or 0),
            next_due=None if at_once else row["next_due"],
            last_attempt=row["last_attempt"],
        )


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
            cadence=schedule.cadence,
        )
    except ConfigError:
        raise
    except Exception:
        # The run failed before any outcome (e.g. the store went away), so nothing
        # was stored: the feeds back off here like failing ones rather than being
        # retried at once.
        for name in due:
            schedule.record(name, ok=False)
        raise
    # Each sync stored when its feed is next due; a folder of dated recordings
    # gives one outcome per file, and the last one stored is the feed's state.
    for outcome in outcomes:
        if outcome.next_due is not None:
            schedule.follow(
                outcome.source, failures=outcome.failures, next_due=outcome.next_due
            )
    return outcomes


def _wait(stop: threading.Event, seconds: float) -> None:
    # Delivery backoff ends early when a stop is asked for.
    stop.wait(seconds)
