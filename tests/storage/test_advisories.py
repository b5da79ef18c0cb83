"""Merged advisories as the store keeps them: which one is current."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.settings import load_settings
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


def _news(key: str, level: int, seen_day: int) -> Report:
    return Report(
        key=key,
        advisory=Advisory("NO", "NO", ["MD"], level, None),
        origin=Origin.NEWS,
        document_id=None,
        source="wire",
        published=None,
        seen_at=dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
        + dt.timedelta(minutes=seen_day),
    )


def test_current_advice_does_not_depend_on_arrival_order(tmp_path: Path) -> None:
    # Two undated reports of different levels seen the same day: whichever is
    # current must not depend on which arrived first.
    picks = []
    for n, order in enumerate(((0, 1), (1, 0))):
        reports = [_news("doc:a#1", 3, order[0]), _news("doc:b#1", 4, order[1])]
        store = Store(settings=load_settings({"db": str(tmp_path / f"{n}.db")}))
        with store.begin() as conn:
            insert_reports(conn, reports)
            refresh_advisories(conn, ["NO"], window_days=21)
        picks.append(_current(store, "MD"))
        store.close()
    assert picks[0] == picks[1] == [4]  # on a full tie the stronger advice shows
