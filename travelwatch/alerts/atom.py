"""An Atom 1.0 feed of changes, built with xml.etree (which escapes all text)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from travelwatch.alerts.describe import change_text, change_title
from travelwatch.news.present import advisory_path

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:travelwatch:changes"


def _el(
    parent: ET.Element, tag: str, text: str | None = None, **attrs: str
) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _stamp(value: str | None) -> str:
    if not value:
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


def changes_atom(
    changes: Sequence[dict[str, Any]],
    *,
    title: str = "travelwatch: advisory changes",
    feed_id: str = FEED_ID,
    now: dt.datetime | None = None,
    base_url: str = "",
) -> bytes:
    """Serialise :func:`list_changes` rows (newest first) as an Atom document."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _el(feed, "id", feed_id)
    _el(feed, "title", title)
    newest = changes[0]["seen_at"] if changes else None
    _el(
        feed,
        "updated",
        _stamp(newest)
        if newest
        else _stamp((now or dt.datetime.now(dt.UTC)).isoformat()),
    )
    author = _el(feed, "author")
    _el(author, "name", "travelwatch")
    for change in changes:
        entry = _el(feed, "entry")
        _el(entry, "id", f"{feed_id}:{change['id']}")
        _el(entry, "title", change_title(change))
        _el(entry, "updated", _stamp(change.get("seen_at")))
        state = change.get("after") or change.get("before") or {}
        link = _http_link(state.get("url"))
        if link:
            _el(entry, "link", href=link)
        advisory = advisory_path(change)
        if advisory:  # a news change: the page of the advisory it is about
            _el(entry, "link", rel="related", href=base_url + advisory)
        _el(entry, "category", term=str(change["kind"]))
        if change.get("origin"):
            _el(entry, "category", term=str(change["origin"]), label="origin")
        _el(entry, "summary", change_text(change))
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def _http_link(url: object) -> str | None:
    """``url`` when it is an http(s) URL; feed content can hold ``javascript:``."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https") and "//" in url[:10] else None
