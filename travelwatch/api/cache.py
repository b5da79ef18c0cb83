"""A cache of rendered JSON responses, keyed by the request and the data version.

Every read endpoint is a pure function of its parameters and the stored data, and
the data changes only when reports, feed versions or changes are added, or when
reports are merged. So the version is the newest id of those three tables (three
primary-key look-ups) and the number of reports not merged yet, and a
response rendered for one version is valid until the next write. Each process has
its own cache; nothing needs invalidating across processes.

What pages say about their sources is the exception: a sync that fails writes
source health alone, and a feed turns stale by the clock, with no write at all.
Both must show ("a failed source never looks like no risk"), so the version also
holds the latest attempt of any official feed or news source and the current
minute: a page or response is at most a minute behind the clock, which still
serves a burst of requests from one rendering.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from fastapi import Request, Response

from travelwatch.storage.schema import (
    changes,
    corrections,
    news_sources,
    official_versions,
    reports,
    sources,
)

#: Seconds a rendering stays valid by the clock alone (staleness is by the clock).
CLOCK_STEP = 60

_VERSION_QUERY = sa.select(
    sa.select(sa.func.max(reports.c.id)).scalar_subquery(),
    sa.select(sa.func.max(official_versions.c.id)).scalar_subquery(),
    sa.select(sa.func.max(changes.c.id)).scalar_subquery(),
    # An analyst's correction (dismiss, override, restore, a deleted document) is
    # a row of the audit trail and changes what advisory pages show.
    sa.select(sa.func.max(corrections.c.id)).scalar_subquery(),
    # Reports are stored first and merged into advisories afterwards (at the end
    # of an ingest): the merge changes what pages show without adding a row, so
    # the number of reports not merged yet is part of the version (an index
    # look-up on advisory_id).
    sa.select(sa.func.count())
    .select_from(reports)
    .where(reports.c.advisory_id.is_(None))
    .scalar_subquery(),
    # A failed sync or poll writes health alone; the banners must follow it.
    sa.select(sa.func.max(sources.c.last_attempt)).scalar_subquery(),
    sa.select(sa.func.max(news_sources.c.last_attempt)).scalar_subquery(),
)


def data_version(conn: sa.Connection) -> tuple[Any, ...]:
    row = conn.execute(_VERSION_QUERY).one()
    return (*row, int(time.time() // CLOCK_STEP))


class ResponseCache:
    """A small LRU of rendered JSON bodies."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def respond(
        self,
        request: Request,
        conn: sa.Connection,
        compute: Callable[[], dict[str, Any]],
    ) -> Response:
        key = (request.url.path, str(request.url.query), data_version(conn))
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
        if body is None:
            body = json.dumps(compute(), ensure_ascii=False, default=str).encode()
            with self._lock:
                self._items[key] = body
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return Response(body, media_type="application/json")


def get_cache(request: Request) -> ResponseCache:
    cache: ResponseCache = request.app.state.response_cache
    return cache
