"""Applying official feed runs: versions, changes, reports and removals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from travelwatch.models import Advisory, FeedResult, OfficialItem, Origin, Region
from travelwatch.storage.advisories import refresh_advisories
from travelwatch.storage.official import (
    apply_feed,
    classify,
    list_changes,
    regions_summary,
)
from travelwatch.storage.schema import advisory_destinations, official_versions, reports
from travelwatch.storage.store import Store

T0 = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)


def item(
    dest: str,
    level: int,
    *,
    day: int = 1,
    regions: list[Region] | None = None,
    key: str | None = None,
    text: str = "",
) -> OfficialItem:
    updated = dt.datetime(2026, 8, day, tzinfo=dt.UTC)
    adv = Advisory(
        issuer="US",
        audience="US",
        destinations=[dest],
        level=level,
        action={1: "normal_precautions", 2: "increased_caution"}.get(
            level, "avoid_all_travel"
        ),
        native_level=f"Level {level}",
        regions=regions or [],
        origin=Origin.OFFICIAL,
        issued=updated.date(),
        source_updated=updated,
    )
    raw = f"{dest}|{level}|{day}|{regions_summary(regions or [])}|{text}"
    return OfficialItem("us", adv, key or f"us:{dest}", f"{dest} - Level {level}", raw)


def feed(*items: OfficialItem) -> FeedResult:
    return FeedResult(source="us", items=list(items), fetched_at=T0)


def apply(store: Store, result: FeedResult, **kw: Any) -> Any:
    with store.begin() as conn:
        out = apply_feed(conn, result, **kw)
        refresh_advisories(conn, out.issuers, window_days=21)
    return out


def current_level(store: Store, code: str) -> int | None:
    with store.connect() as conn:
        row = conn.execute(
            sa.select(advisory_destinations.c.level).where(
                advisory_destinations.c.code == code,
                advisory_destinations.c.current.is_(True),
            )
        ).first()
    return row[0] if row else None


def test_first_run_stores_every_entry_as_new(store: Store) -> None:
    out = apply(store, feed(item("FR", 1), item("RU", 4)))
    assert out.counts["new"] == 2
    with store.connect() as conn:
        kinds = [c["kind"] for c in list_changes(conn)]
    assert kinds == ["new", "new"]


def test_each_version_becomes_an_official_report(store: Store) -> None:
    entry = item("RU", 4)
    apply(store, feed(entry))
    with store.connect() as conn:
        row = conn.execute(sa.select(reports)).one()._mapping
    assert row["key"] == f"feed:us:us:RU:{entry.raw_hash}"
    assert row["origin"] == "official"
    assert row["version_id"] is not None


def test_identical_entry_adds_nothing(store: Store) -> None:
    apply(store, feed(item("FR", 1)))
    out = apply(store, feed(item("FR", 1)))
    assert out.counts["unchanged"] == 1
    assert out.change_ids == []
    with store.connect() as conn:
        assert (
            conn.execute(
                sa.select(sa.func.count()).select_from(official_versions)
            ).scalar()
            == 1
        )


def test_new_version_supersedes_the_old_one(store: Store) -> None:
    apply(store, feed(item("NE", 3, day=1)))
    apply(store, feed(item("NE", 4, day=5)))
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(official_versions).order_by(official_versions.c.id)
        ).all()
    assert [(r.level, r.superseded_at is None) for r in rows] == [(3, False), (4, True)]


def test_raise_is_recorded_with_before_and_after(store: Store) -> None:
    apply(store, feed(item("NE", 3, day=1)))
    apply(store, feed(item("NE", 4, day=5)))
    with store.connect() as conn:
        change = list_changes(conn, limit=1)[0]
    assert (change["kind"], change["before"]["level"], change["after"]["level"]) == (
        "raised",
        3,
        4,
    )


def test_raised_level_becomes_current_advisory(store: Store) -> None:
    apply(store, feed(item("NE", 3, day=1)))
    apply(store, feed(item("NE", 4, day=5)))
    assert current_level(store, "NE") == 4


def test_missing_entry_of_complete_feed_is_removed(store: Store) -> None:
    apply(store, feed(item("FR", 1), item("IS", 2)))
    out = apply(store, feed(item("FR", 1)))
    assert out.counts["removed"] == 1
    with store.connect() as conn:
        removed = conn.execute(
            sa.select(official_versions).where(official_versions.c.removed.is_(True))
        ).one()
    assert removed.destination == "IS"


def test_removed_entry_is_no_longer_current(store: Store) -> None:
    apply(store, feed(item("FR", 1), item("IS", 2)))
    apply(store, feed(item("FR", 1)))
    assert current_level(store, "IS") is None


def test_removed_entry_with_history_leaves_no_older_level_current(store: Store) -> None:
    apply(store, feed(item("FR", 1), item("IS", 2, day=1)))
    apply(store, feed(item("FR", 1), item("IS", 3, day=9)))
    apply(store, feed(item("FR", 1)))
    assert current_level(store, "IS") is None


def test_partial_feed_removes_nothing(store: Store) -> None:
    apply(store, feed(item("FR", 1), item("IS", 2)))
    out = apply(store, feed(item("FR", 1)), complete=False)
    assert out.counts["removed"] == 0


def test_entry_that_returns_after_removal_is_new(store: Store) -> None:
    apply(store, feed(item("FR", 1), item("IS", 2)))
    apply(store, feed(item("FR", 1)))
    out = apply(store, feed(item("FR", 1), item("IS", 2)))
    assert out.counts["new"] == 1
    assert current_level(store, "IS") == 2


def test_only_regional_change_is_regional(store: Store) -> None:
    apply(store, feed(item("PE", 2)))
    zone = Region("Border zone", "PE", 4, "avoid_all_travel")
    out = apply(store, feed(item("PE", 2, regions=[zone])))
    assert out.counts["regional"] == 1


def test_repeated_key_in_one_feed_keeps_both_entries(store: Store) -> None:
    out = apply(store, feed(item("PS", 3, key="us:IS"), item("PS", 4, key="us:IS")))
    assert out.counts["new"] == 2


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (None, {"level": 2, "regions": []}, "new"),
        ({"level": 2, "regions": []}, {"level": 3, "regions": []}, "raised"),
        ({"level": 4, "regions": []}, {"level": 1, "regions": []}, "lowered"),
        (
            {"level": 2, "regions": []},
            {"level": 2, "regions": ["North: 4"]},
            "regional",
        ),
        (
            {"level": 2, "regions": ["A: 4"]},
            {"level": 2, "regions": ["A: 4"]},
            "republished",
        ),
        ({"level": None, "regions": []}, {"level": 3, "regions": []}, "republished"),
        ({"level": 2, "regions": []}, {"level": 3, "regions": ["A: 4"]}, "raised"),
    ],
)
def test_classify(
    before: dict[str, Any] | None, after: dict[str, Any], kind: str
) -> None:
    assert classify(before, after) == kind


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"FR", "RU"}),
        ({"to": "ru"}, {"RU"}),
        ({"issuer": "GB"}, set()),
        ({"since": "2999-01-01"}, set()),
        ({"since": dt.date(2000, 1, 1)}, {"FR", "RU"}),
    ],
)
def test_list_changes_filters(
    store: Store, filters: dict[str, Any], expected: set[str]
) -> None:
    apply(store, feed(item("FR", 1), item("RU", 4)))
    with store.connect() as conn:
        found = {c["destination"] for c in list_changes(conn, **filters)}
    assert found == expected


def test_list_changes_limit_returns_newest(store: Store) -> None:
    apply(store, feed(item("FR", 1)))
    apply(store, feed(item("FR", 2, day=3)))
    with store.connect() as conn:
        assert [c["kind"] for c in list_changes(conn, limit=1)] == ["raised"]
