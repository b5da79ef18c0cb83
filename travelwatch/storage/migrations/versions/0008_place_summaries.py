"""advisory place summaries: what the incremental merge reads instead of histories

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_AP = "advisory_places"
_COLUMNS = ("last_day", "issued_min", "issued_max", "cluster_day", "levels")

# As travelwatch.models.ACTION_LEVEL when this was written (a migration must not
# change with the code).
_ACTION_LEVEL = {
    "normal_precautions": 1,
    "increased_caution": 2,
    "reconsider_travel": 3,
    "avoid_nonessential_travel": 3,
    "avoid_all_travel": 4,
    "leave_immediately": 4,
}
_UNDATED = dt.date.max.toordinal()


def _day(value: str | None) -> int | None:
    return dt.date.fromisoformat(value[:10]).toordinal() if value else None


def _level_bit(level: int | None) -> int:
    if level is None:
        return 1
    return 1 << level if 0 < level <= 30 else -1


def summary_of(payload: dict[str, Any]) -> dict[str, Any]:
    """As :func:`travelwatch.pipeline.incremental.summarize` over the stored
    payload (its reports in canonical order, founder first)."""
    reports = payload.get("reports") or []
    issued: list[int] = []
    days: list[int] = []
    levels, official = 0, False
    for rep in reports:
        adv = rep.get("advisory") or {}
        own = _day(adv.get("issued"))
        if own is not None:
            issued.append(own)
        dated = own if own is not None else _day(rep.get("published"))
        days.append(dated if dated is not None else _UNDATED)
        level = adv.get("level")
        if level is None and adv.get("action"):
            level = _ACTION_LEVEL.get(adv["action"])
        levels |= _level_bit(level)
        official = official or rep.get("origin") == "official"
    if issued:
        cluster: int | None = min(issued)
    elif reports:
        first = reports[0]
        cluster = _day((first.get("advisory") or {}).get("issued")) or _day(
            first.get("published")
        )
    else:
        cluster = None
    return {
        "last_day": max(days) if days else None,
        "issued_min": min(issued) if issued else None,
        "issued_max": max(issued) if issued else None,
        "cluster_day": cluster,
        "official": official,
        "levels": levels,
    }


def upgrade() -> None:
    # Added in place (no table copy) on both databases.
    for name in _COLUMNS:
        op.add_column(_AP, sa.Column(name, sa.Integer))
    op.add_column(_AP, sa.Column("official", sa.Boolean))
    places = sa.table(
        _AP,
        sa.column("advisory_id", sa.String),
        *(sa.column(name, sa.Integer) for name in _COLUMNS),
        sa.column("official", sa.Boolean),
    )
    table = sa.table(
        "advisories", sa.column("id", sa.String), sa.column("payload", sa.JSON)
    )
    conn = op.get_bind()
    fill = (
        places.update()
        .where(places.c.advisory_id == sa.bindparam("i"))
        .values({name: sa.bindparam(name) for name in (*_COLUMNS, "official")})
    )
    # A page of advisories at a time, so memory stays flat on a large store.
    last = ""
    while True:
        page = conn.execute(
            sa.select(table.c.id, table.c.payload)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(1000)
        ).all()
        if not page:
            break
        conn.execute(fill, [{"i": i, **summary_of(p)} for i, p in page])
        last = page[-1][0]


def downgrade() -> None:
    for name in (*_COLUMNS, "official"):
        op.drop_column(_AP, name)
