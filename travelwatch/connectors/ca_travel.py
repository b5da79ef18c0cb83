"""Global Affairs Canada travel advice (``cta-cap-XX.json`` and the alphabetical index).

``data.advisory-state`` (0-3) is the level; each ``div.AdvisoryContainer`` in
``data.eng.advisories`` is an "h3 Region - Advice" block. The index
(``index-alpha-eng.json``) carries the same fields per country minus the HTML, so
it yields items without regions.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from html.parser import HTMLParser
from typing import Any, ClassVar

import httpx

from travelwatch.connectors.base import (
    FeedConnector,
    Parsed,
    content_hash,
    entry_error,
    parse_json,
    require,
)
from travelwatch.connectors.html_text import (
    elements,
    html_text,
    normalise_space,
    strip_tags,
)
from travelwatch.connectors.levels import issuing_body, level_by_id, level_by_wording
from travelwatch.connectors.reasons import reasons_from_text
from travelwatch.errors import ConnectorError, FeedFormatChanged
from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin, Region

log = logging.getLogger(__name__)

BASE_URL = "https://data.international.gc.ca/travel-voyage"
INDEX_FILE = "index-alpha-eng.json"
PAGE_URL = "https://travel.gc.ca/destinations/"

_CONTAINER = re.compile(
    r"<div\s+class=\"AdvisoryContainer\s*([^\"]*)\"\s*>(.*?)(?=<div\s+class=\"AdvisoryContainer|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_SPLIT_TITLE = re.compile(r"\s+[-–]\s+")
_TO = re.compile(
    r"\btravel\s+(?:to|in)\s+(?P<place>.+?)(?:,?\s+due to\b|:|\.\s|\.$|$)", re.I
)
_TZ = {"EDT": -4, "EST": -5, "UTC": 0, "GMT": 0}


class _BadEntry(Exception):
    pass


def _plain(text: str) -> str:
    return normalise_space(html.unescape(strip_tags(text)))


def parse_friendly_date(text: Any) -> dt.datetime | None:
    """A "friendly-date" such as "October 6, 2026 14:51 EDT" as an aware datetime."""
    if not isinstance(text, str):
        return None
    match = re.match(
        r"\s*(\w+ \d{1,2}, \d{4})(?: (\d{1,2}:\d{2}))?(?: ([A-Z]{2,4}))?", text
    )
    if not match:
        return None
    try:
        day = dt.datetime.strptime(match.group(1), "%B %d, %Y")
    except ValueError:
        return None
    if match.group(2):
        hour, minute = (int(x) for x in match.group(2).split(":"))
        day = day.replace(hour=hour, minute=minute)
    offset = _TZ.get(match.group(3) or "", -5 if match.group(3) else 0)
    return day.replace(tzinfo=dt.timezone(dt.timedelta(hours=offset)))


class _TopItems(HTMLParser):
    """Text of the outermost list's items, leaving out nested exception lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.items: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"ul", "ol"}:
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"}:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and self.items:
            self.items[-1] += data


def _region_name(name: str, text: str, body: str) -> str:
    """The h3 name, or for a generic "Regional advisory" the places the text names."""
    if name.lower() not in {"regional advisory", "regional advisories"}:
        return name
    match = _TO.search(text)
    place = match.group("place").strip() if match else ""
    if not place or place.lower().startswith("the following"):
        parser = _TopItems()
        parser.feed(body)
        items = [normalise_space(i).rstrip(" :;,") for i in parser.items]
        place = "; ".join(i for i in items if i) or name
    if len(place) > 200:
        place = place[:200].rsplit(" ", 1)[0] + " …"
    return place


