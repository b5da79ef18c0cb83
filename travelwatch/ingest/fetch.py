"""Fetching one page over HTTP without becoming a proxy into private networks.

Every hop (the first URL and each redirect target) is checked before a request is
made: only ``http``/``https``, and, unless private fetching is allowed, every address
the host resolves to must be public. Redirects are followed by hand so that no hop
escapes the check, and the body is read in chunks so an oversized download stops at
the limit instead of filling memory.

The check before each hop gives early, clear errors; the one that cannot be
fooled is made again when connecting (:mod:`travelwatch.safe_http`): the host is
resolved once there and the socket connects to the very address checked, so a
DNS server answering differently the second time (DNS rebinding) is refused.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from travelwatch.errors import InputError
from travelwatch.safe_http import AddressRefused, refusal, safe_transport
from travelwatch.settings import Settings

__all__ = ["FetchedPage", "check_url", "fetch_url"]

log = logging.getLogger(__name__)

_SCHEMES = frozenset({"http", "https"})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A downloaded resource: what was asked for, where it ended, and its bytes."""

    url: str
    final_url: str
    content: bytes
    content_type: str | None
    encoding: str | None


def _resolve(host: str, port: int, source: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise InputError(
            "TW107", source=source, detail=f"cannot resolve {host}: {e}"
        ) from e
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def check_url(url: str, *, source: str, allow_private: bool) -> None:
    """Raise TW108 unless ``url`` may be fetched (scheme and every resolved address)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise InputError(
            "TW108",
            source=source,
            detail=f"scheme {scheme or '(none)'!r} (only http, https)",
        )
    host = parts.hostname
    if not host:
        raise InputError("TW108", source=source, detail=f"no host in {url!r}")
    if allow_private:
        return
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as e:
        raise InputError("TW108", source=source, detail=f"bad port in {url!r}") from e
    refused = refusal(_resolve(host, port, source))
    if refused:
        address, kind = refused
        raise InputError(
            "TW108",
            source=source,
            detail=f"{host} is a {kind} address ({address}); "
            "set http.allow_private to fetch it",
        )


def _read_limited(response: httpx.Response, limit: int, source: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError("TW104", source=source, size=int(declared), limit=limit)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputError(
                "TW104", source=source, size=f"more than {limit}", limit=limit
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _get(
    client: httpx.Client, url: str, *, settings: Settings, source: str
) -> str | FetchedPage:
    """One hop: the next URL (a string) when redirected, else the page."""
    headers = {"User-Agent": str(settings["http.user_agent"]), "Accept": _ACCEPT}
    timeout = float(settings["http.timeout"])
    try:
        with client.stream(
            "GET", url, headers=headers, timeout=timeout, follow_redirects=False
        ) as response:
            if response.is_redirect and "location" in response.headers:
                return str(response.url.join(response.headers["location"]))
            if response.status_code >= 400:
                raise InputError(
                    "TW107",
                    source=source,
                    detail=f"HTTP {response.status_code} from {url}",
                )
            content = _read_limited(response, int(settings["ingest.max_bytes"]), source)
            content_type = response.headers.get("content-type")
            return FetchedPage(
                url=source,
                final_url=str(response.url),
                content=content,
                content_type=content_type.split(";")[0].strip().lower()
                if content_type
                else None,
                encoding=response.charset_encoding,
            )
    except AddressRefused as e:
        raise InputError(
            "TW108",
            source=source,
            detail=f"{e}; set http.allow_private to fetch it",
        ) from e
    except httpx.TimeoutException as e:
        raise InputError(
            "TW107", source=source, detail=f"timed out after {timeout:g}s"
        ) from e
    except httpx.HTTPError as e:
        raise InputError(
            "TW107", source=source, detail=f"{type(e).__name__}: {e}"
        ) from e


def fetch_url(
    url: str,
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    allow_private: bool | None = None,
) -> FetchedPage:
    """Download ``url`` within the limits of ``settings``; raise :class:`InputError`.

    TW108 for a refused scheme or address, TW107 for network and HTTP failures and
    too many redirects, TW104 when the body exceeds ``ingest.max_bytes``.
    """
    allow = (
        bool(settings["http.allow_private"]) if allow_private is None else allow_private
    )
    max_redirects = int(settings["http.max_redirects"])
    own_client = client is None
    http = client or httpx.Client(
        follow_redirects=False, transport=safe_transport(allow_private=allow)
    )
    try:
        current = url
        for hop in range(max_redirects + 1):
            check_url(current, source=url, allow_private=allow)
            log.debug("GET %s (hop %d)", current, hop)
            result = _get(http, current, settings=settings, source=url)
            if isinstance(result, FetchedPage):
                return result
            current = result
        raise InputError(
            "TW107", source=url, detail=f"more than {max_redirects} redirects"
        )
    finally:
        if own_client:
            http.close()
