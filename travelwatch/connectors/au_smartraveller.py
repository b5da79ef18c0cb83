"""Australian Smartraveller advice levels, from a recorded summary list.

Smartraveller publishes no machine-readable feed that we could record and check,
so this connector reads the summary format a third-party daily scrape keeps
(a JSON list of ``{destination, risk_level, last_updated, url}``) and refuses
live fetching with a coded error rather than scraping HTML.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any, ClassVar

import httpx

from travelwatch.connectors.base import (
    FeedConnector,
    Parsed,
    content_hash,
    entry_error,
    parse_json,
)
from travelwatch.connectors.levels import issuing_body, level_by_wording
from travelwatch.connectors.places import au_destination_codes
from travelwatch.errors import FeedFormatChanged, FeedUnavailable
from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin

log = logging.getLogger(__name__)


class _BadEntry(Exception):
    pass


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _date(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def parse_entry(entry: Any) -> OfficialItem | None:
    """One summary row; None for Smartraveller's "No travel advice" placeholder."""
    if not isinstance(entry, dict):
        raise _BadEntry("row is not an object")
    name = entry.get("destination")
    if not isinstance(name, str) or not name.strip():
        raise _BadEntry("missing destination")
    codes = au_destination_codes(name)
    if codes is None:
        raise _BadEntry(f"unknown destination {name!r}")
    if not codes:
        return None
    wording = str(entry.get("risk_level") or "").strip()
    row = level_by_wording("AU", wording) if wording else None
    if row is None:
        raise _BadEntry(f"{name}: unknown risk_level {wording!r}")
    updated = _date(entry.get("last_updated"))
    advisory = Advisory(
        issuer="AU",
        audience="AU",
        destinations=codes,
        level=row.level,
        action=row.action,
        issuing_body=issuing_body("AU"),
        issued=updated.date() if updated else None,
        native_wording=wording,
        native_level=row.native_wording,
        origin=Origin.OFFICIAL,
        url=entry.get("url") if isinstance(entry.get("url"), str) else None,
        source_updated=updated,
    )
    raw = content_hash(name, wording, entry.get("last_updated"))
    return OfficialItem("au", advisory, f"au:{_slug(name)}", name, raw)


class AuSmartravellerConnector(FeedConnector):
    """Smartraveller levels from a recorded summary; no live fetching."""

    name: ClassVar[str] = "au"
    registry_name: ClassVar[str] = "connector.au_smartraveller.v1"
    file_glob: ClassVar[str] = "au-*.json"

    def _parse(self, payload: bytes, *, origin: str) -> Parsed:
        rows = parse_json(payload, source=self.name)
        if not isinstance(rows, list) or not rows:
            raise FeedFormatChanged(
                source=self.name,
                detail=f"{origin}: expected a non-empty list of destinations",
            )
        parsed = Parsed()
        for n, row in enumerate(rows, 1):
            try:
                item = parse_entry(row)
            except Exception as e:  # one broken row is skipped, never the feed
                parsed.skip(self.name, f"row {n}", entry_error(e))
                continue
            if item is not None:
                parsed.items.append(item)
        return parsed

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult:
        raise FeedUnavailable(
            source=self.name,
            detail="live Smartraveller fetching is not supported (no machine-readable "
            "official feed); load a recorded summary file instead",
        )
