"""UK FCDO foreign travel advice (GOV.UK content API, one JSON item per country).

The level is ``details.alert_status``; regions are the headings under "Areas where
FCDO advises against ..." in the warnings-and-insurance part.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

from travelwatch.connectors.base import (
    FeedConnector,
    Parsed,
    content_hash,
    parse_json,
    require,
)
from travelwatch.connectors.html_text import (
    elements,
    html_text,
    normalise_space,
    strip_tags,
)
from travelwatch.connectors.levels import NativeLevel, issuing_body, level_by_id
from travelwatch.connectors.places import uk_slug_codes, uk_slug_region
from travelwatch.connectors.reasons import reasons_from_text
from travelwatch.errors import ConnectorError, FeedFormatChanged, FeedUnavailable
from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin, Region

log = logging.getLogger(__name__)

BASE_URL = "https://www.gov.uk"
INDEX_PATH = "/api/content/foreign-travel-advice"

_AGAINST = re.compile(
    r"advises against (all but essential |all )?travel", re.IGNORECASE
)


def _text(fragment: str) -> str:
    return normalise_space(html.unescape(strip_tags(fragment)))


def _sections(body: str) -> list[tuple[str, str, str]]:
    """(tag, heading text, HTML up to the next heading) for every h2/h3."""
    heads = list(elements(body, "h[23]"))
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(body)
        out.append((m.name, _text(m.inner(body)), body[m.end : end]))
    return out


def _first_level(text: str, default: int) -> int:
    """The level of the first "advises against ..." phrase in text."""
    match = _AGAINST.search(text)
    if not match:
        return default
    return 3 if (match.group(1) or "").lower().startswith("all but") else 4


# An abbreviation's tags (its text stays): matched tag by tag, linear on any input.
_ABBR_TAG = re.compile(r"</?abbr\b[^<>]*>", re.IGNORECASE)
# "... to the state of Chihuahua, except:" - the list that follows is exceptions.
_EXCEPT_TAIL = re.compile(r"\bexcept(?:\s+(?:for|the))?\s*:?\s*$", re.IGNORECASE)
# Advice whose object is a link to another country's page ("advises against all
# travel to <a href=".../venezuela">Venezuela's border regions</a>") is that
# country's, not this one's.
_OTHER_ADVICE = re.compile(
    r"advises\s+against\s+(?:all\s+but\s+essential\s+|all\s+)?travel\s+(?:to|in)\s*"
    r'<a\b[^>]*href="[^"]*/foreign-travel-advice/([a-z0-9-]+)',
    re.IGNORECASE,
)
# Warnings that name the rest of the country cover all of it together.
_REST = re.compile(
    r"\b(?:all other (?:regions|parts|areas)|(?:the )?rest of the country"
    r"|remainder of the country)\b",
    re.IGNORECASE,
)


def _level_of(advice: re.Match[str]) -> int:
    return 3 if (advice.group(1) or "").lower().startswith("all but") else 4


@dataclass(slots=True)
class _Group:
    """One advice paragraph of an area and the lists under it."""

    level: int
    wording: str | None
    places: list[str] = field(default_factory=list)
    excepted: list[str] = field(default_factory=list)
    excepting: bool = False
    ignored: bool = False


def _groups(block: str, default_level: int, slug: str) -> list[_Group]:
    """The advice paragraphs of one area's HTML, each with its places and exceptions
    (``ignored`` when the advice is about another country's area).

    Kenya's border area gives "all travel" to some counties and "all but essential
    travel" to others under one heading: they stay two groups. A paragraph about
    another country's advice (a link to its page) is not this country's area.
    """
    groups: list[_Group] = []
    # Paragraphs and lists in document order (a <p> inside a list is the list's),
    # found by the linear element reader: hostile HTML cannot make this quadratic.
    for el in elements(block, "ul|ol|p"):
        block_html = block[el.start : el.end]
        if el.name in ("ul", "ol"):
            items = [
                t
                for li in elements(block_html, "li")
                if (t := _text(li.inner(block_html)))
            ]
            if not groups:
                groups.append(_Group(default_level, None))
            group = groups[-1]
            (group.excepted if group.excepting else group.places).extend(items)
            continue
        text = _text(block_html)
        advice = _AGAINST.search(text)
        if not advice or not advice.group(1):
            continue  # "Find out more about why FCDO advises against travel"
        html_p = _ABBR_TAG.sub("", block_html)
        others = {x for x in _OTHER_ADVICE.findall(html_p) if x != slug}
        groups.append(
            _Group(
                _level_of(advice),
                text,
                excepting=bool(_EXCEPT_TAIL.search(text)),
                ignored=bool(others),
            )
        )
    return groups


class _Warnings:
    """What the warnings part says: regions, headings and the warning texts."""

    def __init__(self, body: str, iso: str, slug: str) -> None:
        self.regions: list[Region] = []
        self.whole: list[str] = []
        self.areas: list[str] = []
        self.texts: list[str] = []
        self.covers_rest = False
        loose: list[tuple[str, int]] = []
        area_level: int | None = None
        h3_areas = False
        for tag, heading, block in _sections(body):
            block_text = html_text(block)
            if tag == "h2":
                if heading.lower().startswith("areas where") and _AGAINST.search(
                    heading
                ):
                    area_level = _first_level(heading, 4)
                    self.areas.append(heading)
                    self.texts.append(block_text)
                    loose.extend(
                        (_text(li.inner(block)), area_level)
                        for li in elements(block, "li")
                    )
                    continue
                if _AGAINST.search(heading):
                    self.whole.append(heading)
                    self.texts.append(block_text)
                    area_level = None
                    continue
                # Some pages put each area under its own h2 after "Areas where ..."
                # (and then use no h3); such a run ends at the first h2 that does
                # not open with advice.
                if (
                    area_level is None
                    or h3_areas
                    or not _AGAINST.search(block_text[:300])
                ):
                    area_level = None
                    continue
            elif area_level is None:
                continue
            else:
                h3_areas = True
            self.texts.append(block_text)
            self._add_area(heading, area_level, block, block_text, iso, slug)
        if not self.regions:
            # A section without sub-headings lists its places as bullets.
            for name, level in loose:
                self._add(name, level, None, iso)

    def _add_area(
        self,
        heading: str,
        area_level: int,
        block: str,
        block_text: str,
        iso: str,
        slug: str,
    ) -> None:
        if _REST.search(heading) or _REST.search(block_text[:300]):
            self.covers_rest = True
        groups = _groups(block, area_level, slug)
        if not groups:
            level = _first_level(block_text, area_level)
            self._add(heading, level, _wording(block_text), iso)
            return
        for g in groups:
            if not g.ignored:
                self._add(heading, g.level, g.wording, iso, g.places, g.excepted)

    def _add(
        self,
        heading: str,
        level: int,
        wording: str | None,
        iso: str,
        places: list[str] | None = None,
        excepted: list[str] | None = None,
    ) -> None:
        action = "avoid_all_travel" if level == 4 else "avoid_nonessential_travel"
        if wording is None:
            wording = self.areas[-1] if self.areas else None
        self.regions.append(
            Region(
                heading.rstrip(" :.;"),
                iso,
                level,
                action,
                wording,
                [p.rstrip(" .;") for p in places or []],
                [p.rstrip(" .;") for p in excepted or []],
            )
        )


def _wording(block_text: str) -> str | None:
    return next(
        (s for s in re.split(r"(?<=[.:])\s+", block_text) if _AGAINST.search(s)),
        None,
    )


def _date(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_country(data: Any, *, source: str = "uk") -> OfficialItem:
    """One GOV.UK travel-advice content item; FeedFormatChanged if its shape is wrong."""
    if not isinstance(data, dict):
        raise FeedFormatChanged(
            source=source, detail="content item is not a JSON object"
        )
    schema = data.get("schema_name")
    if schema is not None and schema != "travel_advice":
        raise FeedFormatChanged(source=source, detail=f"schema_name {schema!r}")
    statuses = require(data, ("details", "alert_status"), source=source)
    country = require(data, ("details", "country"), source=source)
    slug = require(country, ("slug",), source=source)
    parts = require(data, ("details", "parts"), source=source)
    if not isinstance(statuses, list) or not isinstance(parts, list):
        raise FeedFormatChanged(
            source=source, detail="alert_status or parts not a list"
        )
    rows: list[NativeLevel] = []
    for status in statuses:
        row = level_by_id("GB", str(status))
        if row is None:
            raise FeedFormatChanged(
                source=source, detail=f"unknown alert_status {status!r}"
            )
        rows.append(row)
    top = max(rows, key=lambda r: r.level) if rows else level_by_id("GB", "none")
    if top is None:
        raise FeedFormatChanged(source=source, detail="levels table lacks GB 'none'")
    name = country.get("name")
    codes = uk_slug_codes(str(slug), name if isinstance(name, str) else None)
    if not codes:
        raise FeedFormatChanged(source=source, detail=f"unknown country slug {slug!r}")
    warnings = next(
        (
            p
            for p in parts
            if isinstance(p, dict) and p.get("slug") == "warnings-and-insurance"
        ),
        None,
    )
    found = _Warnings(str((warnings or {}).get("body") or ""), codes[0], str(slug))
    updated = _date(data.get("public_updated_at")) or _date(data.get("updated_at"))
    headings = found.whole or found.areas
    level, action = top.level, top.action
    wording = "; ".join(headings) if top.id != "none" and headings else None
    if found.covers_rest and found.regions:
        # Every part is under a warning ("all other regions of Ukraine"): the whole
        # country is at least at its mildest area's level, whatever the status says.
        floor = min(r.level or 0 for r in found.regions)
        if floor > level:
            level = floor
            action = "avoid_all_travel" if floor == 4 else "avoid_nonessential_travel"
            wording = f"{wording} (together, every part of the country)"
    partial = any(str(s).endswith("_to_parts") for s in statuses)
    advisory = Advisory(
        issuer="GB",
        audience="GB",
        destinations=codes,
        level=level,
        action=action,
        issuing_body=issuing_body("GB"),
        reasons=reasons_from_text(" ".join(found.texts)),
        issued=updated.date() if updated else None,
        native_wording=wording,
        native_level=", ".join(str(s) for s in statuses) or "none",
        regions=found.regions,
        origin=Origin.OFFICIAL,
        summary=normalise_space(
            str(
                require(data, ("details",), source=source).get("change_description")
                or ""
            )
        )
        or None,
        url=BASE_URL + str(data.get("base_path") or f"/foreign-travel-advice/{slug}"),
        source_updated=updated,
        # Warnings to parts whose places could not be read: regions not known.
        regions_known=bool(found.regions) or not partial,
        scope=uk_slug_region(str(slug)),
    )
    raw = content_hash(
        statuses,
        country,
        [
            (p.get("slug"), p.get("title"), p.get("body"))
            for p in parts
            if isinstance(p, dict)
        ],
        data["details"].get("change_description"),
        data.get("public_updated_at"),
    )
    return OfficialItem("uk", advisory, f"uk:{slug}", data.get("title"), raw)


class UkFcdoConnector(FeedConnector):
    """GOV.UK foreign travel advice: one content item per country."""

    name: ClassVar[str] = "uk"
    registry_name: ClassVar[str] = "connector.uk_fcdo.v1"
    #: The government whose advice this feed carries (``sync gb`` finds it).
    issuer: ClassVar[str] = "GB"
    file_glob: ClassVar[str] = "*.json"
    base_url: ClassVar[str] = BASE_URL

    def _parse(self, payload: bytes, *, origin: str) -> Parsed:
        parsed = Parsed()
        parsed.items.append(
            parse_country(parse_json(payload, source=self.name), source=self.name)
        )
        return parsed

    def country_paths(self, index: Any) -> list[str]:
        """API paths of every country listed by the travel-advice index."""
        children = require(index, ("links", "children"), source=self.name)
        if not isinstance(children, list) or not children:
            raise FeedFormatChanged(source=self.name, detail="index lists no countries")
        paths = []
        for child in children:
            if not isinstance(child, dict):
                continue
            path = child.get("api_path") or (
                "/api/content" + child["base_path"] if child.get("base_path") else None
            )
            # Only paths on GOV.UK itself: the host of a URL never comes from
            # feed content ("@elsewhere/x" or "//elsewhere/x" would change it).
            if isinstance(path, str) and path.startswith("/api/content/"):
                paths.append(path)
            elif path:
                log.warning("uk: index path %r is not a GOV.UK content path", path)
        return paths

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult:
        index_url = self.base_url + INDEX_PATH
        response = self.get(client, index_url, etag=etag, last_modified=last_modified)
        if response.status_code == 304:
            return self.not_modified(response)
        paths = self.country_paths(parse_json(response.content, source=self.name))
        parsed = Parsed()
        failures: list[ConnectorError] = []
        for path in paths:
            try:
                country = self.get(client, self.base_url + path)
                parsed.extend(self.parse_payload(country.content, origin=path))
            except ConnectorError as e:
                failures.append(e)
                parsed.skip(self.name, path, e.reason)
        if failures and not parsed.items:
            raise FeedUnavailable(
                source=self.name,
                url=index_url,
                detail=f"every country failed: {failures[0].reason}",
            )
        return self.result(parsed, response=response)
