"""Issue 15: under load the server answers 503 with Retry-After instead of
stalling, and pages are rendered once per data version."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from travelwatch.api.page_cache import ConcurrencyLimit

pytestmark = pytest.mark.issue(15)


def test_requests_past_the_limit_get_503_with_retry_after() -> None:
    release = asyncio.Event()

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = ConcurrencyLimit(slow_app, limit=1, wait_s=0.05)
    sent: list[list[Message]] = [[], []]

    async def run() -> None:
        def sender(n: int) -> Send:
            async def send(message: Message) -> None:
                sent[n].append(message)

            return send

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        scope: Scope = {"type": "http", "method": "GET", "path": "/"}
        first = asyncio.create_task(limited(scope, receive, sender(0)))
        await asyncio.sleep(0.01)
        await limited(scope, receive, sender(1))  # the one slot is taken
        release.set()
        await first

    asyncio.run(run())
    assert sent[0][0]["status"] == 200
    assert sent[1][0]["status"] == 503
    assert (b"retry-after", b"1") in sent[1][0]["headers"]


def test_a_page_is_rendered_once_per_data_version(client: TestClient) -> None:
    first = client.get("/matrix")
    second = client.get("/matrix")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert "frame-ancestors 'none'" in second.headers["content-security-policy"]
