"""Slack-compatible payloads (incoming webhooks take ``{"text": ...}``)."""

from __future__ import annotations

from typing import Any

from travelwatch.alerts.describe import change_text


def _escape(text: str) -> str:
    # Slack treats &, < and > as control characters in message text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(change: dict[str, Any]) -> dict[str, Any]:
    return {"text": _escape(change_text(change))}
