"""Polling news sources against a real loopback server (issue #14)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from news_server import NewsServer

from travelwatch import queries
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.storage.official import list_changes
from travelwatch.storage.schema import news_entries
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(14)


def _add(store: Store, url: str, name: str) -> None:
    with store.begin() as conn:
        registry.add_source(conn, url, settings=store.settings, name=name)


def _health(store: Store, name: str) -> dict[str, object]:
    with store.connect() as conn:
        rows = registry.source_health(conn, store.settings)
    return next(r for r in rows if r["name"] == name)


def test_an_entry_page_is_fetched_once(news_store: Store, site: NewsServer) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    poller = Poller(news_store)
    poller.poll(["fjord"])
    site.pages["/a/feed.rss"].etag = None  # no 304: the feed is read again
    poller.poll(["fjord"])
    assert site.hits("/a/norway-moldova.html") == 1


def test_a_disallowed_page_is_not_fetched(news_store: Store, site: NewsServer) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    [outcome] = Poller(news_store).poll(["fjord"])
    assert site.hits("/private/briefing.html") == 0
    assert outcome.disallowed == 1


def test_an_unchanged_feed_answers_304(news_store: Store, site: NewsServer) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    poller = Poller(news_store)
    poller.poll(["fjord"])
    [second] = poller.poll(["fjord"])
    assert second.status == "not_modified"
    assert site.requests[-1][1].get("If-None-Match") == '"a1"'


def test_an_unchanged_feed_answers_304_on_its_date(
    news_store: Store, site: NewsServer
) -> None:
    feed = site.pages["/b/feed.atom"]
    feed.last_modified = "Wed, 11 Nov 2026 08:00:00 GMT"
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    poller = Poller(news_store)
    poller.poll(["harbour"])
    [second] = poller.poll(["harbour"])
    assert second.status == "not_modified"
    assert site.requests[-1][1].get("If-Modified-Since") == feed.last_modified
    assert _health(news_store, "harbour")["status"] == "ok"


def test_a_feed_with_full_text_needs_no_page(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    [outcome] = Poller(news_store).poll(["harbour"])
    assert outcome.stored == 1
    assert site.hits("/b/oslo-moldova.html") == 0


def test_a_news_sitemap_entry_page_is_fetched(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/c/sitemap.xml", "tundra")
    [outcome] = Poller(news_store).poll(["tundra"])
    assert (outcome.status, outcome.entries, outcome.stored) == ("ok", 1, 1)


def test_a_failing_source_is_failed_and_backs_off(
    news_store: Store, site: NewsServer
) -> None:
    site.failing.add("/a/feed.rss")
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    now = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
    poller = Poller(news_store)
    poller.poll(["fjord"], now=now)
    poller.poll(["fjord"], now=now)
    health = _health(news_store, "fjord")
    assert health["status"] == "failed"
    assert health["failures"] == 2
    # 15 minutes doubled twice.
    assert health["next_due"] == now + dt.timedelta(minutes=60)


def test_a_backing_off_source_is_not_due(news_store: Store, site: NewsServer) -> None:
    site.failing.add("/a/feed.rss")
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    now = dt.datetime.now(dt.UTC)
    poller = Poller(news_store)
    poller.poll(now=now)
    assert poller.poll(now=now + dt.timedelta(minutes=20)) == []


def test_health_counts_entries_and_articles(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    Poller(news_store).poll(["fjord"])
    health = _health(news_store, "fjord")
    assert (health["status"], health["entries_seen"], health["articles_stored"]) == (
        "ok",
        2,
        1,
    )


def test_the_first_poll_is_a_baseline(news_store: Store, site: NewsServer) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    Poller(news_store).poll(["fjord"])
    with news_store.connect() as conn:
        [change] = list_changes(conn)
    assert (change["origin"], change["kind"], change["baseline"]) == (
        "news",
        "new",
        True,
    )


def test_entries_are_recorded_with_what_became_of_them(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    Poller(news_store).poll(["fjord"])
    with news_store.connect() as conn:
        statuses = sorted(conn.execute(sa.select(news_entries.c.status)).scalars())
    assert statuses == ["disallowed", "stored"]


@pytest.mark.parametrize(("status", "fetches"), [(404, 1), (500, 2)])
def test_a_gone_page_is_not_asked_for_again(
    news_store: Store, site: NewsServer, status: int, fetches: int
) -> None:
    page = "/a/norway-moldova.html"
    if status == 404:
        del site.pages[page]
    else:
        site.failing.add(page)
    site.pages["/a/feed.rss"].etag = None
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    poller = Poller(news_store)
    poller.poll(["fjord"])
    poller.poll(["fjord"])
    assert site.hits(page) == fetches


def test_a_binary_page_fails_its_entry_only(
    news_store: Store, site: NewsServer
) -> None:
    site.pages["/a/norway-moldova.html"].body = b"%PDF-1.7\x00\x00\x01binary"
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    [outcome] = Poller(news_store).poll(["fjord"])
    assert (outcome.status, len(outcome.failed_items)) == ("ok", 1)


def test_a_source_without_success_for_too_long_is_stale(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    Poller(news_store).poll(["harbour"])
    hours = float(news_store.settings["poll.stale_after_hours"])
    statuses = []
    for later in (hours - 1, hours + 1):
        when = dt.datetime.now(dt.UTC) + dt.timedelta(hours=later)
        with news_store.connect() as conn:
            [row] = queries.news_sources_view(conn, news_store.settings, now=when)
        statuses.append((row["status"], row["success_ago"]))
    assert statuses == [("ok", f"{int(hours) - 1} hours ago"), ("stale", "1 day ago")]
