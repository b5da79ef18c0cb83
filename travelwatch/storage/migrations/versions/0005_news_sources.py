"""news sources, their entries, and news changes (origin, corroboration, baseline)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.add_column(
            sa.Column(
                "origin", sa.String(20), nullable=False, server_default="official"
            )
        )
        batch.add_column(sa.Column("advisory_key", sa.String(300)))
        batch.add_column(sa.Column("corroboration", sa.JSON))
        batch.add_column(
            sa.Column("baseline", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_table(
        "news_sources",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("every_seconds", sa.Integer, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("last_attempt", sa.DateTime(timezone=True)),
        sa.Column("last_success", sa.DateTime(timezone=True)),
        sa.Column("next_due", sa.DateTime(timezone=True)),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("entries_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles_stored", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "news_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source",
            sa.String(200),
            sa.ForeignKey("news_sources.name", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("entry_key", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="SET NULL"),
        ),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ux_news_entries_key", "news_entries", ["source", "entry_key"], unique=True
    )
    op.create_index("ix_news_entries_url", "news_entries", ["url"])


def downgrade() -> None:
    op.drop_index("ix_news_entries_url", table_name="news_entries")
    op.drop_index("ux_news_entries_key", table_name="news_entries")
    op.drop_table("news_entries")
    op.drop_table("news_sources")
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("baseline")
        batch.drop_column("corroboration")
        batch.drop_column("advisory_key")
        batch.drop_column("origin")
