"""The one HTTP transport every outgoing request uses: checked at connect time.

Checking a URL's addresses before a request and letting the HTTP client resolve
the host again leaves a gap: a DNS server can answer a public address to the
check and a private one to the client (DNS rebinding). Here the host is resolved
once, when the connection is made; every address it resolves to is checked, and
the socket connects to exactly the address checked. TLS still verifies the
certificate against the host name.

Ingest (pages and news feeds), official-feed connectors and webhook delivery all
build their clients with :func:`safe_transport`.

Refused unless private targets are allowed: loopback, private, link-local,
multicast, reserved and every other non-global address, including those hidden
in IPv6 forms: IPv4-mapped (``::ffff:127.0.0.1``), IPv4-compatible
(``::127.0.0.1``), NAT64 (``64:ff9b::/96``), 6to4 (``2002::/16``) and Teredo.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

__all__ = [
    "AddressRefused",
    "Resolver",
    "address_kind",
    "refusal",
    "safe_transport",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``(host, port) -> addresses``, the whole answer of one lookup.
Resolver = Callable[[str, int], list[str]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.IPv6Network("::/96")


class AddressRefused(httpx.ConnectError):
    """The host resolved to an address outgoing requests may not reach."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        super().__init__(f"{host} is a {kind} address ({address})")


def _embedded_v4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo", ip.teredo[1]
    if ip in _V4_COMPATIBLE and int(ip) > 1:
        return "IPv4-compatible", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(ip: IPAddress) -> str | None:
    """What makes ``ip`` unreachable for outgoing requests, or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_v4(ip)
        if embedded is not None:
            form, v4 = embedded
            if form == "IPv4-compatible":
                return "IPv4-compatible (deprecated)"
            inner = address_kind(v4)
            if inner:
                return f"{inner} ({form})"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "non-public"
    return None


def refusal(addresses: Iterable[str]) -> tuple[str, str] | None:
    """(address, kind) of the first address that may not be reached, else None."""
    for address in addresses:
        kind = address_kind(ipaddress.ip_address(address.split("%")[0]))
        if kind:
            return address, kind
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, once each."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _CheckedBackend(httpcore.SyncBackend):
    """Resolve once, check every address, connect to a checked address."""

    def __init__(self, *, allow_private: bool, resolver: Resolver) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.resolver(host.strip("[]"), port)
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        refused = None if self.allow_private else refusal(addresses)
        if refused is not None:
            raise AddressRefused(host, *refused)
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as e:
                error = e
        raise error or httpcore.ConnectError(f"cannot connect to {host}")


class _SafeTransport(httpx.HTTPTransport):
    def __init__(
        self, *, allow_private: bool, resolver: Resolver, limits: httpx.Limits
    ) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_CheckedBackend(
                allow_private=allow_private, resolver=resolver
            ),
        )


def safe_transport(
    *,
    allow_private: bool,
    resolver: Resolver | None = None,
    limits: httpx.Limits | None = None,
) -> httpx.HTTPTransport:
    """An httpx transport that refuses non-public addresses at connect time.

    ``resolver`` replaces DNS (tests use it to answer differently each time).
    Proxies from the environment are not used: a proxy would connect for us,
    out of reach of the check.
    """
    return _SafeTransport(
        allow_private=allow_private,
        resolver=resolver or system_resolver,
        limits=limits or httpx.Limits(max_connections=20, max_keepalive_connections=5),
    )
