"""The news flow on a real PostgreSQL server (issue #14)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from news_server import NewsServer

from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.settings import load_settings
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.official import list_changes
from travelwatch.storage.store import Store

pytestmark = [pytest.mark.postgres, pytest.mark.issue(14)]


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    settings = load_settings(
        {
            "db": pg_url,
            "http.allow_private": True,
            "alerts.allow_private_targets": True,
            "alerts.backoff": 0.0,
            "poll.host_interval": 0.0,
        }
    )
    with Store(settings=settings) as store:
        yield store


def test_min_corroboration_on_postgres(pg_store: Store, site: NewsServer) -> None:
    with pg_store.begin() as conn:
        subs.add_subscription(
            conn,
            "ops",
            channel="webhook",
            target=site.base + "/hook",
            filters=subs.Filters(min_corroboration=2),
        )
        for path, name in (("/a/feed.rss", "fjord"), ("/b/feed.atom", "harbour")):
            registry.add_source(
                conn, site.base + path, settings=pg_store.settings, name=name
            )
    poller = Poller(pg_store)
    for name in ("fjord", "harbour"):
        poller.poll([name], alert_on_first=True)
        deliver_pending(pg_store, sleep=lambda _s: None)
    with pg_store.connect() as conn:
        [change] = list_changes(conn)
    assert (change["corroboration"]["outlets"], len(site.posts)) == (2, 1)
