"""Articles out of decoded payloads: JSON objects, JSON lines and RSS/Atom feeds.

Each function yields an :class:`Article` per item or an :class:`InputError` for an
item that cannot be read, so one bad line never hides the good ones around it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from travelwatch.errors import InputError, NotAnArticle
from travelwatch.models import Article
from travelwatch.safe_text import safe_char_refs

__all__ = [
    "article_from_jsonl_line",
    "articles_from_feed",
    "articles_from_json",
    "articles_from_jsonl",
    "parse_published",
]

_STRING_FIELDS = ("title", "url", "outlet")
#: A JSON object with none of these is some other file (labels, settings).
_ARTICLE_KEYS = frozenset({"text", "html", "title", "url", "outlet", "published"})


def parse_published(value: object) -> dt.date | None:
    """A publication day from an ISO date or datetime string; None otherwise."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_from_object(obj: object, *, source: str, fmt: str) -> Article:
    """An :class:`Article` from one JSON article object; TW105/TW101 when unusable."""
    if not isinstance(obj, dict):
        raise InputError(
            "TW105",
            source=source,
            kind="article",
            detail=f"expected an object, got {type(obj).__name__}",
        )
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError(
            "TW105", source=source, kind="article", detail="no 'text' or 'html' string"
        )
    text = text if isinstance(text, str) else ""
    html = html if isinstance(html, str) else None
    if not text.strip() and not (html or "").strip():
        raise InputError("TW101", source=source)
    fields: dict[str, Any] = {
        name: obj[name]
        for name in _STRING_FIELDS
        if isinstance(obj.get(name), str) and obj[name].strip()
    }
    return Article(
        text=text,
        source=source,
        html=html,
        published=parse_published(obj.get("published")),
        metadata={"format": fmt},
        **fields,
    )


def articles_from_json(text: str, *, source: str) -> Iterator[Article | InputError]:
    """One article object, or a list of them (named ``source#N``, N from 1)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        yield InputError("TW105", source=source, kind="JSON", detail=_json_error(e))
        return
    if not isinstance(data, list):
        if isinstance(data, dict) and not _ARTICLE_KEYS & data.keys():
            keys = ", ".join(sorted(map(str, data))[:5]) or "none"
            yield NotAnArticle(
                source=source,
                detail=f"not an article (no text or html; keys: {keys})",
            )
            return
        yield _guarded(data, source, "json")
        return
    if not data:
        yield InputError("TW101", source=source)
    for n, obj in enumerate(data, 1):
        yield _guarded(obj, f"{source}#{n}", "json")


def articles_from_jsonl(text: str, *, source: str) -> Iterator[Article | InputError]:
    """One article object per line, named ``source#N`` with N the line number."""
    found = False
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        found = True
        yield article_from_jsonl_line(line, name=f"{source}#{n}")
    if not found:
        yield InputError("TW101", source=source)


def article_from_jsonl_line(line: str, *, name: str) -> Article | InputError:
    """The article of one JSON line, or why it is unusable."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as e:
        return InputError("TW105", source=name, kind="JSON line", detail=_json_error(e))
    return _guarded(obj, name, "jsonl")


def _json_error(e: Exception) -> str:
    if isinstance(e, RecursionError):
        return "nested too deeply"
    return str(e)


def _guarded(obj: object, source: str, fmt: str) -> Article | InputError:
    try:
        return article_from_object(obj, source=source, fmt=fmt)
    except InputError as e:
        return e
    except Exception as e:  # one odd object is one error, never the end of the file
        return InputError("TW105", source=source, kind="article", detail=repr(e))


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if isinstance(stamp, time.struct_time):
            try:
                return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                return None
    return None


def _entry_body(entry: Any) -> tuple[str, str] | None:
    """(value, MIME type) of an entry's fullest body: content first, then summary."""
    for content in entry.get("content") or ():
        if (content.get("value") or "").strip():
            return content["value"], content.get("type") or "text/html"
    summary = entry.get("summary") or ""
    if summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary, detail.get("type") or "text/html"
    return None


def articles_from_feed(data: bytes, *, source: str) -> Iterator[Article | InputError]:
    """Each RSS/Atom entry as an article, named by its link or ``source#N``.

    The bytes are parsed as given; feedparser is never handed a URL or a path, so it
    never fetches anything itself.
    """
    try:
        parsed = feedparser.parse(safe_char_refs(data))
    except Exception as e:  # feedparser on hostile bytes (encodings, entities)
        yield InputError("TW105", source=source, kind="feed", detail=repr(e))
        return
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        yield InputError("TW105", source=source, kind="feed", detail=str(reason))
        return
    outlet = _string(parsed.feed.get("title"))
    for n, entry in enumerate(parsed.entries, 1):
        try:
            yield _entry_article(entry, n, source=source, outlet=outlet)
        except InputError as e:
            yield e
        except Exception as e:  # one odd entry is one error, never the end of the feed
            yield InputError(
                "TW105", source=f"{source}#{n}", kind="feed entry", detail=repr(e)
            )


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _entry_article(entry: Any, n: int, *, source: str, outlet: str | None) -> Article:
    link = _string(entry.get("link"))
    name = link or f"{source}#{n}"
    body = _entry_body(entry)
    if body is None:
        raise InputError("TW101", source=name)
    value, mime = body
    is_html = "html" in mime
    return Article(
        text="" if is_html else value,
        html=value if is_html else None,
        source=name,
        title=_string(entry.get("title")),
        url=link,
        outlet=outlet,
        published=_entry_date(entry),
        metadata={"format": "feed", "feed": source},
    )
