"""Merge cost per ingested batch as the store grows: incremental vs full rebuild.

For each store size, fills a fresh SQLite store with synthetic reports (bulk
inserts; 20 issuers, ~200 destinations, one to three destinations each, dates over
three years) and merges them once. Then a batch of new reports goes in twice on
copies of that store, each way timed (insert + merge, one transaction):

* incremental: ``merge_new_reports``, what ``Ingestor.finish()`` runs now;
* baseline: ``refresh_advisories`` over the issuers the batch touched (the
  former ``finish()``), measured in the same run on the same store.

Two batches: "fresh" (dated after the stored history, as news is when it is
watched) and "late" (dated inside the history, e.g. an archive ingested out of
order: each report after the first late one is regrouped with everything
connected to it, so this is the slow path).

    python benchmarks/merge_bench.py [--sizes 10000,100000] [--batch 200] [--late-sizes 10000]

A stored report stands for one document with advice: at the generated corpus's
rate (~1% of articles give advice) 100,000 reports are ~10M documents, and
documents without advice never enter the merge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pycountry

from corpus import ISSUER_CODES
from travelwatch.models import ACTION_LEVEL, ACTIONS, Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.settings import load_settings
from travelwatch.storage import advisories as adv_store
from travelwatch.storage.store import Store

ISSUERS = ISSUER_CODES
WINDOW = 21
HISTORY_START = dt.date(2023, 1, 1)
HISTORY_DAYS = 3 * 365


def _report(rnd: random.Random, n: int, day: dt.date, tag: str) -> Report:
    issuer = rnd.choice(ISSUERS)
    action = rnd.choice(ACTIONS)
    official = rnd.random() < 0.1
    adv = Advisory(
        issuer,
        issuer,
        rnd.sample(PLACES, rnd.choice((1, 1, 1, 1, 2, 3))),
        ACTION_LEVEL[action],
        action,
        reasons=["crime"],
        issued=day if rnd.random() < 0.5 else None,
        origin=Origin.OFFICIAL if official else Origin.NEWS,
    )
    return Report(
        key=f"doc:{tag}-{n:08d}#1",
        advisory=adv,
        origin=adv.origin,
        document_id=None,
        source=f"outlet-{n % 50}",
        published=day,
        seen_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
    )


PLACES = sorted(str(c.alpha_2) for c in pycountry.countries)[:200]


def _history(count: int, seed: int) -> list[Report]:
    rnd = random.Random(seed)
    return [
        _report(
            rnd,
            n,
            HISTORY_START + dt.timedelta(days=rnd.randrange(HISTORY_DAYS)),
            "old",
        )
        for n in range(count)
    ]


def _batch(size: int, seed: int, *, late: bool) -> list[Report]:
    rnd = random.Random(seed)
    end = HISTORY_START + dt.timedelta(days=HISTORY_DAYS)
    out = []
    for n in range(size):
        day = (
            HISTORY_START + dt.timedelta(days=rnd.randrange(HISTORY_DAYS))
            if late
            else end + dt.timedelta(days=n // 20)
        )
        out.append(_report(rnd, n, day, "late" if late else "new"))
    return out


def _store(path: Path) -> Store:
    return Store(settings=load_settings({"db": str(path)}))


def _copy(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _timed_batch(db: Path, batch: list[Report], *, incremental: bool) -> float:
    store = _store(db)
    t0 = time.perf_counter()
    with store.begin() as conn:
        adv_store.insert_reports(conn, batch)
        if incremental:
            adv_store.merge_new_reports(conn, window_days=WINDOW)
        else:
            adv_store.refresh_advisories(
                conn, {r.advisory.issuer for r in batch}, window_days=WINDOW
            )
    took = time.perf_counter() - t0
    store.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--late-sizes",
        default="10000",
        help="sizes at which the late batch runs too (it is as slow as a rebuild)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tw-merge-"))
    print(
        f"batch: {args.batch} new reports; window {WINDOW} days; SQLite; "
        "times are insert + merge in one transaction"
    )
    print(
        f"{'stored':>8} {'build':>8} {'batch':>6} {'incremental':>12} "
        f"{'per report':>11} {'baseline':>10} {'per report':>11} {'ratio':>7}"
    )
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            base = tmp / f"base-{size}.db"
            store = _store(base)
            t0 = time.perf_counter()
            history = _history(size, args.seed)
            with store.begin() as conn:
                adv_store.insert_reports(conn, history)
                adv_store.refresh_advisories(conn, ISSUERS, window_days=WINDOW)
            built = time.perf_counter() - t0
            store.close()
            lates = (
                [False, True] if str(size) in args.late_sizes.split(",") else [False]
            )
            for late in lates:
                batch = _batch(args.batch, args.seed + size, late=late)
                runs = {}
                for incremental in (True, False):
                    db = tmp / f"run-{size}-{late}-{incremental}.db"
                    _copy(base, db)
                    runs[incremental] = _timed_batch(db, batch, incremental=incremental)
                    db.unlink()
                inc, full = runs[True], runs[False]
                print(
                    f"{size:>8} {built:>7.1f}s {'late' if late else 'fresh':>6} "
                    f"{inc * 1000:>10.0f}ms {inc * 1000 / len(batch):>9.2f}ms "
                    f"{full * 1000:>8.0f}ms {full * 1000 / len(batch):>9.2f}ms "
                    f"{full / inc:>6.1f}x"
                )
            base.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
