"""What every official-feed connector shares: the protocol, HTTP and payload checks.

A connector fetches and parses one government's feed into
:class:`~travelwatch.models.OfficialItem` records. It never stores anything and
never runs NLP. Failures are coded: the network or server failing is
:class:`~travelwatch.errors.FeedUnavailable`; a payload that no longer has the shape
we parse is :class:`~travelwatch.errors.FeedFormatChanged`. One broken entry in an
otherwise sound payload is left out, logged and listed in ``FeedResult.skipped``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

import defusedxml.ElementTree as SafeET
import httpx
from defusedxml import DefusedXmlException

from travelwatch.errors import (
    ConnectorError,
    FeedFormatChanged,
    FeedUnavailable,
    InputError,
)
from travelwatch.models import FeedResult, OfficialItem
from travelwatch.safe_http import AddressRefused, safe_transport
from travelwatch.safe_text import safe_char_refs, safe_value
from travelwatch.settings import Settings, load_settings

log = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@runtime_checkable
class Connector(Protocol):
    """One official source. ``name`` is short ("us"); ``registry_name`` versioned."""

    name: ClassVar[str]
    registry_name: ClassVar[str]

    def parse(self, payload: bytes, *, origin: str) -> list[OfficialItem]: ...

    def load(self, path: Path) -> FeedResult: ...

    def fetch(
        self,
        client: httpx.Client,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResult: ...


class Parsed:
    """Items parsed from one payload and the coded lines of entries left out."""

    def __init__(self) -> None:
        self.items: list[OfficialItem] = []
        self.skipped: list[str] = []
        #: The payload's own date, when it states one (the US channel's pubDate).
        self.published: dt.datetime | None = None

    def skip(self, source: str, entry: str, detail: str) -> None:
        line = f"TW105 {source}:{entry}: malformed entry: {detail}"
        log.warning("%s", line)
        self.skipped.append(line)

    def extend(self, other: Parsed) -> None:
        self.items.extend(other.items)
        self.skipped.extend(other.skipped)
        if other.published and (not self.published or other.published > self.published):
            self.published = other.published

    def content_date(self) -> dt.datetime | None:
        """The payload's own date, else its newest entry's."""
        if self.published is not None:
            return self.published
        dates = [
            i.advisory.source_updated for i in self.items if i.advisory.source_updated
        ]
        return max(dates) if dates else None


def entry_error(e: BaseException) -> str:
    """Why an entry failed, in one line: the message, or the exception's type too
    when it is not one of ours."""
    text = str(e).splitlines()[0] if str(e) else ""
    if type(e).__name__ == "_BadEntry" or isinstance(e, ConnectorError):
        return text or type(e).__name__
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


class FeedConnector:
    """Shared behaviour: ``parse``/``load`` on top of one ``_parse`` per source."""

    name: ClassVar[str]
    registry_name: ClassVar[str]
    #: File names ``load`` reads from a directory (UK/CA keep one file per country).
    file_glob: ClassVar[str] = "*"
    #: Each recorded file is the whole feed at one time (US, Smartraveller), so a
    #: folder of them is a history to replay in date order, not one feed.
    snapshots: ClassVar[bool] = False

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    def _parse(self, payload: bytes, *, origin: str) -> Parsed:
        raise NotImplementedError

    def parse(self, payload: bytes, *, origin: str) -> list[OfficialItem]:
        return self.parse_payload(payload, origin=origin).items

    def load(self, path: Path) -> FeedResult:
        """Parse a recorded payload: one file, or every matching file in a directory."""
        if path.is_dir():
            files = sorted(p for p in path.glob(self.file_glob) if p.is_file())
            if not files:
                raise InputError("TW106", source=str(path), detail="no feed files")
        elif path.is_file():
            files = [path]
        else:
            raise InputError("TW106", source=str(path), detail="no such file")
        if len(files) == 1:
            payload = files[0].read_bytes()
            return self.result(self.parse_payload(payload, origin=files[0].name))
        # One file per country: a broken file is one skipped entry, not a dead source.
        parsed = Parsed()
        failures: list[ConnectorError] = []
        for file in files:
            try:
                parsed.extend(self.parse_payload(file.read_bytes(), origin=file.name))
            except ConnectorError as e:
                failures.append(e)
                parsed.skip(self.name, file.name, e.reason)
        if failures and not parsed.items:
            raise failures[0]
        return self.result(parsed)

    def parse_payload(self, payload: bytes, *, origin: str) -> Parsed:
        """``_parse``, with any failure of a payload's own shape made FeedFormatChanged.

        Connectors skip broken entries themselves; what escapes ``_parse`` broke
        the whole payload (one file of a per-country set, or the one feed).
        """
        try:
            return self._parse(payload, origin=origin)
        except ConnectorError:
            raise
        except Exception as e:
            log.warning("%s: %s failed to parse", self.name, origin, exc_info=True)
            raise FeedFormatChanged(
                source=self.name, detail=f"{origin}: {entry_error(e)}"
            ) from e

    def result(
        self,
        parsed: Parsed,
        *,
        response: httpx.Response | None = None,
    ) -> FeedResult:
        headers = response.headers if response is not None else {}
        return FeedResult(
            source=self.name,
            items=parsed.items,
            fetched_at=dt.datetime.now(dt.UTC),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            skipped=parsed.skipped,
            published=parsed.content_date(),
        )

    def not_modified(self, response: httpx.Response) -> FeedResult:
        return FeedResult(
            source=self.name,
            items=[],
            fetched_at=dt.datetime.now(dt.UTC),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=True,
        )

    def get(
        self,
        client: httpx.Client,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> httpx.Response:
        return fetch_with_retries(
            client,
            url,
            settings=self.settings,
            etag=etag,
            last_modified=last_modified,
            source=self.name,
        )


def make_client(
    settings: Settings, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """An HTTP client for official feeds: timeouts, honest User-Agent, few redirects.

    ``transport`` lets tests and embedders swap the network (httpx.MockTransport);
    by default every connection (redirects too) goes through the checked
    transport of :mod:`travelwatch.safe_http`.
    """
    return httpx.Client(
        timeout=httpx.Timeout(float(settings["http.timeout"])),
        headers={"User-Agent": str(settings["http.user_agent"])},
        follow_redirects=True,
        max_redirects=int(settings["http.max_redirects"]),
        transport=transport
        or safe_transport(allow_private=bool(settings["http.allow_private"])),
        trust_env=False,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def fetch_with_retries(
    client: httpx.Client,
    url: str,
    *,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    source: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """GET ``url`` conditionally, retrying transport errors, 5xx and 429.

    Waits ``http.backoff`` seconds, doubling each time, or what ``Retry-After``
    asks (up to ``http.max_retry_after``). Returns a 2xx or 304 response; raises
    :class:`FeedUnavailable` once ``http.retries`` attempts have failed, at once
    on other 4xx statuses, and for bodies larger than ``ingest.max_bytes``.
    """
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempts = max(1, int(settings["http.retries"]))
    backoff = float(settings["http.backoff"])
    where = source or url
    detail = "no attempt made"
    for attempt in range(1, attempts + 1):
        wait = backoff * 2 ** (attempt - 1)
        try:
            response = client.get(url, headers=headers)
        except AddressRefused as e:
            raise FeedUnavailable(source=where, url=url, detail=f"refused: {e}") from e
        except httpx.TooManyRedirects as e:
            raise FeedUnavailable(
                source=where, url=url, detail=f"redirect loop: {e}"
            ) from e
        except httpx.TransportError as e:
            detail = f"{type(e).__name__}: {e}"
        else:
            if response.status_code == 304 or response.is_success:
                _check_size(response, settings, where, url)
                return response
            detail = f"HTTP {response.status_code}"
            if response.status_code not in _RETRY_STATUS:
                raise FeedUnavailable(source=where, url=url, detail=detail)
            asked = _retry_after(response)
            if asked is not None:
                if asked > float(settings["http.max_retry_after"]):
                    raise FeedUnavailable(
                        source=where,
                        url=url,
                        detail=f"{detail}; Retry-After {asked:.0f}s",
                    )
                wait = asked
        if attempt < attempts:
            log.info(
                "%s: attempt %d/%d failed (%s); retrying",
                where,
                attempt,
                attempts,
                detail,
            )
            sleep(wait)
    raise FeedUnavailable(
        source=where, url=url, detail=f"{detail} after {attempts} attempt(s)"
    )


def _check_size(
    response: httpx.Response, settings: Settings, where: str, url: str
) -> None:
    limit = int(settings["ingest.max_bytes"])
    if len(response.content) > limit:
        raise FeedUnavailable(
            source=where,
            url=url,
            detail=f"{len(response.content)} bytes (limit {limit})",
        )


def parse_xml(payload: bytes, *, source: str) -> ET.Element:
    """Parse untrusted XML; entity tricks, DTDs and broken XML raise FeedFormatChanged."""
    try:
        root: ET.Element = SafeET.fromstring(safe_char_refs(payload), forbid_dtd=True)
    except DefusedXmlException as e:
        raise FeedFormatChanged(source=source, detail=f"unsafe XML refused: {e}") from e
    except ET.ParseError as e:
        raise FeedFormatChanged(
            source=source, detail=f"not well-formed XML: {e}"
        ) from e
    except (LookupError, ValueError, RecursionError) as e:  # e.g. unknown encoding
        raise FeedFormatChanged(source=source, detail=f"unreadable XML: {e}") from e
    return root


def parse_json(payload: bytes, *, source: str) -> Any:
    try:
        # Lone surrogates and NULs (from \u escapes) become U+FFFD right here.
        return safe_value(json.loads(payload.decode("utf-8-sig")))
    except (ValueError, RecursionError) as e:  # ValueError: bad UTF-8 or JSON
        detail = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise FeedFormatChanged(source=source, detail=f"not JSON: {detail}") from e


def require(data: Any, path: Iterable[str], *, source: str) -> Any:
    """``data[a][b]...``; a missing key means the whole payload changed shape."""
    node = data
    walked: list[str] = []
    for key in path:
        walked.append(key)
        if not isinstance(node, dict) or key not in node:
            raise FeedFormatChanged(source=source, detail=f"missing {'.'.join(walked)}")
        node = node[key]
    return node


_WS = re.compile(r"\s+")


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return _WS.sub(" ", value).strip()
    if isinstance(value, dict):
        return {str(k): _normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalised(v) for v in value]
    return value


def content_hash(*parts: object) -> str:
    """sha256 of the parts with line endings and runs of whitespace normalised.

    A republished entry that differs only in CRLF/LF or spacing hashes the same.
    """
    text = json.dumps(
        _normalised(list(parts)), sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
