"""A news source's entries: RSS 2.0, Atom, JSON Feed and news sitemaps.

Everything here parses bytes already downloaded; nothing fetches. RSS and Atom go
through feedparser (which is never handed a URL), JSON Feed is plain JSON, and a
sitemap (``<urlset>`` with ``<news:news>``) is parsed with defusedxml. A maintained
sitemap reader (ultimate-sitemap-parser) was considered: it fetches sitemaps
itself, around our one fetch path and its address checks, so it does not fit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import feedparser
from defusedxml import DefusedXmlException, ElementTree

from travelwatch.errors import InputError

__all__ = ["Entry", "FeedPage", "parse_entries"]

_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(slots=True)
class Entry:
    """One item of a feed: where its article is, and its text when the feed has it."""

    key: str
    url: str | None
    title: str | None = None
    published: dt.date | None = None
    body: str | None = None
    body_is_html: bool = True


@dataclass(slots=True)
class FeedPage:
    """What one read of a source gave: its outlet name, format and entries."""

    outlet: str | None
    format: str
    entries: list[Entry]


def entry_key(*candidates: str | None) -> str:
    """A stable key for an entry: its id, else its link, else its title."""
    ident = next((c.strip() for c in candidates if c and c.strip()), "")
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _web_url(value: object) -> str | None:
    """An http(s) address, or None: feedparser takes an Atom ``<id>`` or an RSS
    ``<guid>`` for the link when there is none (``urn:…``, ``item-42``), and such
    a name is no page to fetch."""
    text = str(value or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else None


def _from_feedparser(data: bytes, source: str) -> FeedPage:
    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        raise InputError("TW105", source=source, kind="feed", detail=str(reason))
    entries = []
    for entry in parsed.entries:
        link = _web_url(entry.get("link"))
        title = (entry.get("title") or "").strip() or None
        body, is_html = None, True
        for content in entry.get("content") or ():
            if (content.get("value") or "").strip():
                body = content["value"]
                is_html = "html" in (content.get("type") or "text/html")
                break
        if body is None and (entry.get("summary") or "").strip():
            body = entry["summary"]
            detail = entry.get("summary_detail") or {}
            is_html = "html" in (detail.get("type") or "text/html")
        entries.append(
            Entry(
                key=entry_key(entry.get("id"), link, title),
                url=link,
                title=title,
                published=_date(entry.get("published_parsed"))
                or _date(entry.get("updated_parsed")),
                body=body,
                body_is_html=is_html,
            )
        )
    outlet = (parsed.feed.get("title") or "").strip() or None
    return FeedPage(outlet, str(parsed.get("version")), entries)


def _from_json_feed(data: bytes, source: str) -> FeedPage:
    try:
        feed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError("TW105", source=source, kind="JSON Feed", detail=str(e)) from e
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise InputError(
            "TW105", source=source, kind="JSON Feed", detail="no items list"
        )
    entries = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        url = _web_url(item.get("url") or item.get("external_url"))
        title = str(item.get("title") or "").strip() or None
        html, text = item.get("content_html"), item.get("content_text")
        body = html or text or item.get("summary")
        entries.append(
            Entry(
                key=entry_key(str(item.get("id") or ""), url, title),
                url=url,
                title=title,
                published=_date(item.get("date_published")),
                body=str(body) if body else None,
                body_is_html=bool(html) or (not text and bool(body)),
            )
        )
    outlet = str(feed.get("title") or "").strip() or None
    return FeedPage(outlet, "jsonfeed", entries)


def _text(node: Any, path: str) -> str | None:
    found = node.find(path)
    if found is None or not (found.text or "").strip():
        return None
    return str(found.text).strip()


def _from_sitemap(data: bytes, source: str) -> FeedPage:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise InputError("TW105", source=source, kind="sitemap", detail=str(e)) from e
    except DefusedXmlException as e:  # entity declarations, external references
        raise InputError(
            "TW105",
            source=source,
            kind="sitemap",
            detail=f"refused: {type(e).__name__} (entities are not read)",
        ) from e
    if root.tag != f"{_SITEMAP_NS}urlset":
        raise InputError(
            "TW105", source=source, kind="sitemap", detail=f"root is {root.tag}"
        )
    outlet = None
    entries = []
    for url in root.findall(f"{_SITEMAP_NS}url"):
        loc = _text(url, f"{_SITEMAP_NS}loc")
        news = url.find(f"{_NEWS_NS}news")
        if not loc or news is None:
            continue  # a news source reads news entries only
        outlet = outlet or _text(news, f"{_NEWS_NS}publication/{_NEWS_NS}name")
        entries.append(
            Entry(
                key=entry_key(loc),
                url=loc,
                title=_text(news, f"{_NEWS_NS}title"),
                published=_date(_text(news, f"{_NEWS_NS}publication_date")),
            )
        )
    return FeedPage(outlet, "sitemap", entries)


def parse_entries(data: bytes, *, source: str) -> FeedPage:
    """The entries of a feed or news sitemap; raises :class:`InputError` (TW105)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _from_json_feed(data, source)
    if b"<urlset" in head:
        return _from_sitemap(data, source)
    return _from_feedparser(data, source)
