"""A loopback webhook receiver and stores that may post to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from alert_hooks import HookServer, Received

from travelwatch.settings import load_settings
from travelwatch.storage.store import Store


@pytest.fixture
def hook_server() -> Iterator[HookServer]:
    state = HookServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            state.received.append(
                Received(self.path, dict(self.headers.items()), self.rfile.read(length))
            )
            n = len(state.received) - 1
            status = state.statuses[min(n, len(state.statuses) - 1)]
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def alert_store(tmp_path: Path) -> Iterator[Store]:
    """A store allowed to post to loopback, with quick retries."""
    s = Store(
        settings=load_settings(
            {
                "db": str(tmp_path / "alerts.db"),
                "alerts.allow_private_targets": True,
                "alerts.backoff": 0.0,
                "alerts.max_attempts": 3,
            }
        )
    )
    yield s
    s.close()
