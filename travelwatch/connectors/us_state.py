"""U.S. Department of State travel advisories (RSS 2.0, ``TAsTWs.xml``).

Each ``<item>`` is one destination: the level comes from the Threat-Level category
(cross-checked against the title), the place from the page URL or the FIPS-style
Country-Tag, and reasons and regional "Do not travel to ..." lines from the
item's own HTML summary.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import ClassVar

import httpx

from travelwatch.connectors.base import (
    FeedConnector,
    Parsed,
    content_hash,
    entry_error,
    parse_xml,
)
from travelwatch.connectors.html_text import BULLET, html_lines
from travelwatch.connectors.levels import issuing_body, level_by_id
from travelwatch.connectors.places import us_place
from travelwatch.connectors.reasons import reasons_from_text
from travelwatch.errors import FeedFormatChanged
from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin, Region

FEED_URL = "https://travel.state.gov/_res/rss/TAsTWs.xml"

_LEVEL = re.compile(r"\blevel\s*([1-4])\b", re.IGNORECASE)
_TITLE_NAME = re.compile(r"\s+-\s+level\s+\d.*$", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:level [1-4]:\s*)?(exercise normal precautions?|exercise increased caution"
    r"|reconsider travel|do not travel)\b",
    re.IGNORECASE,
)
_REGION_HEAD = re.compile(
    r"^(?:level [1-4]:\s*)?(do not travel|reconsider travel|exercise increased caution)"
    r"\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_REGION_LEVEL = {
    "do not travel": 4,
    "reconsider travel": 3,
    "exercise increased caution": 2,
}
# The summary says some areas carry advice of their own.
_HAS_AREAS = re.compile(r"\bsome areas have (?:an )?increased", re.IGNORECASE)
# A paragraph under "Do not travel to:" is a place only if it reads like one: a
# short name before its reason, not a sentence ("Country Summary: ...", "The U.S.
# government has limited ability ... due to ...").
_MAX_PARAGRAPH_NAME_WORDS = 12
# A name ends at its reason or at the end of the sentence, but "St. Ann's Parish"
# does not end at "St.".
_NAME_END = re.compile(
    r"\s+(?:due to|for any reason|because)\b"
    r"|(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bU\.S)(?<!\bU)[.;](?:\s|$)",
    re.IGNORECASE,
)
_LEAD_TAIL = re.compile(
    r"\s*(?:Some areas have (?:an )?increased risks?\.?|Read the entire Travel Advisory\.?)"
    r".*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(\d{1,2})\s+([A-Za-z]{3})\w*\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ],
        1,
    )
}
_MAX_REGION_NAME = 200


class _BadEntry(Exception):
    pass


def parse_date(text: str | None) -> dt.datetime | None:
    """An RFC 822 date, with or without a time ("Tue, 15 Sep 2026"), as UTC."""
    match = _DATE.search(text or "")
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.datetime(
            int(year),
            number,
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=dt.UTC,
        )
    except ValueError as e:  # "31 Sep": not a real date
        raise _BadEntry(f"date {match.group(0)!r} is not a real date") from e


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _region_name(rest: str) -> str:
    text = re.sub(r"^\s*(?:to\b|in\b)\s*", "", rest.strip(), flags=re.IGNORECASE)
    if re.match(r"(?:due to|because|for any reason)\b", text, re.IGNORECASE):
        return ""  # a reason, not a place ("Exercise increased caution due to ...")
    match = _NAME_END.search(text)
    if match:
        text = text[: match.start()]
    text = text.strip(" :,.")
    if len(text) > _MAX_REGION_NAME:
        text = text[:_MAX_REGION_NAME].rsplit(" ", 1)[0] + " …"
    return text


def _description_lines(description: str) -> list[str]:
    # Newer items open with bare text before the first <p> ("Reconsider travel<p>to
    # <b>X</b> due to ..."); keep that sentence on one line.
    # (Found by position, not by a regex: "^\s*([^<]+?)\s*<p>" backtracked
    # quadratically on long runs of spaces.)
    head, found, rest = description.partition("<p>")
    if found and "<" not in head and head.strip():
        description = f"<p>{head.strip()} {rest}"
    return html_lines(description)


def _lead(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if not line.startswith(BULLET) and _LEAD.match(line):
            return i
    for i, line in enumerate(lines):
        if _LEAD.search(line.removeprefix(BULLET)):
            return i
    return None


def _regions(
    lines: list[str], *, skip: int | None, country: str, iso: str, level: int
) -> list[Region]:
    """Regional lines ("Do not travel to: • X", "Reconsider travel to Y due to ...")."""
    found: list[Region] = []
    pending: tuple[int, str] | None = None

    def add(name: str, region_level: int, wording: str) -> None:
        if not name or region_level == level or _plain(name) == _plain(country):
            return
        row = level_by_id("US", str(region_level))
        action = row.action if row else None
        if any(_plain(r.name) == _plain(name) for r in found):
            return
        found.append(Region(name, iso, region_level, action, wording))

    for i, line in enumerate(lines):
        if i == skip:
            continue
        bullet = line.startswith(BULLET)
        text = line.removeprefix(BULLET)
        head = _REGION_HEAD.match(text)
        if head:
            region_level = _REGION_LEVEL[head.group(1).lower()]
            rest = head.group("rest")
            if rest.rstrip().endswith(":"):
                pending = (region_level, text)
            else:
                add(_region_name(rest), region_level, text)
            continue
        # Under a "Do not travel to:" heading the places are bullets, or (in some
        # items) paragraphs that each give their own "due to" reason.
        if pending and (bullet or _place_paragraph(text)):
            add(_region_name(text), pending[0], f"{pending[1]} {text}")
        elif not bullet:
            pending = None
    return found


def _place_paragraph(text: str) -> bool:
    head, found, _ = text.partition(" due to ")
    return (
        bool(found)
        and ":" not in head
        and len(head.split()) <= _MAX_PARAGRAPH_NAME_WORDS
    )


def _category(item: ET.Element, domain: str) -> str | None:
    for cat in item.findall("category"):
        if cat.get("domain") == domain and cat.text:
            return cat.text.strip()
    return None


def parse_item(item: ET.Element) -> OfficialItem:
    title = (item.findtext("title") or "").strip()
    if not title:
        raise _BadEntry("no title")
    threat = _category(item, "Threat-Level")
    level_match = _LEVEL.search(threat or "") or _LEVEL.search(title)
    if not level_match:
        raise _BadEntry(f"no level in {title!r}")
    level = int(level_match.group(1))
    row = level_by_id("US", str(level))
    if row is None:
        raise _BadEntry(f"unknown level {level}")
    tag = (_category(item, "Country-Tag") or "").upper()
    link = (item.findtext("link") or "").strip() or None
    name = re.sub(r"\s+Travel Advisory$", "", _TITLE_NAME.sub("", title)).strip()
    place = us_place(tag, name, link)
    if place is None:
        raise _BadEntry(f"unknown Country-Tag {tag!r} for {name!r}")
    description = item.findtext("description") or ""
    lines = _description_lines(description)
    lead_at = _lead(lines)
    lead = lines[lead_at].removeprefix(BULLET) if lead_at is not None else None
    updated = parse_date(item.findtext("pubDate"))
    regions = _regions(lines, skip=lead_at, country=name, iso=place.iso[0], level=level)
    # "Some areas have increased risk" with no area read: the regions exist but
    # are not known from this summary, which is not "no regional advice".
    regions_known = bool(regions) or not _HAS_AREAS.search(" ".join(lines))
    if place.region:
        regions.insert(
            0,
            Region(
                place.region,
                place.iso[0],
                level,
                row.action,
                lead or row.native_wording,
            ),
        )
    advisory = Advisory(
        issuer="US",
        audience="US",
        destinations=list(place.iso),
        level=level,
        action=row.action,
        issuing_body=issuing_body("US"),
        reasons=reasons_from_text(lead or ""),
        issued=updated.date() if updated else None,
        native_wording=_LEAD_TAIL.sub("", lead) if lead else row.native_wording,
        native_level=threat or row.native_wording,
        regions=regions,
        origin=Origin.OFFICIAL,
        summary=lead,
        url=link,
        source_updated=updated,
        scope=place.region,
        regions_known=regions_known,
    )
    key = f"us:{tag}" + (f":{_slug(name)}" if place.by_title else "")
    raw = content_hash(title, item.findtext("pubDate"), tag, description)
    return OfficialItem("us", advisory, key, title, raw)


class UsStateConnector(FeedConnector):
    """The State Department's one RSS feed of every destination's advisory."""

    name: ClassVar[str] = "us"
    registry_name: ClassVar[str] = "connector.us_state.v1"
    #: The government whose advice this feed carries (``sync gb`` finds it).
    issuer: ClassVar[str] = "US"
    file_glob: ClassVar[str] = "*.xml"
    snapshots: ClassVar[bool] = True
    url: ClassVar[str] = FEED_URL

    def _parse(self, payload: bytes, *, origin: str) -> Parsed:
        root = parse_xml(payload, source=self.name)
        channel = root.find("channel")
        if root.tag != "rss" or channel is None:
            raise FeedFormatChanged(
                source=self.name,
                detail=f"{origin}: expected <rss><channel>, got <{root.tag}>",
            )
        elements = channel.findall("item")
        if not elements:
            raise FeedFormatChanged(
                source=self.name, detail=f"{origin}: no <item> elements"
            )
        parsed = Parsed()
        parsed.published = parse_date(channel.findtext("pubDate"))
        keys: set[str] = set()
        for n, element in enumerate(elements, 1):
            try:
                item = parse_item(element)
            except Exception as e:  # one broken item is skipped, never the feed
                parsed.skip(self.name, f"item {n}", entry_error(e))
                continue
            if item.key in keys:
                # The feed repeats a tag for a second page about the same place.
                item.key = f"{item.key}:{_slug(item.title or str(n))}"
            while item.key in keys:
                item.key = f"{item.key}:{n}"
            keys.add(item.key)
            parsed.items.append(item)
        if not parsed.items:
            # Not a sync of 0 destinations: the feed no longer reads as advisories.
            raise FeedFormatChanged(
                source=self.name,
                detail=f"{origin}: none of {len(elements)} items could be read "
                f"({parsed.skipped[0] if parsed.skipped else 'no reason'})",
            )
        return parsed

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult:
        response = self.get(client, self.url, etag=etag, last_modified=last_modified)
        if response.status_code == 304:
            return self.not_modified(response)
        return self.result(
            self.parse_payload(response.content, origin=self.url), response=response
        )
