"""index for the default advisory listing (current advice, newest first)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_advisories_current_seen", "advisories", ["current", "last_seen"]
    )


def downgrade() -> None:
    op.drop_index("ix_advisories_current_seen", table_name="advisories")
