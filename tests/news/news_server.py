"""A loopback web server for news tests: feeds, pages, robots.txt, ETags, failures,
redirects and slow answers."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Page:
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class NewsServer:
    """Serves ``pages`` by path; paths in ``failing`` answer 500; logs every GET."""

    base: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: Bodies POSTed to any path (the webhook receiver of alert tests).
    posts: list[bytes] = field(default_factory=list)
    #: Paths answering 302 to another path.
    redirects: dict[str, str] = field(default_factory=dict)
    #: Paths answered only after this many seconds.
    slow: dict[str, float] = field(default_factory=dict)
    #: When each GET arrived (time.monotonic), in the order of ``requests``.
    times: list[float] = field(default_factory=list)
    #: Most GETs being answered at the same moment.
    peak: int = 0
    _inside: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def serve_file(
        self, path: str, file: Path, content_type: str, *, etag: str | None = None
    ) -> str:
        """Serve ``file`` (with ``{base}`` filled in) at ``path``; returns its URL."""
        body = file.read_text(encoding="utf-8").replace("{base}", self.base)
        self.pages[path] = Page(body.encode("utf-8"), content_type, etag)
        return self.base + path

    def serve_text(self, path: str, text: str, content_type: str) -> str:
        self.pages[path] = Page(text.encode("utf-8"), content_type)
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def start(state: NewsServer) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with state._lock:
                state.requests.append((self.path, dict(self.headers.items())))
                state.times.append(time.monotonic())
                state._inside += 1
                state.peak = max(state.peak, state._inside)
            try:
                self._answer()
            finally:
                with state._lock:
                    state._inside -= 1

        def _answer(self) -> None:
            if self.path in state.slow:
                time.sleep(state.slow[self.path])
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.base + state.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            page = state.pages.get(self.path)
            if self.path in state.failing:
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.end_headers()
                return
            since = self.headers.get("If-Modified-Since")
            if page.last_modified and since == page.last_modified:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.etag:
                self.send_header("ETag", page.etag)
            if page.last_modified:
                self.send_header("Last-Modified", page.last_modified)
            self.end_headers()
            self.wfile.write(page.body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            state.posts.append(self.rfile.read(length))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
