"""Issue 15: a real ``travelwatch serve`` (uvicorn on loopback) driven past its
limit of requests in progress queues the next request briefly, then answers 503
with ``Retry-After`` in the error envelope, and recovers as soon as a slot frees.

The requests that hold the slots are uploads that never finish: each sends the
head of a ``POST /api/ingest`` and only part of its body, so the server holds it in
progress (reading the body) for as long as the test keeps the socket open.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from travelwatch.api.app import QUEUE_WAIT_S, REQUESTS_IN_PROGRESS

pytestmark = pytest.mark.issue(15)

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [TRAVELWATCH, "serve", "--db", str(tmp_path / "s.db"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/sources", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve did not start: {proc.stderr.read()}")  # type: ignore[union-attr]
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _hold_a_slot(base: str) -> socket.socket:
    """A request that stays in progress: a POST whose body never completes."""
    port = int(base.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        b'{"text": "'
    )
    return sock


def _wait_until_busy(base: str) -> None:
    """Until a request is refused: the holders have all been accepted."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if httpx.get(base + "/api/sources", timeout=30).status_code == 503:
            return
    pytest.fail("the server never reported itself busy")


def test_a_saturated_server_answers_503_with_retry_after(served: str) -> None:
    holders = [_hold_a_slot(served) for _ in range(REQUESTS_IN_PROGRESS)]
    try:
        _wait_until_busy(served)
        started = time.monotonic()
        refused = httpx.get(served + "/api/advisories", timeout=30)
        waited = time.monotonic() - started
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.json() == {
            "ok": False,
            "error": "the server is busy; retry shortly",
            "errors": [{"code": "busy"}],
            "status": 503,
        }
        # It queued for its turn first, and was not kept waiting much longer.
        assert QUEUE_WAIT_S * 0.8 <= waited < QUEUE_WAIT_S + 5

        # A request that arrives while full gets the first slot that frees.
        answer: dict[str, httpx.Response] = {}
        waiter = threading.Thread(
            target=lambda: answer.update(
                r=httpx.get(served + "/api/advisories", timeout=30)
            )
        )
        waiter.start()
        time.sleep(QUEUE_WAIT_S / 4)
        holders.pop().close()  # the client goes away; its slot is released
        waiter.join(timeout=30)
        assert answer["r"].status_code == 200
        assert answer["r"].json()["ok"] is True
    finally:
        for sock in holders:
            sock.close()
    # Once the holders are gone the server is back to normal at once.
    deadline = time.monotonic() + 10
    while httpx.get(served + "/api/sources", timeout=10).status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.1)
