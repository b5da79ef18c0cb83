"""official feeds keep their schedule: failures in a row and next due time

Revision ID: 0009
Revises: 0008

The same two columns, of the same types, as ``news_sources`` has had since 0005,
so official and news sources are scheduled in one shape.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table copy) on both databases.
    op.add_column(
        "sources",
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    )
    op.add_column("sources", sa.Column("next_due", sa.DateTime(timezone=True)))
    # A feed whose last run failed has failed at least once in a row (how often
    # before was not counted). Its next due time stays unknown: due at once, as
    # every feed was when ``watch`` started before this revision.
    table = sa.table(
        "sources", sa.column("last_error", sa.Text), sa.column("failures", sa.Integer)
    )
    op.get_bind().execute(
        table.update().where(table.c.last_error.is_not(None)).values(failures=1)
    )


def downgrade() -> None:
    op.drop_column("sources", "next_due")
    op.drop_column("sources", "failures")
