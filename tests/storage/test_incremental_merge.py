"""The incremental merge stores what a full rebuild stores, in any order and batching.

Reports come from the shipped examples (through the real pipeline) and from a
seeded synthetic set built to chain: several issuers, audiences that differ from
the issuer, destinations shared by multi-destination reports, undated and
uncertain levels, official feed entries beside news. Each ordering is stored in
batches, every batch merged by ``merge_new_reports``; the result must equal
``refresh_advisories`` over everything, row for row, current flags included.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from travelwatch.ingest.readers import read_sources
from travelwatch.models import ACTION_LEVEL, ACTIONS, Advisory, Origin
from travelwatch.pipeline.current import choose_current
from travelwatch.pipeline.merge import Report, canonical, merge_reports, news_reports
from travelwatch.service import extract_articles
from travelwatch.settings import load_settings
from travelwatch.storage import advisories as adv_store
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    advisory_places,
    reports,
)
from travelwatch.storage.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WINDOW = 21
PLACES = ["FR", "DE", "ES", "IT", "PE", "NO", "HT", "CN", "RU", "MX", "TH", "EG"]
START = dt.date(2026, 1, 1)


def _synthetic(count: int, seed: int) -> list[Report]:
    rnd = random.Random(seed)
    out = []
    for n in range(count):
        issuer = rnd.choice(["US", "GB", "AU", "JP"])
        audience = issuer if rnd.random() < 0.85 else "CA"
        dests = rnd.sample(PLACES, rnd.choice([1, 1, 1, 2, 3]))
        action = rnd.choice(ACTIONS)
        level = ACTION_LEVEL[action] if rnd.random() < 0.9 else None
        day = START + dt.timedelta(days=rnd.randrange(0, 150))
        issued = day if rnd.random() < 0.6 else None
        published = day if rnd.random() < 0.9 else None
        official = rnd.random() < 0.2
        adv = Advisory(
            issuer,
            audience,
            dests,
            level,
            action,
            issued=issued,
            level_alternatives=[level - 1]
            if level and level > 1 and n % 7 == 0
            else [],
            origin=Origin.OFFICIAL if official else Origin.NEWS,
        )
        key = (
            f"feed:{issuer.lower()}:{dests[0]}:{n:064x}"
            if official
            else f"doc:synthetic-{seed}-{n}#1"
        )
        out.append(
            Report(
                key=key,
                advisory=adv,
                origin=Origin.OFFICIAL if official else Origin.NEWS,
                document_id=None,
                source=f"outlet-{n % 9}",
                published=published,
                seen_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
                + dt.timedelta(minutes=n),
            )
        )
    return out


def _from_examples() -> list[Report]:
    settings = load_settings({})
    files = sorted(str(p) for p in (EXAMPLES / "articles").iterdir())
    found = []
    for item in extract_articles(read_sources(files, settings=settings), settings):
        if item.document is None:
            continue
        found += news_reports(
            item.advisories,
            content_hash=item.document.content_hash,
            document_id=None,
            source=item.document.outlet or item.document.source,
            published=item.document.published,
            seen_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )
    return found


@pytest.fixture(scope="module")
def corpus() -> list[Report]:
    examples = _from_examples()
    assert len(examples) >= 3, "the examples should give a few advisories"
    return examples + _synthetic(400, seed=16)


def _snapshot(store: Store) -> dict[str, Any]:
    with store.connect() as conn:

        def rows(query: Any) -> list[tuple[Any, ...]]:
            return sorted(tuple(r) for r in conn.execute(query))

        return {
            "advisories": rows(
                sa.select(
                    advisories.c.id,
                    advisories.c.issuer,
                    advisories.c.audience,
                    advisories.c.level,
                    advisories.c.action,
                    advisories.c.official,
                    advisories.c.report_count,
                    advisories.c.as_of,
                    advisories.c.current,
                    advisories.c.first_seen,
                    advisories.c.last_seen,
                )
            ),
            "payloads": {
                r[0]: r[1]
                for r in conn.execute(sa.select(advisories.c.id, advisories.c.payload))
            },
            "destinations": rows(sa.select(advisory_destinations)),
            "places": rows(sa.select(advisory_places)),
            "reports": rows(sa.select(reports.c.key, reports.c.advisory_id)),
        }


def _store(tmp_path: Path, name: str) -> Store:
    return Store(settings=load_settings({"db": str(tmp_path / f"{name}.db")}))


def _full_rebuild(tmp_path: Path, corpus: list[Report]) -> dict[str, Any]:
    store = _store(tmp_path, "full")
    with store.begin() as conn:
        adv_store.insert_reports(conn, corpus)
        adv_store.refresh_advisories(
            conn, {r.advisory.issuer for r in corpus}, window_days=WINDOW
        )
    snap = _snapshot(store)
    store.close()
    return snap


def _batches(items: list[Report], rnd: random.Random) -> list[list[Report]]:
    out, i = [], 0
    while i < len(items):
        size = rnd.choice([1, 1, 3, 10, 40])
        out.append(items[i : i + size])
        i += size
    return out


def _ingest_in_batches(
    store: Store, ordered: list[Report], rnd: random.Random
) -> tuple[int, int]:
    """Insert and merge batch by batch; (reports regrouped, batches)."""
    regrouped, batches = 0, _batches(ordered, rnd)
    for batch in batches:
        with store.begin() as conn:
            adv_store.insert_reports(conn, batch)
            regrouped += adv_store.merge_new_reports(conn, window_days=WINDOW)
    return regrouped, len(batches)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_order_and_batching_stores_the_full_rebuild(
    tmp_path: Path, corpus: list[Report], seed: int
) -> None:
    expected = _full_rebuild(tmp_path, corpus)
    assert sum(1 for row in expected["advisories"] if row[8]) > 20  # some current
    rnd = random.Random(seed)
    shuffled = corpus[:]
    rnd.shuffle(shuffled)
    store = _store(tmp_path, f"incremental-{seed}")
    regrouped, _ = _ingest_in_batches(store, shuffled, rnd)
    got = _snapshot(store)
    store.close()
    # Late reports were regrouped, the others joined by one step each.
    assert 0 < regrouped < len(corpus)
    for part in ("reports", "advisories", "destinations", "places", "payloads"):
        assert got[part] == expected[part], part


def test_reports_in_date_order_each_take_one_step(
    tmp_path: Path, corpus: list[Report]
) -> None:
    expected = _full_rebuild(tmp_path, corpus)
    store = _store(tmp_path, "in-order")
    regrouped, _ = _ingest_in_batches(
        store, sorted(corpus, key=canonical), random.Random(4)
    )
    got = _snapshot(store)
    store.close()
    assert regrouped == 0
    for part in ("reports", "advisories", "destinations", "places", "payloads"):
        assert got[part] == expected[part], part


def test_merge_loads_only_the_connected_advisories(
    tmp_path: Path, corpus: list[Report]
) -> None:
    store = _store(tmp_path, "closure")
    with store.begin() as conn:
        adv_store.insert_reports(conn, corpus)
        adv_store.merge_new_reports(conn, window_days=WINDOW)
        everything = conn.execute(
            sa.select(sa.func.count()).select_from(advisories)
        ).scalar_one()
        # A report about a place no US advisory names touches nothing stored.
        lonely = ("US", "US", "IS")
        assert adv_store.connected_advisories(conn, {lonely}) == set()
        one = ("JP", "JP", "EG")
        reached = adv_store.connected_advisories(conn, {one})
        issuers = {
            r[0]
            for r in conn.execute(
                sa.select(advisories.c.issuer).where(advisories.c.id.in_(reached))
            )
        }
    store.close()
    assert reached and issuers == {"JP"}
    assert len(reached) < everything


def test_a_killed_run_s_reports_are_merged_by_the_next_finish(
    tmp_path: Path, corpus: list[Report]
) -> None:
    from travelwatch.service import Ingestor

    expected = _full_rebuild(tmp_path, corpus)
    store = _store(tmp_path, "killed")
    half = len(corpus) // 2
    with store.begin() as conn:
        adv_store.insert_reports(conn, corpus[:half])
        adv_store.merge_new_reports(conn, window_days=WINDOW)
    # The stopped run stored its reports and died before merging them.
    with store.begin() as conn:
        adv_store.insert_reports(conn, corpus[half:])
    with store.connect() as conn:
        assert adv_store.unmerged_issuers(conn)
    Ingestor(store).finish()
    with store.connect() as conn:
        assert adv_store.unmerged_issuers(conn) == set()
    got = _snapshot(store)
    store.close()
    assert got["advisories"] == expected["advisories"]
    assert got["destinations"] == expected["destinations"]


def test_migration_0006_fills_the_places_of_an_existing_store(tmp_path: Path) -> None:
    """A store merged before 0006 (no place rows) merges correctly after upgrading."""
    from alembic import command

    from travelwatch.storage.db import _alembic_config, create_engine, resolve_url

    day = dt.date(2026, 3, 2)

    def report(key: str, dests: list[str], issued: dt.date) -> Report:
        return Report(
            key=key,
            advisory=Advisory("US", "US", dests, 3, "reconsider_travel", issued=issued),
            origin=Origin.NEWS,
            document_id=None,
            source="outlet",
            published=issued,
            seen_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
        )

    # Two reports vote FR alone in (2 to 1), so DE is a place of the advisory
    # that only its reports name.
    old = [
        report("doc:a#1", ["FR", "DE"], day),
        report("doc:b#1", ["FR"], day),
        report("doc:c#1", ["FR"], day),
    ]
    db = tmp_path / "old.db"
    engine = create_engine(resolve_url(str(db)))
    with engine.connect() as conn, conn.begin():
        command.upgrade(_alembic_config(conn), "0005")
        adv_store.insert_reports(conn, old)
        merged = merge_reports(old, window_days=WINDOW)
        current = choose_current(merged)
        for adv in merged:
            row = {
                "id": adv.id,
                "issuer": adv.issuer,
                "audience": adv.audience,
                "destinations": adv.destinations,
                "official": False,
                "report_count": len(adv.reports),
                "current": True,
                "payload": adv.to_dict(),
            }
            conn.execute(advisories.insert().values(**row))
            for code in adv.destinations:
                conn.execute(
                    advisory_destinations.insert().values(
                        advisory_id=adv.id,
                        code=code,
                        issuer="US",
                        audience="US",
                        current=(adv.id, code) in current.pairs,
                    )
                )
            conn.execute(
                reports.update()
                .where(reports.c.key.in_([r.key for r in adv.reports]))
                .values(advisory_id=adv.id)
            )
    engine.dispose()
    assert merged[0].destinations == ["FR"]
    store = _store(tmp_path, "old")
    with store.connect() as conn:
        places = sorted(r[1] for r in conn.execute(sa.select(advisory_places)))
        summary = conn.execute(sa.select(advisories.c.summary)).scalar_one()
    assert places == ["DE", "FR"]
    # 0007 gave the old row the summary the merge writes now.
    assert summary == merged[0].summary_dict() and "reports" not in summary
    # A report about DE alone reaches the advisory through its place rows.
    with store.begin() as conn:
        adv_store.insert_reports(conn, [report("doc:d#1", ["DE"], day)])
        adv_store.merge_new_reports(conn, window_days=WINDOW)
    got = _snapshot(store)
    store.close()
    assert got == _full_rebuild(tmp_path, [*old, report("doc:d#1", ["DE"], day)])


def test_a_late_report_that_changes_a_later_choice_is_regrouped(
    tmp_path: Path,
) -> None:
    """R arrives last but is dated before S; with R, S prefers R's advisory.

    R's own candidates (at FR) are all older than R, so only the advisories
    around the one R joins (at DE) show that one step would not be exact.
    """

    def report(
        key: str, dests: list[str], level: int, alt: list[int], day: int
    ) -> Report:
        issued = START + dt.timedelta(days=day)
        return Report(
            key=key,
            advisory=Advisory(
                "US", "US", dests, level, None, issued=issued, level_alternatives=alt
            ),
            origin=Origin.NEWS,
            document_id=None,
            source="outlet",
            published=issued,
            seen_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        )

    b = report("doc:b#1", ["DE"], 3, [], 2)
    a = report("doc:a#1", ["FR", "DE"], 2, [], 8)
    r = report("doc:r#1", ["FR"], 3, [2], 9)
    s = report("doc:s#1", ["DE"], 3, [2], 10)
    expected = _full_rebuild(tmp_path, [a, b, r, s])
    with_s = {row[1] for row in expected["reports"] if row[0] in ("doc:a#1", "doc:s#1")}
    assert len(with_s) == 1  # S joined A's advisory, which R made exact
    store = _store(tmp_path, "late")
    regrouped = 0
    for batch in ([b, a, s], [r]):
        with store.begin() as conn:
            adv_store.insert_reports(conn, batch)
            regrouped += adv_store.merge_new_reports(conn, window_days=WINDOW)
    got = _snapshot(store)
    store.close()
    assert regrouped == 1
    assert got == expected


def test_migrations_0006_to_0008_go_down_and_up_without_losing_rows(
    tmp_path: Path, corpus: list[Report]
) -> None:
    """Back to 0005 and up again: 0006 refills the place rows and 0008 their
    summaries from the stored payloads, equal to what the merge wrote."""
    from alembic import command

    from travelwatch.storage.db import _alembic_config, migrate

    store = _store(tmp_path, "downup")
    with store.begin() as conn:
        adv_store.insert_reports(conn, corpus)
        adv_store.merge_new_reports(conn, window_days=WINDOW)
    before = _snapshot(store)
    engine = store.engine
    with engine.connect() as conn, conn.begin():
        command.downgrade(_alembic_config(conn), "0005")
    with engine.connect() as conn:
        # The destination rows survive taking the summary column away.
        count = conn.execute(
            sa.select(sa.func.count()).select_from(advisory_destinations)
        ).scalar_one()
    assert count == len(before["destinations"])
    migrate(engine)
    assert _snapshot(store) == before
    with store.connect() as conn:
        missing = conn.execute(
            sa.select(sa.func.count())
            .select_from(advisories)
            .where(advisories.c.summary.is_(None))
        ).scalar_one()
    store.close()
    assert missing == 0
