"""Webhook delivery: signed JSON POSTs to addresses that are allowed.

The body is signed with HMAC-SHA256 and the subscription's secret
(``X-Travelwatch-Signature: sha256=<hex>``) so that the receiver can check who sent
it, and carries an ``Idempotency-Key`` stable per subscription and change, so that
a retried delivery can be recognised. Targets on private, loopback, link-local or
reserved addresses are refused unless ``alerts.allow_private_targets`` is on.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx

from travelwatch.errors import DeliveryError
from travelwatch.safe_http import AddressRefused, refusal

SIGNATURE_HEADER = "X-Travelwatch-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


class TargetRefused(DeliveryError):
    """The target is not allowed (scheme or address); retrying cannot help."""


def sign(body: bytes, secret: str) -> str:
    """``sha256=<hex HMAC-SHA256 of body>``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(body: bytes, secret: str, header: str) -> bool:
    """What a receiver does: compare in constant time."""
    return hmac.compare_digest(sign(body, secret), header)


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as e:
        raise DeliveryError(target=host, detail=f"cannot resolve: {e}") from e
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def check_target(url: str, *, allow_private: bool) -> None:
    """Refuse non-HTTP URLs and, unless allowed, any non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(target=url, detail="only http(s) URLs with a host")
    if allow_private:
        return
    refused = refusal(str(a) for a in _addresses(parts.hostname))
    if refused:
        address, kind = refused
        raise TargetRefused(
            target=url,
            detail=f"{address} is a {kind} address "
            "(set alerts.allow_private_targets to allow it)",
        )


def check_subscription_target(
    channel: str, target: str, *, allow_private: bool
) -> None:
    """Refuse, when it is created, a subscription whose URL could not be delivered
    to (the same check runs again, at connect time, for every delivery)."""
    if channel not in ("webhook", "slack"):
        return
    try:
        check_target(target, allow_private=allow_private)
    except TargetRefused:
        raise
    except DeliveryError:
        pass  # not resolvable now (offline set-up); checked again on delivery


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode(
        "utf-8"
    )


def post(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    *,
    idempotency_key: str,
    secret: str | None = None,
    allow_private: bool = False,
) -> httpx.Response:
    """POST ``payload`` once; raises :class:`DeliveryError` unless the reply is 2xx."""
    check_target(url, allow_private=allow_private)
    body = encode(payload)
    headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: idempotency_key}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    try:
        response = client.post(url, content=body, headers=headers)
    except AddressRefused as e:
        raise TargetRefused(
            target=url,
            detail=f"{e} (set alerts.allow_private_targets to allow it)",
        ) from e
    except httpx.HTTPError as e:
        raise DeliveryError(target=url, detail=f"{type(e).__name__}: {e}") from e
    if not response.is_success:
        raise DeliveryError(
            target=url,
            detail=f"HTTP {response.status_code}",
            status=response.status_code,
        )
    return response
