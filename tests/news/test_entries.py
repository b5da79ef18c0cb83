"""Reading a news source's entries (issue #14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from travelwatch.errors import InputError
from travelwatch.news.entries import entry_key, parse_entries

pytestmark = pytest.mark.issue(14)
BASE = "http://news.test"


def _read(news_files: Path, name: str) -> bytes:
    return (
        (news_files / name).read_text(encoding="utf-8").replace("{base}", BASE).encode()
    )


@pytest.mark.parametrize(
    ("name", "fmt", "outlet"),
    [
        ("outlet-a.rss", "rss20", "Fjord Courier"),
        ("outlet-b.atom", "atom10", "Harbour Ledger"),
        ("feed.json", "jsonfeed", "Lagoon Post"),
        ("sitemap.xml", "sitemap", "Tundra Times"),
    ],
)
def test_each_format_gives_its_outlet(
    news_files: Path, name: str, fmt: str, outlet: str
) -> None:
    page = parse_entries(_read(news_files, name), source=name)
    assert (page.format, page.outlet) == (fmt, outlet)


def test_a_sitemap_reads_only_news_entries(news_files: Path) -> None:
    page = parse_entries(_read(news_files, "sitemap.xml"), source="s")
    assert [e.url for e in page.entries] == [f"{BASE}/c/norway-moldova-lowered.html"]


def test_a_sitemap_entry_has_its_date_and_title(news_files: Path) -> None:
    [entry] = parse_entries(_read(news_files, "sitemap.xml"), source="s").entries
    assert (entry.published, entry.title) == (
        dt.date(2026, 11, 20),
        "Norway eases its Moldova warning",
    )


def test_a_json_feed_entry_keeps_plain_text(news_files: Path) -> None:
    [entry] = parse_entries(_read(news_files, "feed.json"), source="j").entries
    assert (entry.body, entry.body_is_html) == ("Only a line.", False)


def test_an_entry_is_keyed_by_its_id_first(news_files: Path) -> None:
    first = parse_entries(_read(news_files, "outlet-a.rss"), source="a").entries[0]
    assert first.key == entry_key("fjord-courier-1001")


@pytest.mark.parametrize("data", [b"<html><body>no feed</body></html>", b"{}"])
def test_not_a_feed_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as e:
        parse_entries(data, source="x")
    assert e.value.code == "TW105"


def test_an_entry_without_a_web_link_has_no_url() -> None:
    # feedparser offers the Atom id (or an RSS guid) as the link when there is none.
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>'
        b"<entry><title>A</title><id>urn:t:1</id><content>Text.</content></entry>"
        b"</feed>"
    )
    [entry] = parse_entries(feed, source="t").entries
    assert (entry.url, entry.key) == (None, entry_key("urn:t:1"))
