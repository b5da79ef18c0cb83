"""Exports of the current advisories: CSV, JSON, GeoJSON and Atom."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import ConfigError
from travelwatch.queries.advisories import list_advisories
from travelwatch.queries.places import map_levels
from travelwatch.queries.rows import country_name
from travelwatch.storage.schema import advisories
from travelwatch.web.worldmap import geometry

EXPORT_FORMATS = ("csv", "json", "geojson", "atom")

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "atom": "application/atom+xml",
}

_CSV_COLUMNS = (
    "id",
    "issuer",
    "audience",
    "destinations",
    "level",
    "action",
    "reasons",
    "official",
    "report_count",
    "first_seen",
    "last_seen",
    "as_of",
)

_ATOM = "http://www.w3.org/2005/Atom"


def _all_current(conn: sa.Connection, *, with_reports: bool) -> list[dict[str, Any]]:
    total = conn.execute(
        sa.select(sa.func.count())
        .select_from(advisories)
        .where(advisories.c.current.is_(True))
    ).scalar_one()
    page = list_advisories(conn, limit=max(int(total), 1), with_reports=with_reports)
    return page.items


def _csv(items: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                ";".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (item[c] for c in _CSV_COLUMNS)
            ]
        )
    return buf.getvalue()


def _geojson(conn: sa.Connection) -> str:
    features = []
    for code, entry in sorted(map_levels(conn).items()):
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": geometry(code),
                "properties": {
                    "code": code,
                    "name": country_name(code),
                    "level": entry["level"],
                    "advice": entry["advice"],
                },
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    )


def _title(item: dict[str, Any]) -> str:
    places = ", ".join(item["destinations"])
    level = item["level"] if item["level"] is not None else "?"
    action = (item["action"] or "advice").replace("_", " ")
    return f"{item['issuer']} → {places}: level {level} ({action})"


def _atom(items: list[dict[str, Any]], base_url: str) -> str:
    ET.register_namespace("", _ATOM)

    def sub(
        parent: ET.Element, tag: str, text: str | None = None, **attrs: str
    ) -> None:
        el = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        el.text = text

    feed = ET.Element(f"{{{_ATOM}}}feed")
    updated = max(
        (i["last_seen"] for i in items if i["last_seen"]),
        default=dt.datetime.now(dt.UTC).isoformat(),
    )
    sub(feed, "title", "travelwatch: current travel advisories")
    sub(feed, "id", "urn:travelwatch:advisories")
    sub(feed, "updated", updated)
    sub(feed, "link", href=f"{base_url}/api/export?format=atom", rel="self")
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    sub(author, "name", "travelwatch")
    for item in items:
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        sub(entry, "id", f"urn:travelwatch:advisory:{item['id']}")
        sub(entry, "title", _title(item))
        sub(entry, "updated", item["last_seen"] or updated)
        sub(entry, "link", href=f"{base_url}/advisories/{item['id']}")
        reasons = ", ".join(item["reasons"]) or "none given"
        summary = f"{item['report_count']} report(s); reasons: {reasons}"
        sub(entry, "summary", summary)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)


def export(conn: sa.Connection, fmt: str, *, base_url: str = "") -> str:
    """The current advisories as text in ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError("TW004", fmt=fmt, known=", ".join(EXPORT_FORMATS))
    if fmt == "geojson":
        return _geojson(conn)
    items = _all_current(conn, with_reports=fmt == "json")
    if fmt == "csv":
        return _csv(items)
    if fmt == "json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    return _atom(items, base_url.rstrip("/"))
