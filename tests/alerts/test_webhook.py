"""Signed webhook posts and the private-address guard."""

from __future__ import annotations

import json

import httpx
import pytest
from alert_hooks import HookServer

from travelwatch.alerts.webhook import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TargetRefused,
    check_target,
    post,
    sign,
    verify,
)
from travelwatch.errors import DeliveryError


def test_signature_is_hmac_sha256_hex() -> None:
    # The value a receiver computes with the same secret: RFC 4231 test case 2.
    body = b"what do ya want for nothing?"
    assert sign(body, "Jefe") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_verify_rejects_a_tampered_body() -> None:
    header = sign(b'{"level": 4}', "s3cret")
    assert not verify(b'{"level": 1}', "s3cret", header)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://localhost/hook",
    ],
)
def test_private_targets_are_refused_by_default(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_target(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "http:///x"]
)
def test_non_http_targets_are_refused_even_when_private_allowed(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_target(url, allow_private=True)


def test_public_address_is_allowed() -> None:
    check_target("https://93.184.215.14/hook", allow_private=False)


def test_post_sends_signed_json_with_idempotency_key(hook_server: HookServer) -> None:
    with httpx.Client() as client:
        post(
            client,
            hook_server.url,
            {"kind": "raised"},
            idempotency_key="key-1",
            secret="s3cret",
            allow_private=True,
        )
    [got] = hook_server.received
    assert json.loads(got.body) == {"kind": "raised"}
    assert verify(got.body, "s3cret", got.headers[SIGNATURE_HEADER])
    assert got.headers[IDEMPOTENCY_HEADER] == "key-1"


def test_post_raises_on_server_error(hook_server: HookServer) -> None:
    hook_server.statuses = [500]
    with httpx.Client() as client, pytest.raises(DeliveryError):
        post(client, hook_server.url, {}, idempotency_key="k", allow_private=True)


def test_post_refuses_loopback_without_the_setting(hook_server: HookServer) -> None:
    with httpx.Client() as client, pytest.raises(TargetRefused):
        post(client, hook_server.url, {}, idempotency_key="k", allow_private=False)
    assert hook_server.received == []