def _containers(advisories: str, iso: str) -> tuple[str | None, list[Region]]:
    """The country-wide advice sentence and the regional blocks.

    The first container is the country-wide advice unless its class marks it
    regional; every later one is a region (even "ExNormal" islands of calm).
    """
    lead: str | None = None
    regions: list[Region] = []
    for n, (css, block) in enumerate(_CONTAINER.findall(advisories)):
        head = next(elements(block, "h3"), None)
        if not head:
            continue
        title = _plain(head.inner(block))
        body = block[head.end :]
        text = html_text(body)
        if n == 0 and "regional" not in css.lower():
            lead = text or title
            continue
        parts = _SPLIT_TITLE.split(title)
        name, wording = (
            (" - ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (title, text)
        )
        row = level_by_wording("CA", wording) or level_by_wording("CA", text)
        regions.append(
            Region(
                _region_name(name, text, body),
                iso,
                row.level if row else None,
                row.action if row else None,
                text or title,
            )
        )
    return lead, regions


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes"}


def parse_entry(data: Any, *, generated: Any = None) -> OfficialItem:
    """One country's ``data`` object (from a cta-cap file or the index)."""
    if not isinstance(data, dict):
        raise _BadEntry("entry is not an object")
    iso = data.get("country-iso")
    state = data.get("advisory-state")
    eng = data.get("eng")
    if not isinstance(iso, str) or len(iso) != 2:
        raise _BadEntry("missing country-iso")
    if not isinstance(eng, dict):
        raise _BadEntry(f"{iso}: missing eng")
    row = level_by_id("CA", str(state))
    if row is None:
        raise _BadEntry(f"{iso}: advisory-state {state!r} is not 0-3")
    iso = iso.upper()
    lead, regions = _containers(str(eng.get("advisories") or ""), iso)
    updated = parse_friendly_date(eng.get("friendly-date"))
    stamp = generated.get("timestamp") if isinstance(generated, dict) else None
    if updated is None and isinstance(stamp, int | float) and stamp > 0:
        try:
            updated = dt.datetime.fromtimestamp(stamp, dt.UTC)
        except (OverflowError, OSError, ValueError):
            updated = None
    wording = normalise_space(str(eng.get("advisory-text") or "")) or row.native_wording
    slug = eng.get("url-slug")
    advisory = Advisory(
        issuer="CA",
        audience="CA",
        destinations=[iso],
        level=row.level,
        action=row.action,
        issuing_body=issuing_body("CA"),
        reasons=reasons_from_text(lead or ""),
        issued=updated.date() if updated else None,
        native_wording=lead or wording,
        native_level=f"advisory-state {state}: {wording}",
        regions=regions,
        origin=Origin.OFFICIAL,
        summary=normalise_space(str(eng.get("recent-updates") or "")) or None,
        url=PAGE_URL + str(slug) if slug else None,
        source_updated=updated,
        # Flagged regional advice that no container gave: regions not known.
        regions_known=bool(regions) or not _flag(data.get("has-regional-advisory")),
    )
    return OfficialItem(
        "ca", advisory, f"ca:{iso}", eng.get("name"), content_hash(data)
    )


class CaTravelConnector(FeedConnector):
    """travel.gc.ca open data: one JSON per country, plus an alphabetical index."""

    name: ClassVar[str] = "ca"
    registry_name: ClassVar[str] = "connector.ca_travel.v1"
    #: The government whose advice this feed carries (``sync gb`` finds it).
    issuer: ClassVar[str] = "CA"
    file_glob: ClassVar[str] = "*.json"
    base_url: ClassVar[str] = BASE_URL

    def _parse(self, payload: bytes, *, origin: str) -> Parsed:
        doc = parse_json(payload, source=self.name)
        data = require(doc, ("data",), source=self.name)
        metadata = doc.get("metadata")
        generated = metadata.get("generated") if isinstance(metadata, dict) else None
        parsed = Parsed()
        if isinstance(data, dict) and "country-iso" in data:
            try:
                parsed.items.append(parse_entry(data, generated=generated))
            except Exception as e:  # this file's one entry is broken
                raise FeedFormatChanged(
                    source=self.name, detail=f"{origin}: {entry_error(e)}"
                ) from e
            return parsed
        if not isinstance(data, dict) or not data:
            raise FeedFormatChanged(
                source=self.name, detail=f"{origin}: data has no countries"
            )
        for code, entry in data.items():
            try:
                parsed.items.append(parse_entry(entry, generated=generated))
            except Exception as e:  # one broken entry is skipped, never the feed
                parsed.skip(self.name, str(code), entry_error(e))
        if not parsed.items:
            raise FeedFormatChanged(
                source=self.name,
                detail=f"{origin}: none of {len(data)} countries could be read",
            )
        return parsed

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult:
        """The index, then each country's full file (the index entry if that fails)."""
        index_url = f"{self.base_url}/{INDEX_FILE}"
        response = self.get(client, index_url, etag=etag, last_modified=last_modified)
        if response.status_code == 304:
            return self.not_modified(response)
        index = self.parse_payload(response.content, origin=index_url)
        parsed = Parsed()
        parsed.skipped.extend(index.skipped)
        for summary in index.items:
            code = summary.advisory.destinations[0].lower()
            url = f"{self.base_url}/cta-cap-{code}.json"
            try:
                full = self.parse_payload(self.get(client, url).content, origin=url)
            except ConnectorError as e:
                log.warning("ca: %s; keeping the index entry without regions", e.line())
                parsed.items.append(summary)
                continue
            parsed.extend(full)
        return self.result(parsed, response=response)
