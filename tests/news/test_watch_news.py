"""``watch`` with news sources: own intervals, baselines (issue #14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from news_server import NewsServer

from travelwatch.news import sources as registry
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, watch

pytestmark = pytest.mark.issue(14)
US_BASE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes" / "base.xml"
)


def test_a_news_source_is_polled_on_its_own_interval(
    news_store: Store, news_files: Path
) -> None:
    with news_store.begin() as conn:
        registry.add_source(
            conn,
            str(news_files / "outlet-b.atom"),
            settings=news_store.settings,
            name="harbour",
            every_seconds=1,
        )
    cycles: list[Cycle] = []
    watch(
        news_store,
        ["us"],
        every=3600,
        from_path=US_BASE,
        max_cycles=2,
        on_cycle=cycles.append,
    )
    # The second run came for the news source alone, long before the hour was up.
    assert [(len(c.syncs), [p.source for p in c.polls]) for c in cycles] == [
        (1, ["harbour"]),
        (0, ["harbour"]),
    ]


@pytest.mark.parametrize(("alert_on_first", "expected"), [(False, 0), (True, 5)])
def test_the_first_official_sync_is_a_baseline(
    news_store: Store, news_server: NewsServer, alert_on_first: bool, expected: int
) -> None:
    with news_store.begin() as conn:
        subs.add_subscription(
            conn, "ops", channel="webhook", target=news_server.base + "/hook"
        )
    watch(
        news_store,
        ["us"],
        every=3600,
        from_path=US_BASE,
        max_cycles=1,
        alert_on_first=alert_on_first,
    )
    assert len(news_server.posts) == expected


@pytest.mark.parametrize(("alert_on_first", "expected"), [(False, 0), (True, 1)])
def test_the_first_news_poll_under_watch_is_a_baseline(
    news_store: Store, site: NewsServer, alert_on_first: bool, expected: int
) -> None:
    with news_store.begin() as conn:
        subs.add_subscription(
            conn,
            "ops",
            channel="webhook",
            target=site.base + "/hook",
            filters=subs.Filters(origin="news"),
        )
        registry.add_source(
            conn, site.base + "/a/feed.rss", settings=news_store.settings, name="fjord"
        )
    cycles: list[Cycle] = []
    watch(
        news_store,
        ["us"],
        every=3600,
        from_path=US_BASE,
        max_cycles=1,
        on_cycle=cycles.append,
        alert_on_first=alert_on_first,
    )
    [poll] = cycles[0].polls
    assert (poll.source, len(poll.change_ids), poll.baseline) == (
        "fjord",
        1,
        not alert_on_first,
    )
    assert len(site.posts) == expected


@pytest.mark.parametrize(("at_once", "polled"), [(False, []), (True, ["harbour"])])
def test_a_restarted_watch_polls_a_news_source_not_due_only_with_now(
    news_store: Store, news_files: Path, at_once: bool, polled: list[str]
) -> None:
    with news_store.begin() as conn:
        registry.add_source(
            conn,
            str(news_files / "outlet-b.atom"),
            settings=news_store.settings,
            name="harbour",
        )
    watch(news_store, ["us"], every=3600, from_path=US_BASE, max_cycles=1)
    cycles: list[Cycle] = []
    watch(
        news_store,
        ["us"],
        every=3600,
        from_path=US_BASE,
        max_cycles=1,
        on_cycle=cycles.append,
        at_once=at_once,
    )
    [cycle] = cycles
    assert [p.source for p in cycle.polls] == polled
    assert [s.source for s in cycle.syncs] == (["us"] if at_once else [])
