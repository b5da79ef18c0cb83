"""One issuer's advice about one destination over time."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from travelwatch.pipeline.merge import MergedAdvisory
from travelwatch.pipeline.timeline import build_timeline
from travelwatch.queries.rows import country_name, eu_members
from travelwatch.storage.schema import advisories, advisory_destinations


def timeline(conn: sa.Connection, issuer: str, destination: str) -> dict[str, Any]:
    """The level steps of ``issuer`` -> ``destination``, oldest first, with reports."""
    issuer, destination = issuer.upper(), destination.upper()
    places = [destination, "EU"] if destination in eu_members() else [destination]
    ids = sa.select(advisory_destinations.c.advisory_id).where(
        advisory_destinations.c.issuer == issuer,
        advisory_destinations.c.code.in_(places),
    )
    rows = conn.execute(
        sa.select(advisories.c.payload).where(advisories.c.id.in_(ids))
    ).scalars()
    merged = [MergedAdvisory.from_dict(p) for p in rows]
    steps = build_timeline(merged, issuer, destination)
    return {
        "issuer": issuer,
        "issuer_name": country_name(issuer),
        "destination": destination,
        "destination_name": country_name(destination),
        "steps": [s.to_dict() for s in steps],
    }
