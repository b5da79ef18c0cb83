"""fast cold reads: advisory summaries without their reports, covering indexes

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_AD = "advisory_destinations"


def summary_of(payload: dict[str, Any]) -> dict[str, Any]:
    """As :meth:`travelwatch.pipeline.merge.MergedAdvisory.summary_dict` (kept
    here as it was when written: a migration must not change with the code)."""
    out = {k: v for k, v in payload.items() if k != "reports"}
    out["official_levels"] = [
        {
            "level": (r.get("advisory") or {}).get("level"),
            "native_level": (r.get("advisory") or {}).get("native_level"),
        }
        for r in payload.get("reports") or []
        if r.get("origin") == "official"
    ]
    return out


def upgrade() -> None:
    # In place on both databases (no table copy, see downgrade()).
    op.add_column("advisories", sa.Column("summary", sa.JSON))
    op.drop_index("ix_advisories_issuer", table_name="advisories")
    op.create_index(
        "ix_advisories_issuer", "advisories", ["issuer", "current", "last_seen"]
    )
    op.drop_index("ix_advisory_destinations_code", table_name=_AD)
    op.drop_index("ix_advisory_destinations_current", table_name=_AD)
    op.create_index("ix_advisory_destinations_code", _AD, ["code", "advisory_id"])
    op.create_index(
        "ix_advisory_destinations_current",
        _AD,
        ["current", "audience", "issuer", "code", "level", "advisory_id"],
    )
    op.create_index(
        "ix_advisory_destinations_current_code",
        _AD,
        ["current", "code", "issuer", "advisory_id"],
    )
    table = sa.table(
        "advisories",
        sa.column("id", sa.String),
        sa.column("payload", sa.JSON),
        sa.column("summary", sa.JSON),
    )
    conn = op.get_bind()
    fill = (
        table.update()
        .where(table.c.id == sa.bindparam("i"))
        .values(summary=sa.bindparam("s"))
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
        conn.execute(fill, [{"i": i, "s": summary_of(p)} for i, p in page])
        last = page[-1][0]


def downgrade() -> None:
    op.drop_index("ix_advisory_destinations_current_code", table_name=_AD)
    op.drop_index("ix_advisory_destinations_current", table_name=_AD)
    op.drop_index("ix_advisory_destinations_code", table_name=_AD)
    op.create_index("ix_advisory_destinations_current", _AD, ["current", "issuer"])
    op.create_index("ix_advisory_destinations_code", _AD, ["code"])
    op.drop_index("ix_advisories_issuer", table_name="advisories")
    op.create_index("ix_advisories_issuer", "advisories", ["issuer"])
    # Not batch mode: on SQLite that copies the table and drops the old one, and
    # the drop cascades to advisory_destinations (foreign keys are on). SQLite
    # has dropped columns in place since 3.35.
    op.drop_column("advisories", "summary")
