"""UK FCDO foreign travel advice (GOV.UK content API, one JSON item per country).

The level is ``details.alert_status``; regions are the headings under "Areas where
FCDO advises against ..." in the warnings-and-insurance part.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
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
from travelwatch.connectors.places import uk_slug_codes
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


class _Warnings:
    """What the warnings part says: regions, headings and the warning texts."""

    def __init__(self, body: str, iso: str) -> None:
        self.regions: list[Region] = []
        self.whole: list[str] = []
        self.areas: list[str] = []
        self.texts: list[str] = []
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
            self._add(heading, _first_level(block_text, area_level), block_text, iso)
        if not self.regions:
            # A section without sub-headings lists its places as bullets.
            for name, level in loose:
                self._add(name, level, "", iso)

    def _add(self, heading: str, level: int, block_text: str, iso: str) -> None:
        action = "avoid_all_travel" if level == 4 else "avoid_nonessential_travel"
        wording = next(
            (s for s in re.split(r"(?<=[.:])\s+", block_text) if _AGAINST.search(s)),
            self.areas[-1] if self.areas else None,
        )
        self.regions.append(Region(heading.rstrip(" :.;"), iso, level, action, wording))


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
    found = _Warnings(str((warnings or {}).get("body") or ""), codes[0])
    updated = _date(data.get("public_updated_at")) or _date(data.get("updated_at"))
    headings = found.whole or found.areas
    advisory = Advisory(
        issuer="GB",
        audience="GB",
        destinations=codes,
        level=top.level,
        action=top.action,
        issuing_body=issuing_body("GB"),
        reasons=reasons_from_text(" ".join(found.texts)),
        issued=updated.date() if updated else None,
        native_wording="; ".join(headings) if top.id != "none" and headings else None,
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
