"""The database schema, one definition for SQLite and PostgreSQL.

Alembic migrations under ``storage/migrations`` create exactly these tables; a test
checks that the migrated schema and this metadata agree. Full-text search is the
one dialect-specific part (FTS5 on SQLite, ``tsvector`` on PostgreSQL) and lives in
the migrations and in :mod:`travelwatch.storage.search`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy import String as _String

from travelwatch.safe_text import clip


class String(TypeDecorator[str]):
    """``VARCHAR(n)`` that cuts an over-long value to fit instead of failing.

    PostgreSQL refuses a value longer than its column (an outlet name, a link used
    as a source, a key built from feed content); SQLite stores it whole. Cutting
    on the way in makes both stores behave alike and one long field never costs
    an item.
    """

    impl = _String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        length = getattr(self.impl_instance, "length", None)
        return clip(value, length) if length and isinstance(value, str) else value


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("kind", String(20), nullable=False),  # "news" | "official"
    Column("last_attempt", DateTime(timezone=True)),
    Column("last_success", DateTime(timezone=True)),
    Column("item_count", Integer),
    Column("last_error", Text),
    Column("suspect", Boolean, nullable=False, default=False),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    # When the feed is next due and its failures in a row (migration 0009), in
    # the shape of ``news_sources``: written by every sync, read by ``watch`` when
    # it starts so that a restart continues the schedule.
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_due", DateTime(timezone=True)),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    # Hash of the raw input, checked before any work so a re-run skips what is done.
    Column("raw_hash", String(64), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", String(300)),
    Column("published", Date),
    Column("language", String(16)),
    Column("original_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("text_map", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("duplicate_of", Integer, ForeignKey("documents.id")),
    Column("minhash", LargeBinary),
    Column("screened", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE")),
    Column(
        "version_id", Integer, ForeignKey("official_versions.id", ondelete="CASCADE")
    ),
    Column("origin", String(20), nullable=False),
    Column("source", String(300), nullable=False),
    Column("issuer", String(8), nullable=False),
    Column("audience", String(8), nullable=False),
    Column("destinations", JSON, nullable=False),
    Column("level", Integer),
    Column("action", String(40)),
    Column("published", Date),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("advisory_id", String(64)),
    Column("payload", JSON, nullable=False),
    Index("ix_reports_issuer", "issuer"),
    Index("ix_reports_advisory", "advisory_id"),
)

advisories = Table(
    "advisories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("issuer", String(8), nullable=False),
    Column("audience", String(8), nullable=False),
    Column("destinations", JSON, nullable=False),
    Column("level", Integer),
    Column("action", String(40)),
    Column("official", Boolean, nullable=False, default=False),
    Column("report_count", Integer, nullable=False, default=0),
    Column("first_seen", DateTime(timezone=True)),
    Column("last_seen", DateTime(timezone=True)),
    Column("as_of", Date),
    Column("current", Boolean, nullable=False, default=False),
    Column("payload", JSON, nullable=False),
    # What lists show (the payload without its reports, which can be large):
    # listings, the matrix and place pages read this instead (migration 0007).
    Column("summary", JSON),
    # One issuer's advisories; its current ones newest first (0007). Not led by
    # ``current``, so the default listing keeps its own index below.
    Index("ix_advisories_issuer", "issuer", "current", "last_seen"),
    Index("ix_advisories_level", "level"),
    # The default listing: current advice, newest first.
    Index("ix_advisories_current_seen", "current", "last_seen"),
)

advisory_destinations = Table(
    "advisory_destinations",
    metadata,
    Column(
        "advisory_id",
        String(64),
        ForeignKey("advisories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("code", String(8), primary_key=True),
    # Denormalised from advisories so the matrix and map are one indexed scan.
    Column("issuer", String(8), nullable=False),
    Column("audience", String(8), nullable=False),
    Column("level", Integer),
    Column("current", Boolean, nullable=False, default=False),
    # Each index holds every column its readers ask for, so that they never
    # visit the table (0007): the advisories about a place; the current rows for
    # the matrix and the map (by audience); reciprocal advice (by destination).
    Index("ix_advisory_destinations_code", "code", "advisory_id"),
    Index(
        "ix_advisory_destinations_current",
        "current",
        "audience",
        "issuer",
        "code",
        "level",
        "advisory_id",
    ),
    Index(
        "ix_advisory_destinations_current_code",
        "current",
        "code",
        "issuer",
        "advisory_id",
    ),
)

# Every (issuer, audience, destination) an advisory's reports name, the union of
# its reports' destinations (wider than its voted ``destinations``): the places a
# new report can join it through, which the incremental merge follows (0006).
advisory_places = Table(
    "advisory_places",
    metadata,
    Column(
        "advisory_id",
        String(64),
        ForeignKey("advisories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("code", String(8), primary_key=True),
    Column("issuer", String(8), nullable=False),
    Column("audience", String(8), nullable=False),
    # The advisory's summary (0008, :class:`travelwatch.pipeline.incremental.\
    # Summary`; days are date ordinals): what lets a new report's merge load only
    # the advisories at its places that can matter, not their whole history.
    Column("last_day", Integer),
    Column("issued_min", Integer),
    Column("issued_max", Integer),
    Column("cluster_day", Integer),
    Column("official", Boolean),
    Column("levels", Integer),
    Index("ix_advisory_places_place", "issuer", "audience", "code"),
)

official_versions = Table(
    "official_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(50), nullable=False),
    Column("key", String(200), nullable=False),
    Column("issuer", String(8), nullable=False),
    Column("destination", String(8), nullable=False),
    Column("level", Integer),
    Column("action", String(40)),
    Column("native_level", Text),
    Column("raw_hash", String(64), nullable=False),
    Column("source_updated", DateTime(timezone=True)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("superseded_at", DateTime(timezone=True)),
    Column("removed", Boolean, nullable=False, default=False),
    Column("payload", JSON, nullable=False),
    Index("ix_official_versions_key", "source", "key"),
    Index("ix_official_versions_dest", "destination"),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(50), nullable=False),
    Column("issuer", String(8), nullable=False),
    Column("destination", String(8), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("version_id", Integer, ForeignKey("official_versions.id")),
    # Changes found in news (migration 0004): their origin, the advice they are
    # about (issuer>audience>destinations), who reports it, and whether the change
    # belongs to a source's first sync (a baseline, not alerted).
    Column("origin", String(20), nullable=False, server_default="official"),
    Column("advisory_key", String(300)),
    Column("corroboration", JSON),
    Column("baseline", Boolean, nullable=False, server_default=false()),
    Index("ix_changes_seen", "seen_at"),
)

# The analysts' corrections, append-only: the audit trail. The reports and
# documents they concern stay as they were (a dismissed or overridden advisory is
# rebuilt from its reports with the correction applied, the original kept).
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("target_kind", String(20), nullable=False),  # advisory | document
    Column("target", String(300), nullable=False),
    # dismiss | override | restore | delete | reextract
    Column("action", String(20), nullable=False),
    Column("level", Integer),
    Column("reason", Text, nullable=False),
    Column("actor", String(200)),
    Column("report_keys", JSON, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_corrections_target", "target_kind", "target"),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("channel", String(20), nullable=False),  # webhook | slack | email
    Column("target", Text, nullable=False),
    Column("secret", Text),
    Column("filters", JSON, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscription_id",
        Integer,
        ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "change_id",
        Integer,
        ForeignKey("changes.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("idempotency_key", String(100), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # delivered | failed | refused
    Column("response_status", Integer),
    Column("error", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_deliveries_sub_change", "subscription_id", "change_id"),
)

news_sources = Table(
    "news_sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("url", Text, nullable=False),
    Column("language", String(16)),
    Column("every_seconds", Integer, nullable=False),
    Column("origin", String(20), nullable=False),  # cli | config
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("last_attempt", DateTime(timezone=True)),
    Column("last_success", DateTime(timezone=True)),
    Column("next_due", DateTime(timezone=True)),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("entries_seen", Integer, nullable=False, server_default="0"),
    Column("articles_stored", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
)

news_entries = Table(
    "news_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "source",
        String(200),
        ForeignKey("news_sources.name", ondelete="CASCADE"),
        nullable=False,
    ),
    # sha256 of the entry's id (or link, or title): what "seen before" means.
    Column("entry_key", String(64), nullable=False),
    Column("url", Text),
    Column("status", String(20), nullable=False),  # stored|duplicate|unchanged|...
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ux_news_entries_key", "source", "entry_key", unique=True),
    Index("ix_news_entries_url", "url"),
)
