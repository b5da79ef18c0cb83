"""Fetching pages: schemes, private addresses, redirects and size limits.

A real HTTP server on 127.0.0.1 stands in for the web; being loopback, it is only
reachable when private addresses are allowed, which is itself under test.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from travelwatch.errors import InputError
from travelwatch.ingest.fetch import check_url, fetch_url
from travelwatch.settings import Settings, load_settings

PAGE = b"<html><body><p>The ministry advised against travel.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    seen_agents: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/page": lambda: self._send(
                200, PAGE, Content_Type="text/html; charset=utf-8"
            ),
            "/redirect": lambda: self._send(302, Location="/page"),
            "/loop": lambda: self._send(302, Location="/loop"),
            "/to-file": lambda: self._send(302, Location="file:///etc/passwd"),
            "/big": lambda: self._send(200, b"x" * 5000, Content_Type="text/plain"),
            "/missing": lambda: self._send(404, b"gone"),
        }
        routes.get(self.path, routes["/missing"])()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _settings(**overrides: object) -> Settings:
    return load_settings(overrides, environ={}, config_file=Path("/nonexistent.toml"))


def _code(url: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as err:
        fetch_url(url, settings=kwargs.pop("settings", _settings()), **kwargs)  # type: ignore[arg-type]
    assert err.value.source == url
    return err.value.code


def test_loopback_is_refused_by_default(server: str) -> None:
    assert _code(f"{server}/page") == "TW108"


def test_loopback_is_fetched_when_allowed(server: str) -> None:
    page = fetch_url(f"{server}/page", settings=_settings(), allow_private=True)
    assert page.content == PAGE
    assert (page.content_type, page.encoding) == ("text/html", "utf-8")


def test_setting_allows_private_addresses(server: str) -> None:
    page = fetch_url(
        f"{server}/page", settings=_settings(**{"http.allow_private": True})
    )
    assert page.content == PAGE


def test_user_agent_comes_from_settings(server: str) -> None:
    settings = _settings(
        **{"http.user_agent": "travelwatch-test/1 (+mailto:x@example.org)"}
    )
    fetch_url(f"{server}/page", settings=settings, allow_private=True)
    assert _Handler.seen_agents[-1] == "travelwatch-test/1 (+mailto:x@example.org)"


def test_redirect_is_followed(server: str) -> None:
    page = fetch_url(f"{server}/redirect", settings=_settings(), allow_private=True)
    assert page.final_url == f"{server}/page"
    assert page.url == f"{server}/redirect"
    assert page.content == PAGE


def test_redirect_loop_stops_at_the_limit(server: str) -> None:
    settings = _settings(**{"http.max_redirects": 3})
    assert _code(f"{server}/loop", settings=settings, allow_private=True) == "TW107"


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    assert _code(f"{server}/to-file", allow_private=True) == "TW108"


def test_oversized_body_is_refused(server: str) -> None:
    settings = _settings(**{"ingest.max_bytes": 1000})
    assert _code(f"{server}/big", settings=settings, allow_private=True) == "TW104"


def test_http_error_status_is_unreachable(server: str) -> None:
    assert _code(f"{server}/missing", allow_private=True) == "TW107"


def test_closed_port_is_unreachable(server: str) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert _code(f"http://127.0.0.1:{port}/", allow_private=True) == "TW107"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a.txt",
        "gopher://example.org/",
        "http:///nohost",
    ],
)
def test_other_schemes_and_hostless_urls_are_refused(url: str) -> None:
    assert _code(url, allow_private=True) == "TW108"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(InputError) as err:
        check_url(url, source=url, allow_private=False)
    assert err.value.code == "TW108"


def test_public_address_passes_the_check() -> None:
    check_url("https://93.184.216.34/advice", source="x", allow_private=False)


def test_every_redirect_hop_is_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    url = "http://93.184.216.34/start"
    assert _code(url, client=client) == "TW108"
