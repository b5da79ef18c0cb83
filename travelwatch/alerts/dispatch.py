"""Delivering new changes to the subscriptions that want them.

Delivery is at-least-once: every attempt is logged in ``deliveries`` in its own
transaction, a change counts as delivered once one attempt succeeded, and changes
not yet delivered (a failed target, a crash between sync and delivery) are tried
again on the next run until ``alerts.max_attempts`` attempts have been spent.
Within a run, failed attempts are retried after ``alerts.backoff`` seconds,
doubling each time. A refused target (private address, bad scheme) is not retried.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from travelwatch.alerts import digest, webhook
from travelwatch.alerts import email as email_alerts
from travelwatch.alerts.describe import change_title
from travelwatch.alerts.slack import slack_payload
from travelwatch.errors import DeliveryError
from travelwatch.safe_http import safe_transport
from travelwatch.settings import Settings
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DeliveryOutcome:
    """One change for one subscription: ``delivered``, ``failed`` or ``refused``."""

    subscription: str
    change_id: int
    status: str
    attempts: int
    error: str | None = None


def idempotency_key(sub: subs.Subscription, change_id: int) -> str:
    """Stable per subscription and change, so receivers can drop redeliveries."""
    return f"travelwatch-{sub.id}-{change_id}"


def webhook_payload(sub: subs.Subscription, change: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": "advisory.change",
        "subscription": sub.name,
        "summary": change_title(change),
        "change": change,
    }


def make_alert_client(settings: Settings) -> httpx.Client:
    # No redirects: a redirect could lead a checked public URL to a private one.
    return httpx.Client(
        timeout=httpx.Timeout(float(settings["alerts.timeout"])),
        headers={"User-Agent": str(settings["http.user_agent"])},
        follow_redirects=False,
        transport=safe_transport(
            allow_private=bool(settings["alerts.allow_private_targets"])
        ),
        trust_env=False,
    )


def _send_once(
    sub: subs.Subscription,
    change: dict[str, Any],
    key: str,
    *,
    client: httpx.Client,
    settings: Settings,
) -> int | None:
    """One attempt; returns the HTTP status (None for e-mail) or raises."""
    allow = bool(settings["alerts.allow_private_targets"])
    if sub.channel == "email":
        message = email_alerts.build_message(
            change,
            to=sub.target,
            sender=str(settings["alerts.smtp_from"]),
            idempotency_key=key,
        )
        email_alerts.send_email(settings, message)
        return None
    payload = (
        slack_payload(change)
        if sub.channel == "slack"
        else webhook_payload(sub, change)
    )
    response = webhook.post(
        client,
        sub.target,
        payload,
        idempotency_key=key,
        secret=sub.secret,
        allow_private=allow,
    )
    return response.status_code


def _deliver_change(
    store: Store,
    sub: subs.Subscription,
    change: dict[str, Any],
    *,
    client: httpx.Client,
    sleep: Callable[[float], None],
) -> DeliveryOutcome:
    settings = store.settings
    max_attempts = int(settings["alerts.max_attempts"])
    wait = float(settings["alerts.backoff"])
    key = idempotency_key(sub, change["id"])
    with store.connect() as conn:
        attempt = subs.attempts_so_far(conn, sub.id, change["id"])
    error: str | None = None
    while attempt < max_attempts:
        attempt += 1
        status, response_status, error = "delivered", None, None
        try:
            response_status = _send_once(
                sub, change, key, client=client, settings=settings
            )
        except webhook.TargetRefused as e:
            status, error = "refused", e.line()
        except DeliveryError as e:
            status, error = "failed", e.line()
            code = e.params.get("status")
            response_status = code if isinstance(code, int) else None
        with store.begin() as conn:
            subs.log_delivery(
                conn,
                subscription_id=sub.id,
                change_id=change["id"],
                idempotency_key=key,
                attempt=attempt,
                status=status,
                response_status=response_status,
                error=error,
            )
        if status != "failed":
            return DeliveryOutcome(sub.name, change["id"], status, attempt, error)
        log.info(
            "alert %s/%s attempt %d failed: %s", sub.name, change["id"], attempt, error
        )
        if attempt < max_attempts:
            sleep(wait)
            wait *= 2
    return DeliveryOutcome(sub.name, change["id"], "failed", attempt, error)


def deliver_pending(
    store: Store,
    *,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryOutcome]:
    """Deliver every undelivered change to every active subscription that wants it."""
    with store.connect() as conn:
        active = subs.list_subscriptions(conn, active_only=True)
        max_attempts = int(store.settings["alerts.max_attempts"])
        work = [
            (sub, subs.pending_changes(conn, sub, max_attempts=max_attempts))
            for sub in active
        ]
    if not any(changes for _, changes in work):
        return []
    own = client is None
    http = client or make_alert_client(store.settings)
    try:
        out: list[DeliveryOutcome] = []
        for sub, changes in work:
            if sub.filters.digest:  # one message a day (travelwatch.alerts.digest)
                out += _deliver_digest(store, sub, changes, client=http)
                continue
            out += [
                _deliver_change(store, sub, change, client=http, sleep=sleep)
                for change in changes
            ]
        return out
    finally:
        if own:
            http.close()


def _deliver_digest(
    store: Store,
    sub: subs.Subscription,
    changes: list[dict[str, Any]],
    *,
    client: httpx.Client,
) -> list[DeliveryOutcome]:
    now = dt.datetime.now(dt.UTC)
    hours = float(store.settings["alerts.digest_hours"])
    with store.connect() as conn:
        if not changes or not digest.digest_due(conn, sub, hours=hours, now=now):
            return []
        tries = {c["id"]: subs.attempts_so_far(conn, sub.id, c["id"]) for c in changes}
    status, error = digest.send_digest(
        sub, changes, client=client, settings=store.settings
    )
    with store.begin() as conn:
        for change in changes:
            subs.log_delivery(
                conn,
                subscription_id=sub.id,
                change_id=change["id"],
                idempotency_key=f"travelwatch-digest-{sub.id}-{change['id']}",
                attempt=tries[change["id"]] + 1,
                status=status,
                error=error,
            )
    return [
        DeliveryOutcome(sub.name, c["id"], status, tries[c["id"]] + 1, error)
        for c in changes
    ]


def sample_change() -> dict[str, Any]:
    """A change that never happened, for ``travelwatch alerts test``."""
    return {
        "id": 0,
        "source": "travelwatch-test",
        "issuer": "XX",
        "destination": "YY",
        "kind": "raised",
        "origin": "official",
        "before": {"level": 2, "native_level": "sample: before"},
        "after": {
            "level": 3,
            "native_level": "sample: after",
            "title": "travelwatch test alert: nothing happened",
        },
        "seen_at": None,
        "version_id": None,
        "corroboration": None,
        "baseline": False,
        "test": True,
    }


def send_sample(
    store: Store, sub: subs.Subscription, *, client: httpx.Client | None = None
) -> DeliveryOutcome:
    """Deliver :func:`sample_change` to ``sub`` once; nothing is logged or stored."""
    http = client or make_alert_client(store.settings)
    change = sample_change()
    try:
        _send_once(
            sub,
            change,
            f"travelwatch-test-{sub.id}",
            client=http,
            settings=store.settings,
        )
    except webhook.TargetRefused as e:
        return DeliveryOutcome(sub.name, 0, "refused", 1, e.line())
    except DeliveryError as e:
        return DeliveryOutcome(sub.name, 0, "failed", 1, e.line())
    finally:
        if client is None:
            http.close()
    return DeliveryOutcome(sub.name, 0, "delivered", 1)
