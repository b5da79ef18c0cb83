"""Merged advisories as the store keeps them: which one is current."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.storage.advisories import insert_reports, refresh_advisories
from travelwatch.storage.schema import advisory_destinations
from travelwatch.storage.store import Store


def _official(entry: str, n: int, level: int, day: dt.date, dests: list[str]) -> Report:
    adv = Advisory("US", "US", dests, level, None, origin=Origin.OFFICIAL)
    return Report(
        key=f"feed:us:{entry}:{n:064x}",
        advisory=adv,
        origin=Origin.OFFICIAL,
        document_id=None,
        source="us",
        published=day,
        seen_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n),
    )


def _current(store: Store, code: str) -> list[int | None]:
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(advisory_destinations.c.level)
            .where(advisory_destinations.c.code == code)
            .where(advisory_destinations.c.current.is_(True))
        )
        return [r[0] for r in rows]


def test_raised_then_lowered_back_leaves_the_latest_current(store: Store) -> None:
    versions = [
        _official("us:TD", 1, 3, dt.date(2026, 3, 1), ["TD"]),
        _official("us:TD", 2, 4, dt.date(2026, 3, 5), ["TD"]),
        _official("us:TD", 3, 3, dt.date(2026, 3, 9), ["TD"]),
    ]
    with store.begin() as conn:
        insert_reports(conn, versions)
        refresh_advisories(conn, ["US"], window_days=21)
    assert _current(store, "TD") == [3]


def test_two_entries_of_one_feed_stay_separate(store: Store) -> None:
    reports = [
        _official("us:IS", 1, 3, dt.date(2026, 3, 1), ["IL", "PS"]),
        _official("us:IS:gaza", 2, 3, dt.date(2026, 3, 1), ["PS"]),
    ]
    with store.begin() as conn:
        insert_reports(conn, reports)
        merged = refresh_advisories(conn, ["US"], window_days=21)
    assert len(merged) == 2
