"""Correcting the record: dismiss or override an advisory, delete a document,
re-read stored documents with the current extractor.

Every change goes into the ``corrections`` audit trail (who, when, why, what it
was). Nothing is lost: a dismissed or overridden advisory keeps its reports and
its original values; a deleted document's title, source and report count stay in
the trail; a re-extraction records each document's advisories before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import ConfigError, InputError
from travelwatch.models import Advisory, Article
from travelwatch.pipeline.corrections import ADVISORY_ACTIONS
from travelwatch.pipeline.merge import news_reports
from travelwatch.storage import advisories as adv_store
from travelwatch.storage import corrections as trail
from travelwatch.storage.schema import advisories, documents, reports
from travelwatch.storage.store import Store

__all__ = [
    "ReextractSummary",
    "correct_advisory",
    "delete_document",
    "reextract",
]


def _window(store: Store) -> int:
    return int(store.settings["merge.window_days"])


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ConfigError("TW002", name="reason", reason="a reason is required")
    return text


def correct_advisory(
    store: Store,
    advisory_id: str,
    action: str,
    *,
    reason: str,
    level: int | None = None,
    actor: str | None = None,
) -> dict[str, Any]:
    """Dismiss, override (``level``) or restore one advisory; returns the trail entry.

    Raises InputError TW113 for an unknown advisory, ConfigError for a bad action,
    a missing reason or an override without a level 1-4.
    """
    if action not in ADVISORY_ACTIONS:
        raise ConfigError("TW002", name="action", reason=f"unknown action {action!r}")
    if action == "override" and level not in (1, 2, 3, 4):
        raise ConfigError("TW002", name="level", reason="an override needs --level 1-4")
    why = _reason(reason)
    now = dt.datetime.now(dt.UTC)
    with store.begin() as conn:
        row = conn.execute(
            sa.select(
                advisories.c.issuer, advisories.c.level, advisories.c.payload
            ).where(advisories.c.id == advisory_id)
        ).first()
        if row is None:
            raise InputError(
                "TW113", source=advisory_id, detail=f"no advisory {advisory_id!r}"
            )
        keys = [
            r[0]
            for r in conn.execute(
                sa.select(reports.c.key).where(reports.c.advisory_id == advisory_id)
            )
        ]
        entry_id = trail.record(
            conn,
            target_kind="advisory",
            target=advisory_id,
            action=action,
            reason=why,
            at=now,
            level=level if action == "override" else None,
            actor=actor,
            report_keys=keys,
            detail={"level_before": row.level},
        )
        adv_store.refresh_advisories(conn, [row.issuer], window_days=_window(store))
    return {
        "id": entry_id,
        "advisory_id": advisory_id,
        "action": action,
        "level": level if action == "override" else None,
        "reason": why,
        "actor": actor,
        "at": now.isoformat(),
    }


def delete_document(
    store: Store, document_id: int, *, reason: str, actor: str | None = None
) -> dict[str, Any]:
    """Delete a document and its reports; their advisories are rebuilt without them.

    Near-duplicates that pointed at it are kept and no longer point anywhere.
    """
    why = _reason(reason)
    now = dt.datetime.now(dt.UTC)
    with store.begin() as conn:
        doc = conn.execute(
            sa.select(
                documents.c.id, documents.c.title, documents.c.source, documents.c.url
            ).where(documents.c.id == document_id)
        ).first()
        if doc is None:
            raise InputError(
                "TW113", source=str(document_id), detail=f"no document {document_id}"
            )
        found = conn.execute(
            sa.select(reports.c.key, reports.c.issuer).where(
                reports.c.document_id == document_id
            )
        ).all()
        issuers = {r.issuer for r in found}
        conn.execute(
            documents.update()
            .where(documents.c.duplicate_of == document_id)
            .values(duplicate_of=None)
        )
        conn.execute(reports.delete().where(reports.c.document_id == document_id))
        conn.execute(documents.delete().where(documents.c.id == document_id))
        entry_id = trail.record(
            conn,
            target_kind="document",
            target=str(document_id),
            action="delete",
            reason=why,
            at=now,
            actor=actor,
            report_keys=[r.key for r in found],
            detail={"title": doc.title, "source": doc.source, "url": doc.url},
        )
        adv_store.refresh_advisories(conn, issuers, window_days=_window(store))
    return {
        "id": entry_id,
        "document_id": document_id,
        "title": doc.title,
        "reports_deleted": len(found),
        "issuers": sorted(issuers),
    }


def _sig(adv: Advisory | dict[str, Any]) -> tuple[Any, ...]:
    get = adv.get if isinstance(adv, dict) else lambda k: getattr(adv, k)
    return (
        get("issuer"),
        get("audience"),
        tuple(sorted(get("destinations") or [])),
        get("level"),
        get("action"),
    )


def _describe(sig: tuple[Any, ...]) -> str:
    issuer, audience, dests, level, action = sig
    whom = "" if audience == issuer else f" (to {audience})"
    return f"{issuer}{whom} -> {','.join(dests)}: level {level} {action or ''}".strip()


@dataclass(slots=True)
class ReextractSummary:
    """What re-reading stored documents changed."""

    documents: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    reports_before: int = 0
    reports_after: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "reports_before": self.reports_before,
            "reports_after": self.reports_after,
            "changes": list(self.changes),
            "errors": list(self.errors),
        }


def _stored_documents(store: Store, since: dt.date | None) -> Iterator[Any]:
    query = (
        sa.select(documents)
        .where(documents.c.duplicate_of.is_(None))
        .order_by(documents.c.id)
    )
    if since is not None:
        start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
        query = query.where(documents.c.created_at >= start)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    yield from rows


def reextract(store: Store, *, since: dt.date | None = None) -> ReextractSummary:
    """Re-read stored documents (ingested on or after ``since``) with the current
    extractor and replace their reports where the advice read differs.

    The stored original text is read again as the pipeline reads a plain-text
    article; documents first ingested from HTML are read from the text that was
    kept, not from the page (which is not stored).
    """
    from travelwatch.pipeline.stages import build_pipeline
    from travelwatch.service import process_article

    settings = store.settings
    pipeline = [s for s in build_pipeline(settings) if "signature" not in s.assigns]
    summary = ReextractSummary()
    touched: set[str] = set()
    now = dt.datetime.now(dt.UTC)
    for row in _stored_documents(store, since):
        m = row._mapping
        summary.documents += 1
        article = Article(
            text=m["original_text"],
            source=m["source"],
            title=m["title"],
            url=m["url"],
            outlet=m["outlet"],
            published=m["published"],
        )
        done = process_article(article, settings, pipeline)
        if done.error is not None:
            summary.failed += 1
            summary.errors.append(done.error.line())
            continue
        with store.begin() as conn:
            old = conn.execute(
                sa.select(reports.c.key, reports.c.payload).where(
                    reports.c.document_id == m["id"]
                )
            ).all()
            before = sorted(_sig(r.payload) for r in old)
            after = sorted(_sig(a) for a in done.advisories)
            summary.reports_before += len(before)
            summary.reports_after += len(after)
            if before == after:
                summary.unchanged += 1
                continue
            summary.changed += 1
            conn.execute(reports.delete().where(reports.c.document_id == m["id"]))
            adv_store.insert_reports(
                conn,
                news_reports(
                    done.advisories,
                    content_hash=m["content_hash"],
                    document_id=m["id"],
                    source=m["outlet"] or m["source"],
                    published=m["published"],
                    seen_at=now,
                ),
            )
            change = {
                "document_id": m["id"],
                "title": m["title"],
                "removed": [_describe(s) for s in before if s not in after],
                "added": [_describe(s) for s in after if s not in before],
            }
            trail.record(
                conn,
                target_kind="document",
                target=str(m["id"]),
                action="reextract",
                reason="re-read with the current extractor",
                at=now,
                report_keys=[r.key for r in old],
                detail=change,
            )
            summary.changes.append(change)
            touched |= {s[0] for s in before} | {s[0] for s in after}
    if touched:
        with store.begin() as conn:
            adv_store.refresh_advisories(conn, touched, window_days=_window(store))
    return summary
