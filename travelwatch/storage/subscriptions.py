"""Alert subscriptions and their delivery log.

A subscription names a channel (``webhook``, ``slack`` or ``email``), a target and
filters over changes. Every delivery attempt is one ``deliveries`` row, so the log
shows what was tried, when and why it failed; a change counts as delivered to a
subscription once one attempt succeeded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from travelwatch.errors import ConfigError
from travelwatch.storage.official import CHANGE_KINDS, change_row
from travelwatch.storage.schema import changes, deliveries, subscriptions

CHANNELS = ("webhook", "slack", "email")
#: Kinds only news changes have (see travelwatch.news.changes).
NEWS_ONLY_KINDS = ("lifted", "reiterated")


@dataclass(slots=True)
class Filters:
    """Which changes a subscription wants; empty means any."""

    issuer: str | None = None
    destination: str | None = None
    audience: str | None = None
    min_level: int | None = None
    kinds: list[str] = field(default_factory=list)
    #: ``official``, ``news`` or None for both.
    origin: str | None = None
    #: News changes need this many independent outlets (official ones always pass).
    min_corroboration: int | None = None
    #: Not a filter: deliver one daily digest instead of one message per change.
    digest: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "destination": self.destination,
            "audience": self.audience,
            "min_level": self.min_level,
            "kinds": list(self.kinds),
            "origin": self.origin,
            "min_corroboration": self.min_corroboration,
            "digest": self.digest,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filters:
        return cls(
            issuer=data.get("issuer"),
            destination=data.get("destination"),
            audience=data.get("audience"),
            min_level=data.get("min_level"),
            kinds=list(data.get("kinds") or []),
            origin=data.get("origin"),
            min_corroboration=data.get("min_corroboration"),
            digest=bool(data.get("digest")),
        )

    def matches(self, change: dict[str, Any]) -> bool:
        """Whether ``change`` (a :func:`change_row` dict) passes these filters."""
        if self.issuer and change["issuer"] != self.issuer:
            return False
        state = change.get("after") or change.get("before") or {}
        if self.destination and self.destination not in (
            state.get("destinations") or [change["destination"]]
        ):
            return False
        origin = change.get("origin") or "official"
        if self.origin and origin != self.origin:
            return False
        if self.min_corroboration and origin == "news":
            outlets = (change.get("corroboration") or {}).get("outlets") or 0
            if outlets < self.min_corroboration:
                return False
        if self.kinds and change["kind"] not in self.kinds:
            return False
        audience = state.get("audience") or change["issuer"]
        if self.audience and audience != self.audience:
            return False
        if self.min_level is not None:
            levels = [
                s.get("level")
                for s in (change.get("before"), change.get("after"))
                if s and s.get("level") is not None
            ]
            # A lowering from 4 to 2 still matters to someone watching level 3+.
            if not levels or max(levels) < self.min_level:
                return False
        return True


@dataclass(slots=True)
class Subscription:
    id: int
    name: str
    channel: str
    target: str
    secret: str | None
    filters: Filters
    active: bool
    created_at: dt.datetime

    def to_dict(self, *, show_secret: bool = False) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "channel": self.channel,
            "target": self.target,
            "secret": self.secret if show_secret else ("set" if self.secret else None),
            "filters": self.filters.to_dict(),
            "active": self.active,
            "created_at": self.created_at.isoformat(),
        }


def _check(channel: str, filters: Filters) -> Filters:
    if channel not in CHANNELS:
        raise ConfigError(
            "TW002", name="channel", reason=f"one of {', '.join(CHANNELS)}"
        )
    bad = [k for k in filters.kinds if k not in (*CHANGE_KINDS, *NEWS_ONLY_KINDS)]
    if bad:
        raise ConfigError(
            "TW002",
            name="kind",
            reason=f"{bad[0]!r} is not one of {', '.join((*CHANGE_KINDS, *NEWS_ONLY_KINDS))}",
        )
    if filters.min_level is not None and filters.min_level not in (1, 2, 3, 4):
        raise ConfigError("TW002", name="min_level", reason="a level from 1 to 4")
    if filters.origin not in (None, "official", "news"):
        raise ConfigError("TW002", name="source_kind", reason="official, news or both")
    if filters.min_corroboration is not None and filters.min_corroboration < 1:
        raise ConfigError("TW002", name="min_corroboration", reason="at least 1")
    return Filters(
        issuer=filters.issuer.upper() if filters.issuer else None,
        destination=filters.destination.upper() if filters.destination else None,
        audience=filters.audience.upper() if filters.audience else None,
        min_level=filters.min_level,
        kinds=sorted(set(filters.kinds)),
        origin=filters.origin,
        min_corroboration=filters.min_corroboration,
        digest=filters.digest,
    )


def _from_row(row: Any) -> Subscription:
    m = row._mapping
    created = m["created_at"]
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return Subscription(
        id=m["id"],
        name=m["name"],
        channel=m["channel"],
        target=m["target"],
        secret=m["secret"],
        filters=Filters.from_dict(m["filters"] or {}),
        active=bool(m["active"]),
        created_at=created,
    )


def add_subscription(
    conn: sa.Connection,
    name: str,
    *,
    channel: str,
    target: str,
    filters: Filters | None = None,
    secret: str | None = None,
) -> Subscription:
    """Create or replace the subscription called ``name``."""
    checked = _check(channel, filters or Filters())
    values = {
        "channel": channel,
        "target": target,
        "secret": secret,
        "filters": checked.to_dict(),
        "active": True,
    }
    existing = get_subscription(conn, name)
    if existing is None:
        conn.execute(
            subscriptions.insert().values(
                name=name, created_at=dt.datetime.now(dt.UTC), **values
            )
        )
    else:
        conn.execute(
            subscriptions.update()
            .where(subscriptions.c.id == existing.id)
            .values(**values)
        )
    found = get_subscription(conn, name)
    if found is None:  # pragma: no cover - written just above
        raise ConfigError("TW002", name="subscription", reason="not stored")
    return found


def get_subscription(conn: sa.Connection, name: str) -> Subscription | None:
    row = conn.execute(
        sa.select(subscriptions).where(subscriptions.c.name == name)
    ).first()
    return _from_row(row) if row is not None else None


def list_subscriptions(
    conn: sa.Connection, *, active_only: bool = False
) -> list[Subscription]:
    query = sa.select(subscriptions).order_by(subscriptions.c.name)
    if active_only:
        query = query.where(subscriptions.c.active.is_(True))
    return [_from_row(r) for r in conn.execute(query)]


def remove_subscription(conn: sa.Connection, name: str) -> bool:
    """Delete ``name`` and its delivery log; False when there was none."""
    return (
        conn.execute(
            subscriptions.delete().where(subscriptions.c.name == name)
        ).rowcount
        > 0
    )


def pending_changes(
    conn: sa.Connection, sub: Subscription, *, max_attempts: int
) -> list[dict[str, Any]]:
    """Changes matching ``sub`` that are not delivered and have attempts left.

    Only changes seen after the subscription was created count: subscribing does
    not replay the whole history.
    """
    done = sa.select(deliveries.c.change_id).where(
        deliveries.c.subscription_id == sub.id,
        deliveries.c.status.in_(("delivered", "refused")),
    )
    rows = conn.execute(
        sa.select(changes)
        .where(changes.c.seen_at >= sub.created_at.astimezone(dt.UTC))
        .where(changes.c.baseline.is_(False))
        .where(changes.c.id.not_in(done))
        .order_by(changes.c.id)
    ).all()
    tries: dict[int, int] = {
        int(change_id): int(count)
        for change_id, count in conn.execute(
            sa.select(deliveries.c.change_id, sa.func.count())
            .where(deliveries.c.subscription_id == sub.id)
            .group_by(deliveries.c.change_id)
        )
    }
    out = []
    for row in rows:
        change = change_row(row)
        if tries.get(change["id"], 0) >= max_attempts:
            continue
        if sub.filters.matches(change):
            out.append(change)
    return out


def attempts_so_far(conn: sa.Connection, sub_id: int, change_id: int) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(
                deliveries.c.subscription_id == sub_id,
                deliveries.c.change_id == change_id,
            )
        ).scalar_one()
    )


def log_delivery(
    conn: sa.Connection,
    *,
    subscription_id: int,
    change_id: int,
    idempotency_key: str,
    attempt: int,
    status: str,
    response_status: int | None = None,
    error: str | None = None,
) -> None:
    conn.execute(
        deliveries.insert().values(
            subscription_id=subscription_id,
            change_id=change_id,
            idempotency_key=idempotency_key,
            attempt=attempt,
            status=status,
            response_status=response_status,
            error=error,
            at=dt.datetime.now(dt.UTC),
        )
    )


def delivery_log(
    conn: sa.Connection, *, subscription_id: int | None = None
) -> list[dict[str, Any]]:
    query = sa.select(deliveries).order_by(deliveries.c.id)
    if subscription_id is not None:
        query = query.where(deliveries.c.subscription_id == subscription_id)
    return [dict(r._mapping) for r in conn.execute(query)]


def delivery_status(conn: sa.Connection) -> dict[int, dict[str, Any]]:
    """Per subscription: changes delivered, attempts failed, the last attempt."""
    out: dict[int, dict[str, Any]] = {}
    for row in conn.execute(sa.select(deliveries).order_by(deliveries.c.id)):
        m = row._mapping
        entry = out.setdefault(
            m["subscription_id"], {"delivered": 0, "failed": 0, "last": None}
        )
        if m["status"] == "delivered":
            entry["delivered"] += 1
        elif m["status"] in ("failed", "refused"):
            entry["failed"] += 1
        at = m["at"]
        entry["last"] = {
            "status": m["status"],
            "at": (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).isoformat(),
            "error": m["error"],
        }
    return out
