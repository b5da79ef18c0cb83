"""Issue 15: the private-address check holds at connect time, for every client.

A real HTTP server on 127.0.0.1 is the private target. A resolver that answers a
public address first and loopback afterwards plays the DNS-rebinding attacker:
the early check sees the public address, the connection must still be refused.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from travelwatch.alerts.webhook import TargetRefused, post
from travelwatch.api import create_app
from travelwatch.connectors.base import fetch_with_retries, make_client
from travelwatch.errors import FeedUnavailable, InputError
from travelwatch.ingest.fetch import fetch_url
from travelwatch.safe_http import AddressRefused, address_kind, safe_transport
from travelwatch.settings import Settings, load_settings
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)

PUBLIC = "93.184.216.34"


class _Server:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.port = 0


@pytest.fixture
def loopback() -> Iterator[_Server]:
    state = _Server()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            state.requests.append(self.path)
            body = b"<html><body><p>secret internal page</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _reply

        def log_message(self, *_: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def rebinding_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``rebind.test`` resolves to a public address once, then to loopback."""
    answers: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        address = PUBLIC if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def _settings(**overrides: object) -> Settings:
    return load_settings(overrides, environ={}, config_file=Path("/nonexistent.toml"))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "169.254.169.254",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "2002:7f00:1::1",
        "2002:c0a8:101::1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_private_forms_are_refused(address: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", [PUBLIC, "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) is None


def test_dns_rebinding_is_refused_when_fetching(
    loopback: _Server, rebinding_dns: list[str]
) -> None:
    url = f"http://rebind.test:{loopback.port}/page"
    with pytest.raises(InputError) as err:
        fetch_url(url, settings=_settings())
    assert err.value.code == "TW108"
    assert "loopback" in err.value.reason
    assert rebinding_dns[0] == PUBLIC  # the early check was passed...
    assert loopback.requests == []  # ...and still nothing reached the server


def test_the_transport_connects_to_the_address_it_checked(loopback: _Server) -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    transport = safe_transport(allow_private=True, resolver=resolver)
    with httpx.Client(transport=transport) as client:
        response = client.get(f"http://anything.test:{loopback.port}/x")
    assert response.status_code == 200
    assert calls == ["anything.test"]  # resolved once, by us
    with (
        httpx.Client(
            transport=safe_transport(allow_private=False, resolver=resolver)
        ) as client,
        pytest.raises(AddressRefused),
    ):
        client.get(f"http://anything.test:{loopback.port}/x")
    assert loopback.requests == ["/x"]


def test_official_feeds_use_the_checked_transport(
    loopback: _Server, rebinding_dns: list[str]
) -> None:
    settings = _settings(**{"http.retries": 3})
    rebinding_dns.append(PUBLIC)  # no early check here: the next answer is loopback
    with make_client(settings) as client, pytest.raises(FeedUnavailable) as err:
        fetch_with_retries(
            client, f"http://rebind.test:{loopback.port}/feed", settings=settings
        )
    assert "refused" in err.value.reason
    assert len(rebinding_dns) == 2  # one lookup, refused, not retried
    assert loopback.requests == []


def test_webhooks_use_the_checked_transport(
    loopback: _Server, rebinding_dns: list[str]
) -> None:
    from travelwatch.alerts.dispatch import make_alert_client

    url = f"http://rebind.test:{loopback.port}/hook"
    with make_alert_client(_settings()) as client, pytest.raises(TargetRefused):
        # post() checks first (public answer), the connection sees loopback.
        post(client, url, {"x": 1}, idempotency_key="k")
    assert loopback.requests == []


def test_webhook_target_is_checked_at_subscribe_time(tmp_path: Path) -> None:
    settings = load_settings({"db": str(tmp_path / "s.db"), "api.token": "t0k"})
    store = Store(settings=settings)
    try:
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            response = client.post(
                "/api/subscriptions",
                json={
                    "name": "inner",
                    "channel": "webhook",
                    "target": "http://[::ffff:127.0.0.1]:9/hook",
                },
                headers={"Authorization": "Bearer t0k"},
            )
        assert response.status_code == 422
        assert response.json()["ok"] is False
    finally:
        store.close()


def test_news_sources_use_the_checked_transport(
    loopback: _Server, rebinding_dns: list[str], tmp_path: Path
) -> None:
    from travelwatch.news import sources as registry
    from travelwatch.news.poll import Poller

    settings = _settings(db=str(tmp_path / "n.db"), **{"poll.host_interval": 0.0})
    with Store(settings=settings) as store:
        with store.begin() as conn:
            # Checked when added: the resolver answers the public address.
            registry.add_source(
                conn,
                f"http://rebind.test:{loopback.port}/feed.rss",
                settings=settings,
                name="rebinding",
            )
        [outcome] = Poller(store).poll(["rebinding"])
    assert rebinding_dns[0] == PUBLIC
    assert outcome.status == "failed"
    assert "loopback" in (outcome.error or "")
    assert loopback.requests == []


# Loopback written the ways an attacker would: each must be refused by every
# client, without a single request reaching the server.
HIDDEN_LOOPBACK = [
    "127.0.0.1",
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::127.0.0.1]",  # IPv4-compatible
    "[64:ff9b::7f00:1]",  # NAT64
    "[2002:7f00:1::1]",  # 6to4
    "[::1]",
]


@pytest.mark.parametrize("host", HIDDEN_LOOPBACK)
def test_hidden_loopback_forms_are_refused_by_ingest(
    loopback: _Server, host: str
) -> None:
    with pytest.raises(InputError) as err:
        fetch_url(f"http://{host}:{loopback.port}/page", settings=_settings())
    assert err.value.code == "TW108"
    assert loopback.requests == []


@pytest.mark.parametrize("host", HIDDEN_LOOPBACK)
def test_hidden_loopback_forms_are_refused_by_feeds_and_webhooks(
    loopback: _Server, host: str
) -> None:
    from travelwatch.alerts.dispatch import make_alert_client

    settings = _settings(**{"http.retries": 1})
    with make_client(settings) as client, pytest.raises(FeedUnavailable) as err:
        fetch_with_retries(
            client, f"http://{host}:{loopback.port}/feed", settings=settings
        )
    # Refused by the address check, not merely failing to connect.
    assert "refused: " in err.value.reason and " address (" in err.value.reason
    with make_alert_client(_settings()) as client, pytest.raises(TargetRefused):
        post(
            client, f"http://{host}:{loopback.port}/hook", {"x": 1}, idempotency_key="k"
        )
    assert loopback.requests == []


def test_a_feed_index_never_chooses_the_host() -> None:
    """The UK index lists country paths; whatever it says, the requests stay on
    GOV.UK (a connector never builds a URL whose host comes from feed content)."""
    from urllib.parse import urlsplit

    from travelwatch.connectors.uk_fcdo import UkFcdoConnector

    connector = UkFcdoConnector()
    index = {
        "links": {
            "children": [
                {"api_path": "/api/content/foreign-travel-advice/chad"},
                {"base_path": "/foreign-travel-advice/mali"},
                {"api_path": "//evil.example/api/content/x"},
                {"api_path": "https://evil.example/api/content/x"},
                {"api_path": "@evil.example/api/content/x"},
                {"base_path": "@evil.example/x"},
                {"api_path": "javascript:alert(1)"},
            ]
        }
    }
    paths = connector.country_paths(index)
    assert paths == [
        "/api/content/foreign-travel-advice/chad",
        "/api/content/foreign-travel-advice/mali",
    ]
    home = urlsplit(connector.base_url).netloc
    assert {urlsplit(connector.base_url + p).netloc for p in paths} == {home}
