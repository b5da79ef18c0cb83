"""A restarted ``watch`` continues the official feeds' stored schedule.

The US feed is fetched live from a loopback server (the connector's own URL,
sent there by the client's transport), so that "not fetched again" is counted
by the server itself; recorded files cover feeds the server does not serve.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from news_server import NewsServer

from travelwatch import feeds
from travelwatch.connectors.base import make_client
from travelwatch.connectors.us_state import FEED_URL
from travelwatch.settings import load_settings
from travelwatch.storage import sources
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, watch

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
US_PATH = httpx.URL(FEED_URL).path
HOUR = 3600.0


class ToLoopback(httpx.BaseTransport):
    """Sends every request to the loopback server, whatever host it names."""

    def __init__(self, base: str) -> None:
        self._base = httpx.URL(base)
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme="http", host=self._base.host, port=self._base.port
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "resume.db")


def _store(db: str) -> Store:
    """A store as ``watch`` opens it: no jitter, one HTTP attempt per sync."""
    return Store(
        settings=load_settings(
            {"db": db, "poll.jitter": 0.0, "http.retries": 1, "http.backoff": 0},
            environ={},
        )
    )


@pytest.fixture
def us_server(news_server: NewsServer) -> NewsServer:
    news_server.serve_file(
        US_PATH, FEEDS / "changes" / "base.xml", "application/rss+xml", etag='"v1"'
    )
    return news_server


@pytest.fixture
def client(us_server: NewsServer) -> Iterator[httpx.Client]:
    settings = load_settings(environ={})
    with make_client(settings, transport=ToLoopback(us_server.base)) as c:
        yield c


def _run(db: str, client: httpx.Client, **kwargs: object) -> Cycle:
    """One run of a freshly started ``watch`` of the US feed (a restart)."""
    cycles: list[Cycle] = []
    with _store(db) as store:
        watch(
            store,
            ["us"],
            client=client,
            max_cycles=1,
            news=False,
            on_cycle=cycles.append,
            **{"every": HOUR, **kwargs},  # type: ignore[arg-type]
        )
    return cycles[0]


def test_a_restarted_watch_does_not_refetch_a_feed_not_due(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    first = _run(db, client)
    assert [o.status for o in first.syncs] == ["ok"]
    again = _run(db, client)
    assert (again.syncs, us_server.hits(US_PATH)) == ([], 1)
    # It waits for the time the first run stored: an hour after that sync.
    assert again.next_syncs["us"] == pytest.approx(HOUR, abs=30)


def test_a_feed_synced_by_hand_is_not_fetched_again_by_watch(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    with _store(db) as store:
        [outcome] = feeds.sync(store, ["us"], client=client)
    assert outcome.next_due is not None
    cycle = _run(db, client)
    assert (cycle.syncs, us_server.hits(US_PATH)) == ([], 1)


def test_watch_now_syncs_a_feed_that_is_not_due(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    _run(db, client)
    cycle = _run(db, client, at_once=True)
    assert [o.status for o in cycle.syncs] == ["not_modified"]
    assert us_server.hits(US_PATH) == 2


def _make_due(db: str) -> None:
    """Time passes: the stored next due time is behind us."""
    with _store(db) as store, store.begin() as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        sources.record_next_due(conn, "us", past)


def test_failures_and_backoff_survive_a_restart(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    us_server.failing.add(US_PATH)
    first = _run(db, client)
    assert ([o.status for o in first.syncs], first.failures) == (["failed"], {"us": 1})
    # Restarted while backing off: not tried, still one failure, two hours' wait.
    waiting = _run(db, client)
    assert (waiting.syncs, us_server.hits(US_PATH)) == ([], 1)
    assert waiting.failures == {"us": 1}
    assert waiting.next_syncs["us"] == pytest.approx(2 * HOUR, abs=30)
    # Once due, a second failure in a row doubles the wait again.
    _make_due(db)
    second = _run(db, client)
    assert (us_server.hits(US_PATH), second.failures) == (2, {"us": 2})
    assert second.next_syncs["us"] == pytest.approx(4 * HOUR, abs=30)
    with _store(db) as store, store.connect() as conn:
        row = sources.get_source(conn, "us") or {}
    assert row["failures"] == 2
    # A success ends the run of failures, and the interval is the plain one.
    us_server.failing.discard(US_PATH)
    _make_due(db)
    healed = _run(db, client)
    assert (healed.failures, us_server.hits(US_PATH)) == ({"us": 0}, 3)
    assert healed.next_syncs["us"] == pytest.approx(HOUR, abs=30)


def test_a_never_synced_feed_is_due_at_once(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    cycle = _run(db, client)
    assert ([o.source for o in cycle.syncs], us_server.hits(US_PATH)) == (["us"], 1)


def test_a_feed_with_no_stored_next_due_is_due_at_once_and_keeps_its_failures(
    db: str, client: httpx.Client, us_server: NewsServer
) -> None:
    """A failure recorded without a next due time (as migration 0009 leaves a
    feed that was failing): synced at once, and its failure counts."""
    with _store(db) as store, store.begin() as conn:
        sources.record_failure(
            conn, "us", at=dt.datetime.now(dt.UTC), error="TW201 us: HTTP 503"
        )
    us_server.failing.add(US_PATH)
    cycle = _run(db, client)
    assert (us_server.hits(US_PATH), cycle.failures) == (1, {"us": 2})
    assert cycle.next_syncs["us"] == pytest.approx(4 * HOUR, abs=30)


def test_a_shorter_interval_after_a_restart_is_not_outwaited(
    db: str, client: httpx.Client
) -> None:
    """Restarted with --every 10m after an hourly sync: due 10 minutes after that
    sync, not at the hour the sync stored."""
    _run(db, client)
    cycle = _run(db, client, every=600.0)
    assert (cycle.syncs, cycle.next_syncs["us"]) == ([], pytest.approx(600, abs=30))


def test_only_the_feeds_not_synced_yet_are_synced_after_a_restart(
    tmp_path: Path,
) -> None:
    official = tmp_path / "official"
    (official / "us").mkdir(parents=True)
    shutil.copy(FEEDS / "changes" / "base.xml", official / "us")
    shutil.copytree(FEEDS / "uk", official / "uk")
    db = str(tmp_path / "two.db")
    with _store(db) as store:
        feeds.sync(store, ["us"], from_path=official)
        cycles: list[Cycle] = []
        watch(
            store,
            every=HOUR,
            from_path=official,
            max_cycles=1,
            news=False,
            on_cycle=cycles.append,
        )
    assert [o.source for o in cycles[0].syncs] == ["uk"]
