"""Daily digests: one message with every pending change (issue #14)."""

from __future__ import annotations

import json

import pytest
from news_server import NewsServer

from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(14)


@pytest.fixture
def digest_store(news_store: Store, site: NewsServer) -> Store:
    with news_store.begin() as conn:
        subs.add_subscription(
            conn,
            "daily",
            channel="webhook",
            target=site.base + "/hook",
            filters=subs.Filters(digest=True),
        )
        for path, name in (("/a/feed.rss", "fjord"), ("/c/sitemap.xml", "tundra")):
            registry.add_source(
                conn, site.base + path, settings=news_store.settings, name=name
            )
    return news_store


def test_a_digest_holds_every_pending_change(
    digest_store: Store, site: NewsServer
) -> None:
    Poller(digest_store).poll(["fjord", "tundra"], alert_on_first=True)
    deliver_pending(digest_store, sleep=lambda _s: None)
    [body] = site.posts
    digest = json.loads(body)
    assert (digest["event"], len(digest["changes"])) == ("advisory.digest", 2)


def test_the_next_digest_waits_its_day(digest_store: Store, site: NewsServer) -> None:
    poller = Poller(digest_store)
    poller.poll(["fjord"], alert_on_first=True)
    deliver_pending(digest_store, sleep=lambda _s: None)
    poller.poll(["tundra"], alert_on_first=True)
    deliver_pending(digest_store, sleep=lambda _s: None)
    assert len(site.posts) == 1
