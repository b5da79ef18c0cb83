"""HTTP behaviour shared by connectors, driven through httpx.MockTransport."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from travelwatch.connectors.base import content_hash, fetch_with_retries, make_client
from travelwatch.connectors.us_state import UsStateConnector
from travelwatch.errors import FeedUnavailable
from travelwatch.settings import load_settings

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "us" / "advisories.xml"
)
URL = "https://feeds.example/advisories.xml"


@pytest.fixture
def settings():
    return load_settings({"http.backoff": 0.5, "http.retries": 3})


class Script:
    """Answers requests from a list of responses (or exceptions), recording them."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _client(settings, script: Script) -> httpx.Client:
    return make_client(settings, transport=httpx.MockTransport(script))


def test_user_agent_from_settings_is_sent(settings):
    script = Script(httpx.Response(200, content=b"ok"))
    with _client(settings, script) as client:
        fetch_with_retries(client, URL, settings=settings, sleep=lambda s: None)
    assert script.requests[0].headers["user-agent"] == settings["http.user_agent"]


def test_conditional_headers_are_sent(settings):
    script = Script(httpx.Response(304))
    with _client(settings, script) as client:
        response = fetch_with_retries(
            client,
            URL,
            settings=settings,
            etag='"v1"',
            last_modified="Mon, 02 Mar 2026",
        )
    sent = script.requests[0].headers
    assert response.status_code == 304
    assert (sent["if-none-match"], sent["if-modified-since"]) == (
        '"v1"',
        "Mon, 02 Mar 2026",
    )


def test_5xx_is_retried_with_doubling_backoff(settings):
    waits: list[float] = []
    script = Script(
        httpx.Response(503), httpx.Response(502), httpx.Response(200, content=b"x")
    )
    with _client(settings, script) as client:
        response = fetch_with_retries(
            client, URL, settings=settings, sleep=waits.append
        )
    assert response.status_code == 200 and waits == [0.5, 1.0]


def test_429_honours_retry_after(settings):
    waits: list[float] = []
    script = Script(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, content=b"x"),
    )
    with _client(settings, script) as client:
        fetch_with_retries(client, URL, settings=settings, sleep=waits.append)
    assert waits == [7.0]


def test_excessive_retry_after_gives_up_at_once(settings):
    script = Script(httpx.Response(503, headers={"Retry-After": "86400"}))
    with _client(settings, script) as client, pytest.raises(FeedUnavailable) as err:
        fetch_with_retries(client, URL, settings=settings, sleep=lambda s: None)
    assert len(script.requests) == 1 and "Retry-After" in err.value.reason


def test_transport_errors_exhaust_retries(settings):
    script = Script(*(httpx.ConnectError("refused") for _ in range(3)))
    with _client(settings, script) as client, pytest.raises(FeedUnavailable) as err:
        fetch_with_retries(
            client, URL, settings=settings, source="us", sleep=lambda s: None
        )
    assert len(script.requests) == 3
    assert err.value.line().startswith("TW201 us: feed us unavailable: ConnectError")


def test_client_error_is_not_retried(settings):
    script = Script(httpx.Response(404))
    with _client(settings, script) as client, pytest.raises(FeedUnavailable):
        fetch_with_retries(client, URL, settings=settings, sleep=lambda s: None)
    assert len(script.requests) == 1


def test_redirect_loop_is_bounded(settings):
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": str(request.url)})

    client = make_client(settings, transport=httpx.MockTransport(loop))
    with client, pytest.raises(FeedUnavailable) as err:
        fetch_with_retries(client, URL, settings=settings, sleep=lambda s: None)
    assert "redirect" in err.value.reason


def test_oversized_body_is_refused():
    small = load_settings({"ingest.max_bytes": 10})
    script = Script(httpx.Response(200, content=b"x" * 11))
    with _client(small, script) as client, pytest.raises(FeedUnavailable):
        fetch_with_retries(client, URL, settings=small, sleep=lambda s: None)


def test_connector_fetch_returns_not_modified_on_304(settings):
    script = Script(httpx.Response(304, headers={"ETag": '"v1"'}))
    with _client(settings, script) as client:
        result = UsStateConnector(settings).fetch(client, etag='"v1"')
    assert result.not_modified and result.items == [] and result.etag == '"v1"'


def test_connector_fetch_parses_and_keeps_validators(settings):
    body = FIXTURE.read_bytes()
    script = Script(
        httpx.Response(500),
        httpx.Response(
            200, content=body, headers={"ETag": '"v2"', "Last-Modified": "x"}
        ),
    )
    connector = UsStateConnector(load_settings({"http.backoff": 0}))
    with _client(settings, script) as client:
        result = connector.fetch(client)
    assert len(result.items) == body.count(b"<item>")
    assert (result.etag, result.last_modified, result.not_modified) == (
        '"v2"',
        "x",
        False,
    )


def test_content_hash_ignores_line_endings_but_not_words():
    assert content_hash("a\r\nb  c") == content_hash("a\nb c")
    assert content_hash("a\nb") != content_hash("a\nc")
