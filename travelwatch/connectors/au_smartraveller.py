"""Australian Smartraveller advice levels: the destinations export, or a summary list.

Two shapes, told apart row by row:

- Smartraveller's own ``/destinations-export`` (a JSON list of
  ``{title, field_overall_advice_level, field_advice_levels, field_last_update,
  field_url, changed, ...}``). Its shape is known from public third-party clients
  (several independent ones agree on these fields), not from official
  documentation or a recording of ours, so every row is checked and a payload of
  another shape is a format error. Live fetching reads this export.
- The summary a third-party daily scrape keeps (``{destination, risk_level,
  last_updated, url}``), for recorded history.
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
from travelwatch.errors import FeedFormatChanged
from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin

log = logging.getLogger(__name__)

EXPORT_URL = "https://www.smartraveller.gov.au/destinations-export"
_NO_ADVICE = "no travel advice"
# The export's "changed" reads like "Fri, 2025-11-14 14:22" (time zone unstated):
# only its date is used.
_CHANGED = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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


def _changed(value: Any) -> dt.datetime | None:
    match = _CHANGED.search(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip() or None


def _other_levels(text: str | None, overall: str) -> bool:
    """Whether the advice-levels text gives some part another level."""
    for sentence in re.split(r"(?<=[.!?])\s+", text or ""):
        row = level_by_wording("AU", sentence)
        if row is not None and row.id != overall:
            return True
    return False


def parse_export_entry(entry: dict[str, Any]) -> OfficialItem | None:
    """One ``/destinations-export`` row; None for "No travel advice"."""
    name = entry.get("title")
    if not isinstance(name, str) or not name.strip():
        raise _BadEntry("missing title")
    wording = str(entry.get("field_overall_advice_level") or "").strip()
    if wording.lower() == _NO_ADVICE:
        return None
    codes = au_destination_codes(name)
    if codes is None:
        raise _BadEntry(f"unknown destination {name!r}")
    if not codes:
        return None
    row = level_by_wording("AU", wording) if wording else None
    if row is None:
        raise _BadEntry(f"{name}: unknown field_overall_advice_level {wording!r}")
    updated = _changed(entry.get("changed"))
    levels_text = _text(entry.get("field_advice_levels"))
    url = entry.get("field_url")
    advisory = Advisory(
        issuer="AU",
        audience="AU",
        destinations=codes,
        level=row.level,
        action=row.action,
        issuing_body=issuing_body("AU"),
        issued=updated.date() if updated else None,
        native_wording=levels_text or wording,
        native_level=row.native_wording,
        origin=Origin.OFFICIAL,
        summary=_text(entry.get("field_last_update")),
        url=url if isinstance(url, str) else None,
        source_updated=updated,
        # Parts with another level are named only in free text: not read.
        regions_known=False if _other_levels(levels_text, row.id) else None,
    )
    raw = content_hash(name, wording, levels_text, entry.get("changed"))
    return OfficialItem("au", advisory, f"au:{_slug(name)}", name, raw)


def parse_entry(entry: Any) -> OfficialItem | None:
    """One row, export or summary; None for Smartraveller's "No travel advice"."""
    if not isinstance(entry, dict):
        raise _BadEntry("row is not an object")
    if "field_overall_advice_level" in entry:
        return parse_export_entry(entry)
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
    """Smartraveller levels: the live destinations export, or recorded files."""

    name: ClassVar[str] = "au"
    registry_name: ClassVar[str] = "connector.au_smartraveller.v1"
    #: The government whose advice this feed carries (``sync gb`` finds it).
    issuer: ClassVar[str] = "AU"
    file_glob: ClassVar[str] = "au-*.json"
    snapshots: ClassVar[bool] = True

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
        if parsed.skipped and not parsed.items:
            # Rows, none readable: the format changed; not a sync of 0.
            raise FeedFormatChanged(
                source=self.name,
                detail=f"{origin}: none of {len(rows)} rows could be read",
            )
        return parsed

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult:
        """The live ``/destinations-export`` (its shape from public clients only)."""
        response = self.get(client, EXPORT_URL, etag=etag, last_modified=last_modified)
        if response.status_code == 304:
            return self.not_modified(response)
        parsed = self._parse(response.content, origin=EXPORT_URL)
        if not parsed.items:
            raise FeedFormatChanged(
                source=self.name, detail=f"{EXPORT_URL}: no destination could be read"
            )
        return self.result(parsed, response=response)
