"""How surfaces show news changes and news sources (API, CLI, dashboard)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

__all__ = ["advisory_path", "iso_dates", "with_links"]


def advisory_path(change: dict[str, Any]) -> str | None:
    """The dashboard page of the advisory a news change is about, if merged."""
    advisory_id = (change.get("after") or {}).get("advisory_id")
    return f"/advisories/{advisory_id}" if advisory_id else None


def with_links(
    changes: Iterable[dict[str, Any]], base: str = ""
) -> list[dict[str, Any]]:
    """Each change with ``advisory_url`` (None for official changes)."""
    out = []
    for change in changes:
        path = advisory_path(change)
        out.append({**change, "advisory_url": f"{base}{path}" if path else None})
    return out


def iso_dates(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with datetimes as ISO strings (for JSON)."""
    return [
        {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in r.items()}
        for r in rows
    ]
