"""Fetching like a good citizen: conditional requests, per-host limits, robots.txt.

Every request goes through :func:`travelwatch.ingest.fetch.fetch_url` (address
checks, timeouts, size cap, redirect limit). What this module adds:

* conditional requests: the validators are sent as default headers of the client
  handed to ``fetch_url``, and the final response is read back through an httpx
  response hook (status and headers), so ``fetch_url`` itself is unchanged;
* :class:`HostLimiter`: at most ``poll.host_concurrency`` requests at once to one
  host, and ``poll.host_interval`` seconds between the starts of two;
* :class:`RobotsCache`: the standard library's robots.txt parser, fed through the
  same fetch, one parse per host, kept for ``poll.robots_hours``. A robots.txt answering 4xx allows
  everything; one that cannot be read (5xx, network) disallows the host for now;
* :func:`backoff`: exponential for a failing source, capped.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from travelwatch.errors import InputError
from travelwatch.ingest.fetch import FetchedPage, fetch_url
from travelwatch.settings import Settings

__all__ = ["Fetched", "HostLimiter", "RobotsCache", "backoff", "fetch_conditional"]


@dataclass(slots=True)
class Fetched:
    """A page, or ``not_modified`` with no content, and the new validators."""

    page: FetchedPage | None
    status: int
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HostLimiter:
    """Per-host concurrency and request-rate limits, shared by the polling threads."""

    def __init__(self, *, concurrency: int, interval: float) -> None:
        self._concurrency = max(1, concurrency)
        self._interval = max(0.0, interval)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> HostLimiter:
        return cls(
            concurrency=int(settings["poll.host_concurrency"]),
            interval=float(settings["poll.host_interval"]),
        )

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            sem = self._slots.setdefault(host, threading.Semaphore(self._concurrency))
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._interval
            if start > now:
                time.sleep(start - now)
            yield


def _fetch(
    url: str, *, settings: Settings, limiter: HostLimiter, headers: dict[str, str]
) -> tuple[FetchedPage | None, httpx.Response | None, InputError | None]:
    """The page (or the error) and the last response seen, read through a hook."""
    responses: list[httpx.Response] = []
    with (
        limiter.slot(url),
        httpx.Client(
            headers=headers,
            follow_redirects=False,
            event_hooks={"response": [responses.append]},
        ) as client,
    ):
        try:
            page = fetch_url(url, settings=settings, client=client)
        except InputError as e:
            return None, responses[-1] if responses else None, e
    return page, responses[-1] if responses else None, None


def fetch_conditional(
    url: str,
    *,
    settings: Settings,
    limiter: HostLimiter,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url`` through ``fetch_url``, with validators; raises :class:`InputError`."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page, last, error = _fetch(url, settings=settings, limiter=limiter, headers=headers)
    if error is not None:
        if last is not None:  # lets callers tell "gone" (4xx) from "try again"
            error.params.setdefault("status", last.status_code)
        raise error
    status = last.status_code if last is not None else 200
    return Fetched(
        page=None if status == 304 else page,
        status=status,
        etag=last.headers.get("etag") if last is not None else None,
        last_modified=last.headers.get("last-modified") if last is not None else None,
    )


class RobotsCache:
    """robots.txt per host (scheme + netloc), parsed once per cache."""

    def __init__(self, settings: Settings, limiter: HostLimiter) -> None:
        self._settings = settings
        self._limiter = limiter
        self._lock = threading.Lock()
        self._ttl = float(settings["poll.robots_hours"]) * 3600.0
        self._parsers: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

    def _load(self, base: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        page, last, _error = _fetch(
            base + "/robots.txt",
            settings=self._settings,
            limiter=self._limiter,
            headers={},
        )
        if page is not None:
            parser.parse(page.content.decode("utf-8", "replace").splitlines())
        elif last is not None and 400 <= last.status_code < 500:
            parser.parse([])  # no robots.txt: nothing is disallowed
        else:
            parser.parse(["User-agent: *", "Disallow: /"])  # unreadable
        return parser

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        with self._lock:
            loaded_at, parser = self._parsers.get(base, (0.0, None))
        if parser is None or now - loaded_at > self._ttl:
            parser = self._load(base)
            with self._lock:
                self._parsers[base] = (now, parser)
        agent = str(self._settings["http.user_agent"]).split("/", 1)[0]
        return parser.can_fetch(agent, url)


def backoff(every_seconds: float, failures: int, *, cap_hours: float) -> float:
    """Seconds to wait after ``failures`` failures in a row: the interval doubled
    per failure, capped at ``cap_hours``."""
    if failures <= 0:
        return every_seconds
    return min(every_seconds * 2.0**failures, cap_hours * 3600.0)


def jittered(seconds: float, jitter: float, rand: float) -> dt.timedelta:
    """``seconds`` moved by up to ``jitter`` of itself; ``rand`` is in [0, 1)."""
    return dt.timedelta(seconds=seconds * (1.0 + jitter * (2.0 * rand - 1.0)))
