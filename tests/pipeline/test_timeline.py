"""Timelines: one issuer's levels for one destination over time."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report, merge_reports
from travelwatch.pipeline.timeline import build_timeline

SEEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ACTION = {
    1: "normal_precautions",
    2: "increased_caution",
    3: "reconsider_travel",
    4: "avoid_all_travel",
}


def report(
    key: str,
    level: int | None,
    issued: dt.date,
    *,
    issuer: str = "US",
    dests: tuple[str, ...] = ("RU",),
    excepted: tuple[str, ...] = (),
    official: bool = False,
) -> Report:
    origin = Origin.OFFICIAL if official else Origin.NEWS
    adv = Advisory(
        issuer=issuer,
        audience=issuer,
        destinations=list(dests),
        level=level,
        action=ACTION.get(level) if level else None,
        destinations_except=list(excepted),
        issued=issued,
        origin=origin,
    )
    return Report(key, adv, origin, None, "Outlet", issued, SEEN)


def day(month: int, date: int = 1) -> dt.date:
    return dt.date(2024, month, date)


def history() -> list[Report]:
    return [
        report("doc:a", 2, day(1)),
        report("doc:b", 2, day(2)),
        report("doc:c", 3, day(4)),
        report("doc:d", 4, day(7)),
        report("doc:e", 4, day(7, 5), official=True),
        report("doc:f", 3, day(11)),
    ]


def test_each_change_of_level_starts_a_step() -> None:
    steps = build_timeline(history(), "US", "RU")
    assert [s.level for s in steps] == [2, 3, 4, 3]


def test_reports_with_the_same_level_share_a_step() -> None:
    steps = build_timeline(history(), "US", "RU")
    assert [[r.key for r in s.reports] for s in steps] == [
        ["doc:a", "doc:b"],
        ["doc:c"],
        ["doc:d", "doc:e"],
        ["doc:f"],
    ]


def test_a_step_ends_where_the_next_begins() -> None:
    steps = build_timeline(history(), "US", "RU")
    assert [(s.start, s.end) for s in steps] == [
        (day(1), day(4)),
        (day(4), day(7)),
        (day(7), day(11)),
        (day(11), None),
    ]


def test_input_order_does_not_matter() -> None:
    forward = build_timeline(history(), "US", "RU")
    backward = build_timeline(list(reversed(history())), "US", "RU")
    assert [s.to_dict() for s in backward] == [s.to_dict() for s in forward]


@pytest.mark.parametrize(
    ("item", "why"),
    [
        (report("doc:x", 1, day(5), issuer="RU", dests=("US",)), "other issuer"),
        (report("doc:x", 1, day(5), dests=("BY",)), "other destination"),
        (report("doc:x", 1, day(5), dests=("RU", "BY"), excepted=("RU",)), "excepted"),
        (report("doc:x", None, day(5)), "no level"),
    ],
)
def test_items_about_something_else_are_left_out(item: Report, why: str) -> None:
    steps = build_timeline([*history(), item], "US", "RU")
    assert [s.level for s in steps] == [2, 3, 4, 3], why


def test_advice_about_the_eu_counts_for_a_member() -> None:
    steps = build_timeline([report("doc:x", 4, day(3), dests=("EU",))], "US", "FR")
    assert [s.level for s in steps] == [4]


def test_merged_advisories_give_one_point_each() -> None:
    merged = merge_reports(history(), window_days=21)
    steps = build_timeline(merged, "US", "RU")
    assert [s.level for s in steps] == [2, 3, 4, 3]
    assert len(steps[2].advisory_ids) == 1
    assert sorted(r.key for r in steps[2].reports) == ["doc:d", "doc:e"]


def test_step_dict_is_json() -> None:
    steps = build_timeline(history(), "US", "RU")
    data = json.loads(json.dumps([s.to_dict() for s in steps]))
    assert data[0]["start"] == "2024-01-01"
    assert data[-1]["end"] is None


def test_no_matching_items_give_an_empty_timeline() -> None:
    assert build_timeline(history(), "GB", "RU") == []
