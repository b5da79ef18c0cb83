"""Write endpoints (bearer token): ingest an article, manage subscriptions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from travelwatch.alerts.webhook import check_subscription_target
from travelwatch.api.deps import Conn, StoreDep, Writer
from travelwatch.errors import TravelwatchError
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.service import ingest_articles
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


@router.post("/ingest")
def ingest(body: ArticleIn, store: StoreDep) -> dict[str, Any]:
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
    outcomes = list(ingest_articles(store, articles))
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
    )
    try:
        check_subscription_target(
            body.channel,
            body.target,
            allow_private=bool(store.settings["alerts.allow_private_targets"]),
        )
    except TravelwatchError as e:
        raise HTTPException(422, e.line()) from e
    with store.begin() as conn:
        sub = subs.add_subscription(
            conn,
            body.name,
            channel=body.channel,
            target=body.target,
            filters=filters,
            secret=body.secret,
        )
    return {"ok": True, "subscription": sub.to_dict()}


@router.delete("/subscriptions/{name}")
def remove_subscription(name: str, store: StoreDep) -> dict[str, Any]:
    with store.begin() as conn:
        removed = subs.remove_subscription(conn, name)
    if not removed:
        raise HTTPException(404, f"no subscription {name!r}")
    return {"ok": True, "removed": name}
