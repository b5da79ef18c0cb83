"""Turning stored rows into the JSON-ready dicts every surface shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import sqlalchemy as sa

from travelwatch.connectors.levels import native_label
from travelwatch.pipeline import reciprocity
from travelwatch.storage.schema import advisories, documents, reports


def iso(value: Any) -> Any:
    """Dates and datetimes as ISO strings (SQLite's naive datetimes taken as UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@cache
def gazetteer() -> Any:
    """The place-name tables (loaded on first use only)."""
    from travelwatch.pipeline.geo import get_gazetteer

    return get_gazetteer()


def country_name(code: str) -> str:
    return str(gazetteer().country_name(code))


def eu_members() -> frozenset[str]:
    return reciprocity.eu_members()


ADVISORY_COLUMNS = (
    advisories.c.id,
    advisories.c.issuer,
    advisories.c.audience,
    advisories.c.destinations,
    advisories.c.level,
    advisories.c.action,
    advisories.c.official,
    advisories.c.report_count,
    advisories.c.first_seen,
    advisories.c.last_seen,
    advisories.c.as_of,
    advisories.c.current,
    # The summary (the record without its reports); a row written before
    # migration 0007 filled it has only the payload.
    sa.type_coerce(
        sa.func.coalesce(advisories.c.summary, advisories.c.payload), sa.JSON
    ).label("payload"),
)


def advisory_summary(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The list shape of one merged advisory (without its reports)."""
    payload = row["payload"] or {}
    return {
        "id": row["id"],
        "issuer": row["issuer"],
        "audience": row["audience"],
        "destinations": list(row["destinations"] or []),
        "destinations_except": list(payload.get("destinations_except") or []),
        "level": row["level"],
        "action": row["action"],
        "reasons": list(payload.get("reasons") or []),
        "change": payload.get("change"),
        "issued": payload.get("issued"),
        "period": payload.get("period"),
        "native_wording": payload.get("native_wording"),
        # What the advice is called: the issuer's own words for an official level.
        "label": _label(row, payload),
        "regions": list(payload.get("regions") or []),
        "regions_known": payload.get("regions_known"),
        "correction": payload.get("correction"),
        "scope": payload.get("scope"),
        "official": bool(row["official"]),
        "current": bool(row["current"]),
        "report_count": row["report_count"],
        "first_seen": iso(row["first_seen"]),
        "last_seen": iso(row["last_seen"]),
        "as_of": iso(row["as_of"]),
        "disagreements": list(payload.get("disagreements") or []),
    }


def _label(row: Mapping[Any, Any], payload: Mapping[str, Any]) -> str | None:
    if row["official"]:
        # The newest official version stating the advisory's level.
        for stated in reversed(_official_levels(payload)):
            if stated.get("native_level") and stated.get("level") == row["level"]:
                return native_label(row["issuer"], stated["native_level"])
    action = row["action"]
    return str(action).replace("_", " ") if action else None


def _official_levels(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The levels the official reports state, oldest first (from a summary, or
    from a full payload's reports)."""
    if "official_levels" in payload:
        return list(payload["official_levels"] or [])
    return [
        report.get("advisory") or {}
        for report in payload.get("reports") or []
        if report.get("origin") == "official"
    ]


def report_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    """One report as stored: its own extracted values and evidence, and its document."""
    document = None
    if row["document_id"] is not None:
        document = {
            "id": row["document_id"],
            "title": row["title"],
            "url": row["url"],
            "outlet": row["outlet"],
            "published": iso(row["doc_published"]),
        }
    return {
        "key": row["key"],
        "origin": row["origin"],
        "source": row["source"],
        "document_id": row["document_id"],
        "published": iso(row["published"]),
        "seen_at": iso(row["seen_at"]),
        "advisory": row["payload"],
        "document": document,
    }


def reports_by_advisory(
    conn: sa.Connection, ids: Iterable[str]
) -> dict[str, list[dict[str, Any]]]:
    """The reports of several advisories in one query, oldest first."""
    wanted = sorted(set(ids))
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in wanted}
    if not wanted:
        return out
    query = (
        sa.select(
            reports.c.advisory_id,
            reports.c.key,
            reports.c.origin,
            reports.c.source,
            reports.c.document_id,
            reports.c.published,
            reports.c.seen_at,
            reports.c.payload,
            documents.c.title,
            documents.c.url,
            documents.c.outlet,
            documents.c.published.label("doc_published"),
        )
        .select_from(
            reports.outerjoin(documents, documents.c.id == reports.c.document_id)
        )
        .where(reports.c.advisory_id.in_(wanted))
        .order_by(reports.c.published, reports.c.seen_at, reports.c.key)
    )
    for row in conn.execute(query):
        m = row._mapping
        out[m["advisory_id"]].append(report_dict(m))
    return out
