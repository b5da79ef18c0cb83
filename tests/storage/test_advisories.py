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


def _us_news(key: str, level: int, *, published: dt.date | None) -> Report:
    return Report(
        key=key,
        advisory=Advisory("US", "US", ["BR"], level, None),
        origin=Origin.NEWS,
        document_id=None,
        source="wire",
        published=published,
        # Seen long after the official record: the sighting is not the advice's date.
        seen_at=dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC),
    )


def _current_ids(store: Store, code: str) -> list[str]:
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(advisory_destinations.c.advisory_id)
            .where(advisory_destinations.c.code == code)
            .where(advisory_destinations.c.current.is_(True))
        )
        return [r[0] for r in rows]


def _pick(store: Store, reports: list[Report]) -> tuple[int | None, bool]:
    with store.begin() as conn:
        insert_reports(conn, reports)
        merged = refresh_advisories(conn, ["US"], window_days=21)
    (current,) = _current_ids(store, "BR")
    adv = next(m for m in merged if m.id == current)
    return adv.level, adv.official


def test_undated_news_never_replaces_a_dated_official_record(store: Store) -> None:
    official = _official("us:BR", 1, 2, dt.date(2026, 8, 31), ["BR"])
    news = _us_news("doc:br#1", 4, published=None)
    assert _pick(store, [official, news]) == (2, True)


def test_undated_advice_has_no_as_of_date(store: Store) -> None:
    with store.begin() as conn:
        insert_reports(conn, [_us_news("doc:br#1", 4, published=None)])
        refresh_advisories(conn, ["US"], window_days=21)
        as_of = conn.execute(sa.text("SELECT as_of FROM advisories")).scalar_one()
    assert as_of is None


def test_news_dated_after_the_official_record_is_current(store: Store) -> None:
    official = _official("us:BR", 1, 2, dt.date(2026, 8, 31), ["BR"])
    news = _us_news("doc:br#1", 4, published=dt.date(2026, 9, 2))
    assert _pick(store, [official, news]) == (4, False)


def test_news_dated_the_same_day_does_not_outrank_the_official_record(
    store: Store,
) -> None:
    official = _official("us:BR", 1, 2, dt.date(2026, 8, 31), ["BR"])
    news = _us_news("doc:br#1", 4, published=dt.date(2026, 8, 31))
    assert _pick(store, [official, news]) == (2, True)


def test_news_dated_before_the_official_record_is_earlier_advice(
    store: Store,
) -> None:
    official = _official("us:BR", 1, 2, dt.date(2026, 8, 31), ["BR"])
    news = _us_news("doc:br#1", 4, published=dt.date(2026, 3, 1))
    assert _pick(store, [official, news]) == (2, True)


def test_area_entries_of_a_feed_are_each_current(store: Store) -> None:
    # The US feed's West Bank and Gaza items are both PS, each with its own level.
    day = dt.date(2026, 8, 26)
    west_bank = _official("us:IS:west-bank", 1, 3, day, ["PS"])
    gaza = _official("us:IS:gaza", 2, 4, day, ["PS"])
    west_bank.advisory.scope, gaza.advisory.scope = "West Bank", "Gaza"
    with store.begin() as conn:
        insert_reports(conn, [west_bank, gaza])
        refresh_advisories(conn, ["US"], window_days=21)
    assert sorted(_current(store, "PS")) == [3, 4]


def test_news_never_fills_in_an_official_records_regions(store: Store) -> None:
    from travelwatch.models import Region

    official = _official("us:MX", 1, 2, dt.date(2026, 5, 29), ["MX"])
    official.advisory.regions_known = False  # "some areas", none listed
    news = _us_news("doc:mx#1", 2, published=dt.date(2026, 5, 29))
    news.advisory.destinations = ["MX"]
    news.advisory.regions = [Region("Sinaloa", "MX", 2, "increased_caution")]
    with store.begin() as conn:
        insert_reports(conn, [official, news])
        merged = refresh_advisories(conn, ["US"], window_days=21)
    (adv,) = [m for m in merged if m.official]
    assert len(adv.reports) == 2  # the news report is part of the official record
    assert adv.regions == [] and adv.regions_known is False
