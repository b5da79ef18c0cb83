"""E-mail alerts over SMTP (``alerts.smtp_*`` settings)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any

from travelwatch.alerts.describe import change_text, change_title
from travelwatch.errors import DeliveryError
from travelwatch.settings import Settings


def build_message(
    change: dict[str, Any], *, to: str, sender: str, idempotency_key: str
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"[travelwatch] {change_title(change)}"
    msg["From"] = sender
    msg["To"] = to
    # A stable Message-ID lets mail systems drop a redelivered duplicate.
    msg["Message-ID"] = f"<{idempotency_key}@travelwatch>"
    msg.set_content(change_text(change))
    return msg


def send_email(settings: Settings, message: EmailMessage) -> None:
    """Send one message; SMTP and socket failures become :class:`DeliveryError`."""
    host = str(settings["alerts.smtp_host"])
    port = int(settings["alerts.smtp_port"])
    try:
        with smtplib.SMTP(
            host, port, timeout=float(settings["alerts.timeout"])
        ) as smtp:
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(
            target=str(message["To"]), detail=f"SMTP {host}:{port}: {e}"
        ) from e
