"""Changes from news, their corroboration and the alerts on them (issue #14)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest
from news_server import NewsServer

from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.official import list_changes
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, watch

pytestmark = pytest.mark.issue(14)
US_BASE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes" / "base.xml"
)


def _add(store: Store, url: str, name: str) -> None:
    with store.begin() as conn:
        registry.add_source(conn, url, settings=store.settings, name=name)


def _subscribe(store: Store, url: str, **filters: object) -> None:
    with store.begin() as conn:
        subs.add_subscription(
            conn,
            "ops",
            channel="webhook",
            target=url,
            filters=subs.Filters(**filters),  # type: ignore[arg-type]
        )


def _cycle(store: Store, poller: Poller, *names: str) -> None:
    """What one watch run does for news: poll, then deliver."""
    poller.poll(list(names), alert_on_first=True)
    deliver_pending(store, sleep=lambda _s: None)


def test_a_second_outlet_raises_corroboration_without_a_second_alert(
    news_store: Store, site: NewsServer
) -> None:
    _subscribe(news_store, site.base + "/hook")
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    poller = Poller(news_store)
    _cycle(news_store, poller, "fjord")
    _cycle(news_store, poller, "harbour")
    with news_store.connect() as conn:
        [change] = list_changes(conn)
    assert change["corroboration"]["outlets"] == 2
    assert len(site.posts) == 1


def test_min_corroboration_waits_for_the_second_outlet(
    news_store: Store, site: NewsServer
) -> None:
    _subscribe(news_store, site.base + "/hook", min_corroboration=2)
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    poller = Poller(news_store)
    _cycle(news_store, poller, "fjord")
    assert site.posts == []
    _cycle(news_store, poller, "harbour")
    assert len(site.posts) == 1


def test_a_near_duplicate_is_not_a_second_outlet(
    news_store: Store, site: NewsServer, news_files: Path
) -> None:
    # Outlet C syndicates outlet B's article with a credit line added.
    copy = (news_files / "outlet-b.atom").read_text(encoding="utf-8")
    copy = copy.replace("Harbour Ledger", "Quay Daily").replace(":77", ":78")
    copy = copy.replace("{base}/b/", "{base}/e/").replace(
        "for some time.", "for some time. It first ran in the Harbour Ledger."
    )
    site.serve_text("/e/feed.atom", copy.replace("{base}", site.base), "text/xml")
    _add(news_store, site.base + "/b/feed.atom", "harbour")
    _add(news_store, site.base + "/e/feed.atom", "quay")
    poller = Poller(news_store)
    _cycle(news_store, poller, "harbour")
    [outcome] = poller.poll(["quay"])
    with news_store.connect() as conn:
        [change] = list_changes(conn)
    assert (outcome.duplicates, change["corroboration"]["outlets"]) == (1, 1)


def test_a_lower_level_later_is_a_lowered_change(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    _add(news_store, site.base + "/c/sitemap.xml", "tundra")
    poller = Poller(news_store)
    _cycle(news_store, poller, "fjord")
    _cycle(news_store, poller, "tundra")
    with news_store.connect() as conn:
        kinds = [(c["kind"], c["after"]["level"]) for c in list_changes(conn)]
    assert kinds == [("lowered", 3), ("new", 4)]


def test_a_baseline_poll_alerts_nothing(news_store: Store, site: NewsServer) -> None:
    _subscribe(news_store, site.base + "/hook")
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    Poller(news_store).poll(["fjord"])
    deliver_pending(news_store, sleep=lambda _s: None)
    assert site.posts == []


def test_a_change_carries_its_evidence_sentence(
    news_store: Store, site: NewsServer
) -> None:
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    Poller(news_store).poll(["fjord"])
    with news_store.connect() as conn:
        [change] = list_changes(conn)
    assert "avoid all travel to Moldova" in change["after"]["evidence"]


def test_official_only_subscribers_get_no_news_alerts(
    news_store: Store, site: NewsServer
) -> None:
    _subscribe(news_store, site.base + "/hook", origin="official")
    _add(news_store, site.base + "/a/feed.rss", "fjord")
    _cycle(news_store, Poller(news_store), "fjord")
    assert site.posts == []


def _seed_feed(title: str, texts: list[str]) -> str:
    items = "".join(
        f"<item><title>Report {n}</title><guid>{escape(title)}-{n}</guid>"
        f"<description>{escape(''.join(f'<p>{escape(line)}</p>' for line in text.splitlines() if line.strip()))}"
        "</description></item>"
        for n, text in enumerate(texts, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title>{items}</channel></rss>"
    )


#: What the outlets carried before the seeds: a story with no advice in it.
_QUIET = "The harbour festival opened on Saturday with boats and music.\n"


@pytest.mark.shared
def test_the_seeds_from_two_outlets_alert_once_per_advice(
    news_store: Store, site: NewsServer, shared: Path
) -> None:
    """Two outlets' feeds on loopback, watched by ``watch`` itself: the first run is
    the baseline (the feeds hold an unrelated story), then the seeds appear and
    the next runs pick them up, without --alert-on-first."""
    seeds = sorted((shared / "seeds").glob("*.txt"))
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds}
    feeds = {
        "/x/feed.rss": ("Outlet X", [texts["000"], texts["004"]]),
        "/y/feed.rss": ("Outlet Y", [texts["001"]]),
    }
    for path, (title, _) in feeds.items():
        site.serve_text(path, _seed_feed(title, [_QUIET]), "application/rss+xml")
    _subscribe(news_store, site.base + "/hook", min_level=4)
    for path, name in (("/x/feed.rss", "outlet-x"), ("/y/feed.rss", "outlet-y")):
        with news_store.begin() as conn:
            registry.add_source(
                conn,
                site.base + path,
                settings=news_store.settings,
                name=name,
                every_seconds=1,
            )

    def publish(cycle: Cycle) -> None:
        if cycle.number != 1:
            return
        # After the baseline run the outlets run the seeds: X with the full text
        # in its feed, Y as a teaser linking to its article page.
        title, seeded = feeds["/x/feed.rss"]
        site.serve_text(
            "/x/feed.rss", _seed_feed(title, [_QUIET, *seeded]), "application/rss+xml"
        )
        title, [seed] = feeds["/y/feed.rss"]
        paragraphs = "".join(
            f"<p>{escape(line)}</p>" for line in seed.splitlines() if line.strip()
        )
        page = site.serve_text(
            "/y/russia-warning.html",
            f"<html><head><title>Warning</title></head><body><article>"
            f"{paragraphs}</article></body></html>",
            "text/html",
        )
        teaser = (
            "<item><title>Moscow warns travellers</title>"
            f"<link>{page}</link><guid>outlet-y-2</guid>"
            "<description>The ministry spoke on Wednesday.</description></item>"
        )
        site.serve_text(
            "/y/feed.rss",
            _seed_feed(title, [_QUIET]).replace("</channel>", teaser + "</channel>"),
            "application/rss+xml",
        )

    cycles: list[Cycle] = []
    watch(
        news_store,
        ["us"],
        every=3600,
        from_path=US_BASE,
        max_cycles=3,
        on_cycle=lambda c: (cycles.append(c), publish(c)),
    )
    baseline = [p for p in cycles[0].polls]
    assert sorted(p.source for p in baseline) == ["outlet-x", "outlet-y"]
    assert all(p.baseline and p.ok for p in baseline)
    polled = [p.source for c in cycles[1:] for p in c.polls if p.stored]
    assert sorted(polled) == ["outlet-x", "outlet-y"]
    assert site.hits("/y/russia-warning.html") == 1
    alerted = [json.loads(body)["change"] for body in site.posts]
    assert sorted(
        (c["issuer"], tuple(c["after"]["destinations"]), c["kind"]) for c in alerted
    ) == [("RU", ("CA", "EU", "US"), "new"), ("US", ("RU",), "new")]
    # Russia's warning, reported by both outlets, is one change with two outlets.
    with news_store.connect() as conn:
        [russia] = [c for c in list_changes(conn, issuer="RU") if c["origin"] == "news"]
    assert russia["corroboration"]["outlets"] == 2
