"""The corrections table: an append-only audit trail of what analysts changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from travelwatch.pipeline.corrections import ADVISORY_ACTIONS, Correction
from travelwatch.storage.schema import corrections


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def record(
    conn: sa.Connection,
    *,
    target_kind: str,
    target: str,
    action: str,
    reason: str,
    at: dt.datetime,
    level: int | None = None,
    actor: str | None = None,
    report_keys: Sequence[str] = (),
    detail: dict[str, Any] | None = None,
) -> int:
    """Add one entry to the trail; returns its id."""
    result = conn.execute(
        corrections.insert().values(
            target_kind=target_kind,
            target=target,
            action=action,
            level=level,
            reason=reason,
            actor=actor,
            report_keys=list(report_keys),
            detail=detail or {},
            at=at,
        )
    )
    pk = result.inserted_primary_key
    return int(pk[0]) if pk else 0


def advisory_corrections(conn: sa.Connection) -> list[Correction]:
    """Every dismissal, override and restore, oldest first."""
    rows = conn.execute(
        sa.select(corrections)
        .where(corrections.c.target_kind == "advisory")
        .where(corrections.c.action.in_(ADVISORY_ACTIONS))
        .order_by(corrections.c.id)
    )
    return [
        Correction(
            id=m["id"],
            action=m["action"],
            target=m["target"],
            reason=m["reason"],
            at=_aware(m["at"]),
            level=m["level"],
            actor=m["actor"],
            report_keys=list(m["report_keys"] or []),
        )
        for m in (r._mapping for r in rows)
    ]


def list_corrections(
    conn: sa.Connection, *, target: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The audit trail, newest first (optionally for one target)."""
    query = sa.select(corrections).order_by(corrections.c.id.desc())
    if target is not None:
        query = query.where(corrections.c.target == target)
    if limit is not None:
        query = query.limit(limit)
    out = []
    for row in conn.execute(query):
        m = dict(row._mapping)
        m["at"] = _aware(m["at"]).isoformat()
        out.append(m)
    return out
