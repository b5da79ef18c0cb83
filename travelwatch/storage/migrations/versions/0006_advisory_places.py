"""advisory places (what the incremental merge follows), filled from the reports

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    places = op.create_table(
        "advisory_places",
        sa.Column(
            "advisory_id",
            sa.String(64),
            sa.ForeignKey("advisories.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("issuer", sa.String(8), nullable=False),
        sa.Column("audience", sa.String(8), nullable=False),
    )
    op.create_index(
        "ix_advisory_places_place", "advisory_places", ["issuer", "audience", "code"]
    )
    # An existing store's advisories: the destinations of their reports plus their
    # own (voted) destinations, as the merge writes them from now on.
    conn = op.get_bind()
    reports = sa.table(
        "reports",
        sa.column("advisory_id", sa.String),
        sa.column("issuer", sa.String),
        sa.column("audience", sa.String),
        sa.column("destinations", sa.JSON),
    )
    dests = sa.table(
        "advisory_destinations",
        sa.column("advisory_id", sa.String),
        sa.column("code", sa.String),
        sa.column("issuer", sa.String),
        sa.column("audience", sa.String),
    )
    found: set[tuple[str, str, str, str]] = set()
    query = sa.select(reports).where(reports.c.advisory_id.is_not(None))
    for adv_id, issuer, audience, codes in conn.execute(query):
        found.update((adv_id, str(c), issuer, audience) for c in codes or [])
    for adv_id, code, issuer, audience in conn.execute(sa.select(dests)):
        found.add((adv_id, code, issuer, audience))
    rows = [
        {"advisory_id": a, "code": c, "issuer": i, "audience": au}
        for a, c, i, au in sorted(found)
    ]
    for start in range(0, len(rows), 1000):
        op.bulk_insert(places, rows[start : start + 1000])


def downgrade() -> None:
    op.drop_index("ix_advisory_places_place", table_name="advisory_places")
    op.drop_table("advisory_places")
