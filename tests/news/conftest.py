"""A loopback news server, the recorded-format files it serves, and a store that
may fetch from loopback (private addresses are refused by default)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from news_server import NewsServer, start

from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news"


@pytest.fixture
def news_server() -> Iterator[NewsServer]:
    state = NewsServer()
    server, thread = start(state)
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def site(news_server: NewsServer) -> NewsServer:
    """Outlet A (RSS, summaries only), outlet B (Atom, full text), a sitemap
    outlet, their pages and a robots.txt that disallows /private/."""
    s = news_server
    s.serve_file("/robots.txt", NEWS / "robots.txt", "text/plain")
    s.serve_file(
        "/a/feed.rss", NEWS / "outlet-a.rss", "application/rss+xml", etag='"a1"'
    )
    s.serve_file("/b/feed.atom", NEWS / "outlet-b.atom", "application/atom+xml")
    s.serve_file("/c/sitemap.xml", NEWS / "sitemap.xml", "application/xml")
    s.serve_file("/a/norway-moldova.html", NEWS / "norway-moldova.html", "text/html")
    s.serve_file("/private/briefing.html", NEWS / "briefing.html", "text/html")
    s.serve_file(
        "/c/norway-moldova-lowered.html",
        NEWS / "norway-moldova-lowered.html",
        "text/html",
    )
    return s


@pytest.fixture
def news_store(tmp_path: Path) -> Iterator[Store]:
    s = Store(
        settings=load_settings(
            {
                "db": str(tmp_path / "news.db"),
                "http.allow_private": True,
                "alerts.allow_private_targets": True,
                "alerts.backoff": 0.0,
                "poll.host_interval": 0.0,
                "http.timeout": 5.0,
            }
        )
    )
    yield s
    s.close()


@pytest.fixture
def news_files() -> Path:
    return NEWS
