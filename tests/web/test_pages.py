"""Dashboard pages through the real app and store, without a browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.storage.advisories import insert_reports, refresh_advisories
from travelwatch.storage.store import Store

SEEN = dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)


def report(
    key: str,
    issuer: str,
    dests: list[str],
    level: int,
    *,
    audience: str | None = None,
    official: bool = False,
    published: dt.date | None = None,
) -> Report:
    origin = Origin.OFFICIAL if official else Origin.NEWS
    adv = Advisory(issuer, audience or issuer, dests, level, None, origin=origin)
    return Report(
        key=key,
        advisory=adv,
        origin=origin,
        document_id=None,
        source="test",
        published=published,
        seen_at=SEEN,
    )


def put(store: Store, reports: list[Report]) -> None:
    with store.begin() as conn:
        insert_reports(conn, reports)
        refresh_advisories(conn, {r.advisory.issuer for r in reports}, window_days=21)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c


def test_undated_advice_shows_date_unknown_not_the_day_of_ingest(
    store: Store, client: TestClient
) -> None:
    put(store, [report("doc:x#1", "US", ["BR"], 4)])
    html = client.get("/destinations/BR").text
    assert "date unknown" in html
    assert SEEN.date().isoformat() not in html
