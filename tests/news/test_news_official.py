"""News compared with the official record, and subscription filters on news
changes (issue #14)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import pytest
from news_server import NewsServer

from travelwatch import feeds
from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.official import list_changes
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(14)
US_BASE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes" / "base.xml"
)
#: The US base feed has Chad at level 3 ("Reconsider Travel").
CHAD = (
    "The U.S. State Department told Americans on Monday to {advice} Chad, {tail} "
    "because of crime and unrest near the borders. Officials in Washington said "
    "the advice would be reviewed again in the spring, and that the embassy in "
    "N'Djamena remained open for routine services."
)


def _atom(site: NewsServer, path: str, outlet: str, text: str) -> str:
    body = escape(f"<p>{escape(text)}</p>")
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{outlet}</title><id>urn:test:{outlet}</id>"
        "<updated>2026-11-20T08:00:00Z</updated>"
        f"<entry><title>Chad advice</title><id>urn:test:{outlet}:1</id>"
        "<updated>2026-11-20T08:00:00Z</updated>"
        f'<content type="html">{body}</content></entry></feed>'
    )
    return site.serve_text(path, feed, "application/atom+xml")


def _poll_chad(
    store: Store, site: NewsServer, advice: str, tail: str, *, text: str = ""
) -> dict[str, Any]:
    feeds.sync(store, ["us"], from_path=US_BASE)
    text = text or CHAD.format(advice=advice, tail=tail)
    url = _atom(site, "/w/feed.atom", "Wire", text)
    with store.begin() as conn:
        registry.add_source(conn, url, settings=store.settings, name="wire")
    Poller(store).poll(["wire"], alert_on_first=True)
    with store.connect() as conn:
        [change] = [c for c in list_changes(conn) if c["origin"] == "news"]
    return change


def test_news_agreeing_with_the_official_record_says_so(
    news_store: Store, site: NewsServer
) -> None:
    change = _poll_chad(
        news_store,
        site,
        "reconsider travel to",
        "keeping its Level 3 advisory for the country in place",
    )
    assert (change["kind"], change["before"]["level"], change["after"]["level"]) == (
        "reiterated",
        3,
        3,
    )
    assert change["corroboration"]["official"] is True


def test_news_above_the_official_record_is_raised_and_not_official(
    news_store: Store, site: NewsServer
) -> None:
    change = _poll_chad(
        news_store,
        site,
        "not travel to",
        "raising its advisory for the country to Level 4",
    )
    assert (change["kind"], change["after"]["level"]) == ("raised", 4)
    assert change["corroboration"]["official"] is False


def test_news_that_the_advice_was_lifted_is_a_lifted_change(
    news_store: Store, site: NewsServer
) -> None:
    text = (
        "The U.S. State Department on Monday lifted its warning against travel to "
        "Chad, telling Americans they can now exercise normal precautions when "
        "visiting the country. Officials in Washington said the decision followed "
        "months of calm near the borders, and that the embassy in N'Djamena would "
        "resume full services."
    )
    change = _poll_chad(news_store, site, "", "", text=text)
    assert (change["kind"], change["before"]["level"], change["after"]["level"]) == (
        "lifted",
        3,
        1,
    )


@pytest.mark.parametrize(
    ("filters", "alerted"),
    [
        ({"issuer": "NO", "destination": "MD"}, 1),
        ({"destination": "UA"}, 0),
        ({"issuer": "US"}, 0),
        ({"audience": "NO", "min_level": 4}, 1),
        ({"audience": "SE"}, 0),
        ({"kinds": ["raised"]}, 0),
        ({"kinds": ["new"], "origin": "news"}, 1),
    ],
)
def test_subscription_filters_apply_to_news_changes(
    news_store: Store, site: NewsServer, filters: dict[str, Any], alerted: int
) -> None:
    with news_store.begin() as conn:
        subs.add_subscription(
            conn,
            "ops",
            channel="webhook",
            target=site.base + "/hook",
            filters=subs.Filters(**filters),
        )
        registry.add_source(
            conn, site.base + "/a/feed.rss", settings=news_store.settings, name="fjord"
        )
    Poller(news_store).poll(["fjord"], alert_on_first=True)
    deliver_pending(news_store, sleep=lambda _s: None)
    assert len(site.posts) == alerted
    for body in site.posts:
        assert json.loads(body)["change"]["issuer"] == "NO"
