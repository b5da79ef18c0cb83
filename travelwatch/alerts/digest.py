"""Daily digests: one message a day with every change a subscription wants.

A subscription made with ``--digest`` gets no message per change. When it has
pending changes and its last delivered digest is ``alerts.digest_hours`` old (or
it never had one), all of them go out in one message: a webhook gets
``{"event": "advisory.digest", "changes": [...]}``, Slack one text, e-mail one
message. Each change is logged as delivered (or failed) like a single alert, so a
failed digest is tried again at the next run, up to ``alerts.max_attempts``.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Any

import httpx
import sqlalchemy as sa

from travelwatch.alerts import email as email_alerts
from travelwatch.alerts import webhook
from travelwatch.alerts.describe import change_text
from travelwatch.errors import DeliveryError
from travelwatch.settings import Settings
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.schema import deliveries

__all__ = ["digest_due", "send_digest"]


def digest_due(
    conn: sa.Connection, sub: subs.Subscription, *, hours: float, now: dt.datetime
) -> bool:
    """Whether ``sub``'s last delivered digest is ``hours`` old, or there was none."""
    last = conn.execute(
        sa.select(sa.func.max(deliveries.c.at)).where(
            deliveries.c.subscription_id == sub.id,
            deliveries.c.status == "delivered",
        )
    ).scalar_one()
    if last is None:
        return True
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
    return bool(now - last >= dt.timedelta(hours=hours))


def _text(changes: list[dict[str, Any]]) -> str:
    head = f"travelwatch daily digest: {len(changes)} change(s)"
    return "\n\n".join([head, *(change_text(c) for c in changes)])


def send_digest(
    sub: subs.Subscription,
    changes: list[dict[str, Any]],
    *,
    client: httpx.Client,
    settings: Settings,
) -> tuple[str, str | None]:
    """Send one digest of ``changes``; returns (status, error)."""
    key = f"travelwatch-digest-{sub.id}-{max(c['id'] for c in changes)}"
    try:
        if sub.channel == "email":
            msg = EmailMessage()
            msg["Subject"] = f"[travelwatch] daily digest: {len(changes)} change(s)"
            msg["From"] = str(settings["alerts.smtp_from"])
            msg["To"] = sub.target
            msg["Message-ID"] = f"<{key}@travelwatch>"
            msg.set_content(_text(changes))
            email_alerts.send_email(settings, msg)
        else:
            payload: dict[str, Any] = (
                {"text": _text(changes).replace("&", "&amp;").replace("<", "&lt;")}
                if sub.channel == "slack"
                else {
                    "event": "advisory.digest",
                    "subscription": sub.name,
                    "summary": f"{len(changes)} change(s)",
                    "changes": changes,
                }
            )
            webhook.post(
                client,
                sub.target,
                payload,
                idempotency_key=key,
                secret=sub.secret,
                allow_private=bool(settings["alerts.allow_private_targets"]),
            )
    except webhook.TargetRefused as e:
        return "refused", e.line()
    except DeliveryError as e:
        return "failed", e.line()
    return "delivered", None
