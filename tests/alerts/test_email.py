"""E-mail alerts through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from travelwatch import feeds
from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.settings import load_settings
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def mail_store(tmp_path: Path, port: int) -> Store:
    return Store(
        settings=load_settings(
            {
                "db": str(tmp_path / "mail.db"),
                "alerts.smtp_host": "127.0.0.1",
                "alerts.smtp_port": port,
                "alerts.backoff": 0.0,
                "alerts.max_attempts": 2,
            }
        )
    )


def run(store: Store) -> list[Any]:
    with store.begin() as conn:
        subs.add_subscription(
            conn,
            "desk",
            channel="email",
            target="desk@example.org",
            filters=subs.Filters(kinds=["raised"]),
        )
    feeds.sync(store, ["us"], from_path=FEEDS / "base.xml")
    feeds.sync(store, ["us"], from_path=FEEDS / "changed.xml")
    return deliver_pending(store)


def test_change_is_mailed(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    with mail_store(tmp_path, port) as store:
        run(store)
    [msg] = inbox.messages
    assert (msg["To"], "TD" in msg["Subject"], "raised" in msg["Subject"]) == (
        "desk@example.org",
        True,
        True,
    )


def test_message_id_is_stable_per_subscription_and_change(
    tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    with mail_store(tmp_path, port) as store:
        [outcome] = run(store)
    assert (
        inbox.messages[0]["Message-ID"]
        == f"<travelwatch-1-{outcome.change_id}@travelwatch>"
    )


def test_unreachable_smtp_server_fails_the_delivery(tmp_path: Path) -> None:
    with mail_store(tmp_path, _free_port()) as store:
        [outcome] = run(store)
    assert (outcome.status, outcome.attempts) == ("failed", 2)
    assert outcome.error is not None and outcome.error.startswith("TW501")
