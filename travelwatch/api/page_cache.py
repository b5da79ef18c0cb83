"""Serving under load: dashboard pages cached per data version, and a bound on
the requests in progress.

Pages are cached like the API's JSON responses.

Every page is a pure function of its URL and the stored data, so a page rendered
once is served again until the next write changes the data version
(:func:`travelwatch.api.cache.data_version`). The matrix page over thousands of
advisories takes a quarter of a second to render; under load, rendering it for
every request made the server fall behind by seconds.

A plain ASGI middleware on ``GET`` pages outside ``/api``, ``/static``,
``/docs`` and ``/sources``; only whole ``200`` answers are kept. The sources page
is the exception to "a function of the data version": a sync that failed, or
that only moved a feed's next due time, writes source health alone, and the page
says "in 2 hours"; it is a few rows, cheap to render every time.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from typing import Any

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from travelwatch.api.cache import data_version
from travelwatch.api.errors import error_body
from travelwatch.storage.store import Store

_SKIP = ("/api", "/static", "/docs", "/openapi.json", "/sources")


class PageCache:
    def __init__(self, app: ASGIApp, store: Store, size: int = 256) -> None:
        self.app = app
        self.store = store
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], list[Message]] = OrderedDict()
        self._lock = threading.Lock()
        self._rendering: dict[tuple[Any, ...], asyncio.Event] = {}

    def _version(self) -> tuple[Any, ...]:
        with self.store.connect() as conn:
            return data_version(conn)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or path.startswith(_SKIP)
        ):
            await self.app(scope, receive, send)
            return
        version = await to_thread.run_sync(self._version)
        key = (path, scope.get("query_string", b""), version)
        with self._lock:
            cached = self._items.get(key)
            if cached is not None:
                self._items.move_to_end(key)
        if cached is None and key in self._rendering:
            # Someone is rendering this very page: wait for theirs (single
            # flight), so a burst on a cold page renders it once, not 40 times.
            await self._rendering[key].wait()
            with self._lock:
                cached = self._items.get(key)
        if cached is not None:
            for message in cached:
                await send(message)
            return
        done = self._rendering.setdefault(key, asyncio.Event())
        try:
            await self._render(key, scope, receive, send)
        finally:
            done.set()
            self._rendering.pop(key, None)

    async def _render(
        self, key: tuple[Any, ...], scope: Scope, receive: Receive, send: Send
    ) -> None:
        recorded: list[Message] = []

        async def record(message: Message) -> None:
            recorded.append(message)
            await send(message)

        await self.app(scope, receive, record)
        if (
            recorded
            and recorded[0].get("type") == "http.response.start"
            and recorded[0].get("status") == 200
            and not recorded[-1].get("more_body", False)
        ):
            with self._lock:
                self._items[key] = recorded
                while len(self._items) > self.size:
                    self._items.popitem(last=False)


class ConcurrencyLimit:
    """At most ``limit`` requests in progress; the rest wait their turn, briefly.

    Each request in progress holds one pooled database connection and one of the
    server's threads. Without a limit, requests past the thread pool still take
    a connection and then wait for a thread while holding it, and past the pool
    size they block threads waiting for connections: a convoy in which answers
    took 10 s or failed. A request that cannot start within ``wait_s`` is
    answered 503 with ``Retry-After`` instead.

    A request's body is read before it takes its turn: reading costs no thread
    and no connection, and a client sending its body slowly (or never finishing
    it) must not hold one of the ``limit`` places while it does, or a few dozen
    unfinished uploads would make the server refuse everyone.
    """

    def __init__(self, app: ASGIApp, limit: int, wait_s: float) -> None:
        self.app = app
        self.limit = limit
        self.wait_s = wait_s
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # created inside the server's event loop
            self._slots = asyncio.Semaphore(self.limit)
        if _has_body(scope):
            body = await _read_body(receive)
            if body is None:  # the client went away before sending it all
                return
            receive = _replay(body, receive)
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.wait_s)
        except TimeoutError:
            await _busy(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


def _has_body(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            return True
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnects first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then listens on."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _busy(send: Send) -> None:
    body = json.dumps(
        error_body(503, "the server is busy; retry shortly", [{"code": "busy"}])
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
