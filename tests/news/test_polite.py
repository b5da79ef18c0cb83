"""Per-host limits, robots.txt and backoff (issue #14)."""

from __future__ import annotations

import threading
import time

import pytest
from news_server import NewsServer

from travelwatch.news.polite import HostLimiter, RobotsCache, backoff
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(14)


def test_requests_to_one_host_are_spaced() -> None:
    limiter = HostLimiter(concurrency=4, interval=0.2)
    starts: list[float] = []
    for _ in range(3):
        with limiter.slot("http://one.test/x"):
            starts.append(time.monotonic())
    assert starts[2] - starts[0] >= 0.39


def test_other_hosts_are_not_held_back() -> None:
    limiter = HostLimiter(concurrency=1, interval=5.0)
    with limiter.slot("http://one.test/x"):
        pass
    began = time.monotonic()
    with limiter.slot("http://two.test/x"):
        pass
    assert time.monotonic() - began < 1.0


def test_concurrency_per_host_is_capped() -> None:
    limiter = HostLimiter(concurrency=2, interval=0.0)
    inside, peak, lock = [0], [0], threading.Lock()

    def work() -> None:
        with limiter.slot("http://one.test/x"):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2


def test_robots_txt_is_read_once_per_host(news_store: Store, site: NewsServer) -> None:
    robots = RobotsCache(news_store.settings, HostLimiter(concurrency=1, interval=0))
    allowed = [
        robots.allowed(site.base + path)
        for path in ("/a/one.html", "/private/two.html", "/b/three.html")
    ]
    assert (allowed, site.hits("/robots.txt")) == ([True, False, True], 1)


def test_no_robots_txt_allows_everything(
    news_store: Store, news_server: NewsServer
) -> None:
    robots = RobotsCache(news_store.settings, HostLimiter(concurrency=1, interval=0))
    assert robots.allowed(news_server.base + "/private/x.html")


def test_an_unreadable_robots_txt_disallows(
    news_store: Store, news_server: NewsServer
) -> None:
    news_server.failing.add("/robots.txt")
    robots = RobotsCache(news_store.settings, HostLimiter(concurrency=1, interval=0))
    assert not robots.allowed(news_server.base + "/a/x.html")


@pytest.mark.parametrize(
    ("failures", "seconds"), [(0, 900), (1, 1800), (3, 7200), (10, 86400)]
)
def test_backoff_doubles_up_to_its_cap(failures: int, seconds: float) -> None:
    assert backoff(900, failures, cap_hours=24) == seconds
