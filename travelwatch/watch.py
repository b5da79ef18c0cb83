"""``watch``: sync on a schedule and deliver alerts until asked to stop.

The loop waits on a :class:`threading.Event` rather than sleeping, so SIGINT and
SIGTERM (see :func:`stop_on_signals`) end it between two runs, cleanly and at
once, with the database left in the state of the last finished transaction.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

from travelwatch.alerts.dispatch import DeliveryOutcome, deliver_pending
from travelwatch.errors import ConfigError
from travelwatch.feeds import SyncOutcome, sync
from travelwatch.news.poll import PollOutcome
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Shortest pause between two runs, so a source due "now" cannot spin the loop.
_MIN_PAUSE = 0.5


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h`` or ``1d``."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(
            "TW002",
            name="--every",
            reason=f"expected e.g. 30s, 15m, 1h or 1d, got {text!r}",
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


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
    from_path: Path | None = None,
    client: httpx.Client | None = None,
    stop: threading.Event | None = None,
    max_cycles: int | None = None,
    on_cycle: Callable[[Cycle], None] | None = None,
    news: bool = True,
    alert_on_first: bool = False,
) -> int:
    """Sync and deliver every ``every`` seconds until ``stop`` is set; returns runs done.

    With ``news``, the news sources are polled each on its own interval: a run
    happens whenever the official feeds or a news source are due, and syncs only
    what is due. Every interval is moved at random by up to ``poll.jitter`` of it.
    A source's first successful sync or poll is a baseline and alerts nothing
    unless ``alert_on_first``.
    """
    from travelwatch.news.watching import NewsWatch

    stop = stop or threading.Event()
    hook = NewsWatch(store, alert_on_first=alert_on_first)
    done = 0
    official_due = time.monotonic()
    while not stop.is_set():
        done += 1
        cycle = Cycle(done)
        try:
            if time.monotonic() >= official_due:
                hook.before_sync(names)
                cycle.syncs = sync(store, names, from_path=from_path, client=client)
                official_due = time.monotonic() + hook.jittered(every)
            cycle.polls = hook.after_sync(cycle.syncs, poll=news)
            if not stop.is_set():
                cycle.deliveries = deliver_pending(
                    store, sleep=lambda s: _wait(stop, s)
                )
        except ConfigError:
            raise
        except Exception as e:  # a bad run is logged; the next one still comes
            log.exception("watch run %d failed", done)
            cycle.error = f"{type(e).__name__}: {e}".splitlines()[0]
        if on_cycle is not None:
            on_cycle(cycle)
        if max_cycles is not None and done >= max_cycles:
            break
        wait = official_due - time.monotonic()
        if news:
            wait = min(wait, hook.seconds_to_next_poll())
        stop.wait(max(wait, _MIN_PAUSE))
    return done


def _wait(stop: threading.Event, seconds: float) -> None:
    # Delivery backoff ends early when a stop is asked for.
    stop.wait(seconds)
