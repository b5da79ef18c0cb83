"""Merging reports of one advisory: grouping, consensus, disagreements, reciprocity."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest

from travelwatch.models import Advisory, Evidence, Origin, Region, advisory_from_dict
from travelwatch.pipeline.merge import (
    MergedAdvisory,
    Report,
    add_report,
    merge_reports,
    same_advice,
)
from travelwatch.pipeline.reciprocity import link_reciprocals

WINDOW = 21
SEEN = dt.datetime(2024, 12, 12, 9, 0, tzinfo=dt.UTC)


def report(
    key: str,
    *,
    issuer: str = "RU",
    dests: tuple[str, ...] = ("US", "CA", "EU"),
    level: int | None = 4,
    alts: tuple[int, ...] = (),
    action: str | None = "avoid_all_travel",
    issued: dt.date | None = None,
    published: dt.date | None = dt.date(2024, 12, 11),
    official: bool = False,
    source: str = "Outlet",
    excepted: tuple[str, ...] = (),
    change: str | None = None,
    reasons: tuple[str, ...] = (),
    evidence: tuple[Evidence, ...] = (),
    regions: tuple[Region, ...] = (),
    seen_hours: int = 0,
) -> Report:
    origin = Origin.OFFICIAL if official else Origin.NEWS
    adv = Advisory(
        issuer=issuer,
        audience=issuer,
        destinations=list(dests),
        level=level,
        action=action,
        level_alternatives=list(alts),
        destinations_except=list(excepted),
        issued=issued,
        change=change,
        reasons=list(reasons),
        evidence=list(evidence),
        regions=list(regions),
        origin=origin,
    )
    return Report(
        key=key,
        advisory=adv,
        origin=origin,
        document_id=None if official else sum(map(ord, key)),
        source=source,
        published=published,
        seen_at=SEEN + dt.timedelta(hours=seen_hours),
    )


def ev(name: str, quote: str) -> Evidence:
    return Evidence(name, 0, len(quote), quote, f"They said: {quote}.")


def groups(merged: list[MergedAdvisory]) -> list[list[str]]:
    return sorted(sorted(r.key for r in m.reports) for m in merged)


def snapshot(merged: list[MergedAdvisory]) -> list[dict[str, Any]]:
    return sorted((m.to_dict() for m in merged), key=lambda d: d["id"])


# -- grouping ---------------------------------------------------------------


def test_two_outlets_reporting_the_same_advice_merge() -> None:
    a = report("doc:a#0", alts=(3,), change="issued", source="Sky")
    b = report("doc:b#0", alts=(3,), change="reiterated", source="Wire")
    assert groups(merge_reports([a, b], window_days=WINDOW)) == [["doc:a#0", "doc:b#0"]]


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (report("doc:b#0", dests=("JP",)), "no shared destination"),
        (report("doc:b#0", issuer="CN"), "another issuer"),
        (report("doc:b#0", level=3, action="reconsider_travel"), "another level"),
        (report("doc:b#0", issued=dt.date(2024, 6, 1)), "issued months apart"),
    ],
)
def test_genuinely_different_decisions_stay_apart(other: Report, why: str) -> None:
    first = report("doc:a#0", issued=dt.date(2024, 12, 11))
    merged = merge_reports([first, other], window_days=WINDOW)
    assert len(merged) == 2, why


@pytest.mark.parametrize(
    ("days_apart", "same"),
    [(0, True), (21, True), (22, False), (90, False)],
)
def test_issue_dates_must_lie_within_the_window(days_apart: int, same: bool) -> None:
    a = report("doc:a#0", issued=dt.date(2024, 12, 1))
    b = report("doc:b#0", issued=dt.date(2024, 12, 1) + dt.timedelta(days=days_apart))
    assert same_advice(a, b, window_days=WINDOW) is same


def test_same_advice_reads_the_window_from_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRAVELWATCH_MERGE_WINDOW_DAYS", "3")
    a = report("doc:a#0", issued=dt.date(2024, 12, 1))
    b = report("doc:b#0", issued=dt.date(2024, 12, 5))
    assert same_advice(a, b) is False


def test_an_unknown_issue_date_fits_any_date() -> None:
    a = report("doc:a#0", issued=dt.date(2022, 3, 1))
    b = report("doc:b#0", issued=None)
    assert same_advice(a, b, window_days=WINDOW)


def test_a_level_among_the_alternatives_is_compatible() -> None:
    a = report("doc:a#0", level=4, alts=(3,))
    b = report("doc:b#0", level=3, action="reconsider_travel")
    assert same_advice(a, b, window_days=WINDOW)


def test_merged_advisory_does_not_drift_across_the_window() -> None:
    # Each report is within three weeks of the next, but not of the first.
    chain = [
        report(f"doc:{i}#0", issued=dt.date(2024, 1, 1) + dt.timedelta(days=15 * i))
        for i in range(3)
    ]
    merged = merge_reports(chain, window_days=WINDOW)
    assert groups(merged) == [["doc:0#0", "doc:1#0"], ["doc:2#0"]]


def test_news_report_attaches_to_the_official_record() -> None:
    official = report(
        "feed:us:RS:abc",
        issuer="US",
        dests=("RU",),
        official=True,
        issued=dt.date(2024, 11, 20),
        source="us_state",
    )
    # The rival news group is closer in time, but the official record wins.
    rival = report("doc:x#0", issuer="US", dests=("RU",), issued=dt.date(2024, 12, 15))
    news = report(
        "doc:y#0", issuer="US", dests=("RU",), published=dt.date(2024, 12, 16)
    )
    merged = merge_reports([news, rival, official], window_days=WINDOW)
    home = next(m for m in merged if any(r.key == "doc:y#0" for r in m.reports))
    assert home.official
    assert "feed:us:RS:abc" in [r.key for r in home.reports]


def test_same_key_twice_keeps_the_later_sighting() -> None:
    old = report("doc:a#0", level=3, action="reconsider_travel")
    new = report("doc:a#0", level=4, seen_hours=5)
    (merged,) = merge_reports([new, old], window_days=WINDOW)
    assert [r.advisory.level for r in merged.reports] == [4]


# -- determinism ------------------------------------------------------------


def mixed_reports() -> list[Report]:
    day = dt.date(2024, 12, 1)
    return [
        report("doc:a#0", alts=(3,), published=day),
        report("doc:b#0", level=3, action="reconsider_travel", published=day),
        report("doc:c#0", published=day + dt.timedelta(days=1)),
        report("doc:d#0", dests=("US",), issued=day, published=day),
        report("doc:e#0", dests=("US",), issued=day + dt.timedelta(days=60)),
        report("doc:f#0", issuer="US", dests=("RU",), official=True, issued=day),
        report("doc:g#0", issuer="US", dests=("RU",), level=None, action=None),
        report("doc:h#0", issuer="US", dests=("RU", "BY")),
        report("doc:i#0", issuer="US", dests=("BY",), level=3, alts=(4,)),
        report("doc:j#0", issuer="CN", dests=("JP",), level=2, alts=(3,)),
        report("doc:k#0", issuer="CN", dests=("JP",), level=3, excepted=("OK",)),
        report("doc:l#0", issuer="CN", dests=("JP",), level=2, seen_hours=3),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_any_input_order_gives_the_same_advisories(seed: int) -> None:
    expected = snapshot(merge_reports(mixed_reports(), window_days=WINDOW))
    shuffled = mixed_reports()
    random.Random(seed).shuffle(shuffled)
    assert snapshot(merge_reports(shuffled, window_days=WINDOW)) == expected


@pytest.mark.parametrize("seed", range(8))
def test_adding_one_by_one_equals_merging_all(seed: int) -> None:
    shuffled = mixed_reports()
    random.Random(seed).shuffle(shuffled)
    existing: list[MergedAdvisory] = []
    for item in shuffled:
        add_report(existing, item, window_days=WINDOW)
    expected = merge_reports(mixed_reports(), window_days=WINDOW)
    assert snapshot(existing) == snapshot(expected)


def test_adding_in_date_order_equals_merging_all() -> None:
    # Every report is newer than the ones before it: the one-step path throughout.
    in_order = sorted(mixed_reports(), key=lambda r: (r.published, r.key))
    existing: list[MergedAdvisory] = []
    for item in in_order:
        add_report(existing, item, window_days=WINDOW)
    expected = merge_reports(mixed_reports(), window_days=WINDOW)
    assert snapshot(existing) == snapshot(expected)


def random_reports(seed: int, count: int) -> list[Report]:
    rng = random.Random(seed)
    places = ["US", "CA", "EU", "JP", "BY", "UA"]
    out = []
    for i in range(count):
        level = rng.randint(2, 4)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(120))
        out.append(
            report(
                f"doc:{i:03d}#0",
                issuer=rng.choice(["RU", "CN"]),
                dests=tuple(rng.sample(places, rng.choice([1, 1, 2]))),
                level=level,
                alts=(level - 1,) if rng.random() < 0.3 else (),
                issued=day if rng.random() < 0.5 else None,
                published=day + dt.timedelta(days=rng.randrange(3)),
                official=rng.random() < 0.1,
            )
        )
    return out


@pytest.mark.parametrize("seed", range(4))
def test_random_streams_add_up_to_the_batch_result(seed: int) -> None:
    items = random_reports(seed, 150)
    existing: list[MergedAdvisory] = []
    for item in items:
        add_report(existing, item, window_days=WINDOW)
    assert snapshot(existing) == snapshot(merge_reports(items, window_days=WINDOW))


def test_equally_good_groups_go_to_the_earliest_founded() -> None:
    day = dt.date(2024, 12, 1)
    four = report("doc:a#0", dests=("US",), issued=day, published=day)
    three = report(
        "doc:b#0", dests=("US",), level=3, action="reconsider_travel", published=day
    )
    # No level: fits both, equally near, equally overlapping.
    vague = report("doc:c#0", dests=("US",), level=None, action=None, published=day)
    batch = merge_reports([four, three, vague], window_days=WINDOW)
    existing = merge_reports([four, three], window_days=WINDOW)
    add_report(existing, vague, window_days=WINDOW)
    for merged in (batch, existing):
        assert groups(merged) == [["doc:a#0", "doc:c#0"], ["doc:b#0"]]


def test_add_report_returns_the_advisory_it_joined() -> None:
    existing = merge_reports([report("doc:a#0")], window_days=WINDOW)
    joined = add_report(existing, report("doc:b#0"), window_days=WINDOW)
    assert [r.key for r in joined.reports] == ["doc:a#0", "doc:b#0"]
    assert existing == [joined]


def test_add_report_replaces_an_earlier_version_of_the_report() -> None:
    existing = merge_reports([report("doc:a#0")], window_days=WINDOW)
    moved = report("doc:a#0", dests=("JP",), seen_hours=2)
    add_report(existing, moved, window_days=WINDOW)
    assert [m.destinations for m in existing] == [["JP"]]


def test_advisory_id_depends_on_the_founding_report_only() -> None:
    (alone,) = merge_reports([report("doc:a#0")], window_days=WINDOW)
    (joined,) = merge_reports(
        [report("doc:a#0"), report("doc:b#0", published=dt.date(2024, 12, 20))],
        window_days=WINDOW,
    )
    assert alone.id == joined.id


# -- consensus and disagreements --------------------------------------------


def test_official_feed_outvotes_more_news_reports() -> None:
    news = [report(f"doc:{i}#0", level=3, alts=(4,)) for i in range(3)]
    official = report("feed:ru:1", level=4, alts=(3,), official=True)
    (merged,) = merge_reports([*news, official], window_days=WINDOW)
    assert merged.level == 4
    assert merged.official


def test_more_reports_outvote_fewer() -> None:
    many = [
        report(f"doc:{i}#0", level=3, action="reconsider_travel", alts=(4,))
        for i in range(2)
    ]
    (merged,) = merge_reports([*many, report("doc:z#0", alts=(3,))], window_days=WINDOW)
    assert (merged.level, merged.action) == (3, "reconsider_travel")


def test_better_evidence_breaks_a_tie() -> None:
    bare = report("doc:a#0", level=3, action="reconsider_travel", alts=(4,))
    cited = report(
        "doc:b#0",
        alts=(3,),
        published=dt.date(2024, 12, 12),
        evidence=(ev("action", "refrain from any trips"),),
    )
    (merged,) = merge_reports([bare, cited], window_days=WINDOW)
    assert merged.level == 4


def test_level_disagreement_lists_each_value_with_its_evidence() -> None:
    three = report(
        "doc:a#0",
        level=3,
        alts=(4,),
        action="avoid_nonessential_travel",
        evidence=(ev("action", "avoid unnecessary trips"),),
    )
    four = report("doc:b#0", alts=(3,), evidence=(ev("action", "do not go"),))
    (merged,) = merge_reports([three, four], window_days=WINDOW)
    levels = next(d for d in merged.disagreements if d.field == "level")
    by_value = {v.value: v for v in levels.values}
    assert sorted(by_value) == [3, 4]
    assert by_value[3].report_keys == ["doc:a#0"]
    assert [e.quote for e in by_value[4].evidence] == ["do not go"]


def test_named_exceptions_against_none_is_a_disagreement() -> None:
    named = report(
        "doc:a#0",
        excepted=("HU",),
        evidence=(ev("destinations_except", "except Hungary"),),
    )
    silent = report("doc:b#0")
    (merged,) = merge_reports([named, silent], window_days=WINDOW)
    excepted = next(d for d in merged.disagreements if d.field == "destinations_except")
    assert [v.value for v in excepted.values] == [["HU"], []]
    assert merged.destinations_except == ["HU"]


def test_agreeing_reports_list_no_disagreement() -> None:
    (merged,) = merge_reports(
        [report("doc:a#0", change="issued"), report("doc:b#0", change="issued")],
        window_days=WINDOW,
    )
    assert merged.disagreements == []


def test_reasons_are_gathered_from_every_report() -> None:
    a = report("doc:a#0", reasons=("wrongful_detention",))
    b = report("doc:b#0", reasons=("political_tension", "wrongful_detention"))
    (merged,) = merge_reports([a, b], window_days=WINDOW)
    assert merged.reasons == ["wrongful_detention", "political_tension"]


def test_regions_come_from_the_official_report() -> None:
    news = report(
        "doc:a#0", issuer="US", dests=("UA",), regions=(Region("Crimea", "UA", 4),)
    )
    feed = report(
        "feed:us:UP:1",
        issuer="US",
        dests=("UA",),
        official=True,
        regions=(Region("Donetsk", "UA", 4), Region("Luhansk", "UA", 4)),
    )
    (merged,) = merge_reports([news, feed], window_days=WINDOW)
    assert [r.name for r in merged.regions] == ["Donetsk", "Luhansk"]


def test_first_and_last_seen_span_the_reports() -> None:
    (merged,) = merge_reports(
        [report("doc:a#0", seen_hours=4), report("doc:b#0", seen_hours=1)],
        window_days=WINDOW,
    )
    assert merged.last_seen - merged.first_seen == dt.timedelta(hours=3)


def test_to_dict_is_json_and_round_trips() -> None:
    merged = merge_reports(mixed_reports(), window_days=WINDOW)
    link_reciprocals(merged)
    for m in merged:
        data = json.loads(json.dumps(m.to_dict()))
        assert MergedAdvisory.from_dict(data).to_dict() == data


def test_report_dict_carries_its_own_values_and_evidence() -> None:
    data = report("doc:a#0", evidence=(ev("action", "do not go"),)).to_dict()
    assert data["advisory"]["level"] == 4
    assert data["advisory"]["evidence"]["action"][0]["quote"] == "do not go"


# -- reciprocity ------------------------------------------------------------


def linked(reports: list[Report]) -> dict[str, list[str]]:
    merged = merge_reports(reports, window_days=WINDOW)
    link_reciprocals(merged)
    name = {m.id: m.reports[0].key for m in merged}
    return {m.reports[0].key: [name[i] for i in m.reciprocal_ids] for m in merged}


def test_seed_advisories_list_each_other() -> None:
    ru = report("doc:ru#0")
    us = report("feed:us:RS:1", issuer="US", dests=("RU",), official=True)
    assert linked([ru, us]) == {
        "doc:ru#0": ["feed:us:RS:1"],
        "feed:us:RS:1": ["doc:ru#0"],
    }


def test_eu_counts_for_a_member_issuer() -> None:
    ru = report("doc:ru#0")
    de = report(
        "doc:de#0", issuer="DE", dests=("RU",), level=3, action="reconsider_travel"
    )
    assert linked([ru, de])["doc:de#0"] == ["doc:ru#0"]


def test_unrelated_pairs_are_not_linked() -> None:
    ru = report("doc:ru#0")
    cn = report("doc:cn#0", issuer="CN", dests=("JP",))
    jp = report("doc:jp#0", issuer="JP", dests=("US",))
    assert all(ids == [] for ids in linked([ru, cn, jp]).values())


def test_only_the_current_answer_is_linked() -> None:
    ru = report("doc:ru#0", dests=("US",), issued=dt.date(2024, 12, 11))
    old = report("doc:us1#0", issuer="US", dests=("RU",), issued=dt.date(2022, 2, 1))
    new = report("doc:us2#0", issuer="US", dests=("RU",), issued=dt.date(2024, 3, 1))
    assert linked([ru, old, new])["doc:ru#0"] == ["doc:us2#0"]


def test_excepted_country_is_not_an_answer() -> None:
    ru = report("doc:ru#0", excepted=("HU",))
    hu = report("doc:hu#0", issuer="HU", dests=("RU",))
    assert linked([ru, hu])["doc:ru#0"] == []


# -- the seed articles' gold labels -----------------------------------------


@pytest.mark.shared
def test_seed_labels_merge_and_link(shared: Path) -> None:
    reports = []
    for label in sorted((shared / "gold" / "seeds").glob("*.json")):
        data = json.loads(label.read_text(encoding="utf-8"))
        published = data.get("published")
        for n, item in enumerate(data["advisories"]):
            reports.append(
                Report(
                    key=f"doc:{data['doc']}#{n}",
                    advisory=advisory_from_dict(item),
                    origin=Origin.NEWS,
                    document_id=None,
                    source=data.get("outlet") or data["doc"],
                    published=dt.date.fromisoformat(published) if published else None,
                    seen_at=SEEN,
                )
            )
    if not reports:
        pytest.skip("no seed labels")
    merged = merge_reports(reports, window_days=WINDOW)
    link_reciprocals(merged)
    by_issuer = {m.issuer: m for m in merged}
    assert sorted(by_issuer) == ["RU", "US"]
    assert len(by_issuer["RU"].reports) == len(
        [r for r in reports if r.advisory.issuer == "RU"]
    )
    assert by_issuer["RU"].reciprocal_ids == [by_issuer["US"].id]
    assert by_issuer["US"].reciprocal_ids == [by_issuer["RU"].id]
