"""Write endpoints (bearer token): ingest an article, manage subscriptions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, Field, model_validator

from travelwatch import corrections
from travelwatch.alerts.targets import check_subscription_target
from travelwatch.api.deps import MAX_ROW_NUMBER, Conn, StoreDep, Writer
from travelwatch.api.ingest_session import IngestSession, get_ingest_session
from travelwatch.errors import ConfigError, InputError
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.storage import subscriptions as subs

router = APIRouter(tags=["writes"], dependencies=[Writer])


class ArticleIn(BaseModel):
    """An article (``text`` or ``html``) or a ``url`` to fetch."""

    text: str | None = Field(default=None, max_length=2_000_000)
    html: str | None = Field(default=None, max_length=10_000_000)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ArticleIn:
        if not (self.text or self.html or self.url):
            raise ValueError("give text, html or url")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValueError("url must be http or https")
        return self


class SubscriptionIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    channel: str
    target: str = Field(min_length=1, max_length=2000)
    secret: str | None = None
    issuer: str | None = None
    destination: str | None = None
    audience: str | None = None
    min_level: int | None = None
    kinds: list[str] = Field(default_factory=list)
    #: official, news or both (the default).
    source_kind: str = "both"
    min_corroboration: int | None = None
    #: One daily digest instead of one message per change.
    digest: bool = False


class CorrectionIn(BaseModel):
    """Dismiss, override (with ``level``) or restore an advisory."""

    action: Literal["dismiss", "override", "restore"]
    reason: str = Field(min_length=1, max_length=2000)
    level: int | None = Field(default=None, ge=1, le=4)
    actor: str | None = Field(default=None, max_length=200)


@router.post("/advisories/{advisory_id}/corrections")
def correct_advisory(
    advisory_id: str, body: CorrectionIn, store: StoreDep
) -> dict[str, Any]:
    """Correct an advisory; the audit trail keeps who, when, why and the original."""
    try:
        entry = corrections.correct_advisory(
            store,
            advisory_id,
            body.action,
            reason=body.reason,
            level=body.level,
            actor=body.actor,
        )
    except InputError as e:
        raise HTTPException(404, e.line()) from e
    return {"ok": True, "correction": entry}


@router.delete("/documents/{document_id}")
def delete_document(
    document_id: Annotated[int, Path(ge=0, le=MAX_ROW_NUMBER)],
    store: StoreDep,
    reason: Annotated[str, Query(min_length=1, max_length=2000)],
    actor: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Delete a document and its reports (kept in the audit trail)."""
    try:
        done = corrections.delete_document(
            store, document_id, reason=reason, actor=actor
        )
    except InputError as e:
        raise HTTPException(404, e.line()) from e
    return {"ok": True, **done}


@router.post("/ingest")
def ingest(
    body: ArticleIn,
    store: StoreDep,
    session: Annotated[IngestSession, Depends(get_ingest_session)],
) -> dict[str, Any]:
    """Store one article (or fetch one URL), extract and merge its advisories."""
    if body.text or body.html:
        articles: Any = [
            Article(
                text=body.text or "",
                html=body.html,
                source=body.url or "api",
                title=body.title,
                url=body.url,
                outlet=body.outlet,
                published=body.published,
            )
        ]
    else:
        articles = read_sources([str(body.url)], settings=store.settings)
    outcomes = session.ingest(articles)
    items = [
        {
            "item": o.item,
            "status": o.status,
            "document_id": o.document_id,
            "advisories": o.advisories,
            "detail": o.detail,
        }
        for o in outcomes
    ]
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise HTTPException(422, failed[0].detail or "ingest failed")
    return {"ok": True, "items": items}


@router.get("/subscriptions")
def list_subscriptions(conn: Conn) -> dict[str, Any]:
    return {"ok": True, "items": [s.to_dict() for s in subs.list_subscriptions(conn)]}


@router.post("/subscriptions", status_code=201)
def add_subscription(body: SubscriptionIn, store: StoreDep) -> dict[str, Any]:
    filters = subs.Filters(
        issuer=body.issuer,
        destination=body.destination,
        audience=body.audience,
        min_level=body.min_level,
        kinds=body.kinds,
        origin=None if body.source_kind == "both" else body.source_kind,
        min_corroboration=body.min_corroboration,
        digest=body.digest,
    )
    try:
        with store.begin() as conn:
            sub = subs.add_subscription(
                conn,
                body.name,
                channel=body.channel,
                target=body.target,
                filters=filters,
                secret=body.secret,
            )
            # Filters are checked above; a refused target rolls the whole back.
            check_subscription_target(body.channel, body.target, store.settings)
    except ConfigError as e:
        # What was sent cannot be used, like every other invalid parameter.
        raise HTTPException(422, e.line()) from e
    return {"ok": True, "subscription": sub.to_dict()}


@router.delete("/subscriptions/{name}")
def remove_subscription(name: str, store: StoreDep) -> dict[str, Any]:
    with store.begin() as conn:
        removed = subs.remove_subscription(conn, name)
    if not removed:
        raise HTTPException(404, f"no subscription {name!r}")
    return {"ok": True, "removed": name}
