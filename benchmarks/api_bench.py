"""Benchmark of the JSON API and the dashboard on loopback, 100k stored advisories.

Fills a fresh SQLite store with generated advisories of real size (payloads with
one to three reports of ~1 kB each, their rows in ``reports``, bulk inserts as the
merge writes them) and 100k documents with near-duplicate signatures, starts
``travelwatch serve`` in a subprocess and measures, one request after another:
``/api/matrix`` and ``/api/advisories`` cold (every request a new URL, so no cache
answers) and warm (the same URL: the response cache answers, the floor of the
HTTP stack), the dashboard pages (map, matrix, a destination) the same two ways,
and ``POST /api/ingest`` (first call, then later ones). Then throughput and p99
of the warm API under concurrency.

With ``--baseline-tree`` (e.g. ``/work/main`` before this work) a copy of the store
taken back to its migration is served by that tree's code in the same run, and
both columns are printed side by side.

    python benchmarks/api_bench.py [--advisories 100000] [--db reuse.db]
        [--baseline-tree ../main [--baseline-revision 0007]] [--concurrency 16]

Under concurrency it drives the server with ``wrk`` when installed (Debian package
``wrk``), else with an httpx async client, which shares the cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from corpus import ISSUER_CODES
from travelwatch.models import ACTION_LEVEL, ACTIONS, REASONS
from travelwatch.settings import load_settings
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    documents,
    reports,
)
from travelwatch.storage.store import Store

ISSUERS = ISSUER_CODES
TARGETS = {
    "sequential_p99_ms": 50.0,
    "concurrent_rps": 500.0,
    "concurrent_p99_ms": 100.0,
}


_SENTENCE = (
    "The ministry advised its citizens to {action} to the country because of "
    "{reason}, the spokesperson said on Tuesday, citing reports from the capital "
    "and the border regions."
)


def _report_dict(
    rnd: random.Random, adv_id: str, n: int, issuer: str, dests: list[str], **kw: Any
) -> dict[str, Any]:
    """One report as the merge stores it, with evidence of a real article's size."""
    level, action, seen, official = (
        kw["level"],
        kw["action"],
        kw["seen"],
        kw["official"],
    )
    reason = rnd.choice(REASONS)
    sentence = _SENTENCE.format(action=action.replace("_", " "), reason=reason)
    evidence = [
        {
            "field": f,
            "start": 40 * i,
            "end": 40 * i + 20,
            "quote": sentence[:20],
            "sentence": sentence,
        }
        for i, f in enumerate(("level", "destinations", "reasons", "issuer"))
    ]
    advisory = {
        "issuer": issuer,
        "audience": issuer,
        "destinations": dests,
        "level": level,
        "action": action,
        "reasons": [reason],
        "issued": seen.date().isoformat(),
        "origin": "official" if official else "news",
        "native_level": f"Level {level}" if official else None,
        "evidence": evidence,
        "summary": sentence,
        "regions": [],
        "unsupported_claims": [],
    }
    return {
        "key": f"doc:{adv_id}-{n}#1",
        "origin": "official" if official else "news",
        "document_id": None,
        "source": f"Outlet {n % 40}",
        "published": seen.date().isoformat(),
        "seen_at": seen.isoformat(),
        "advisory": advisory,
    }


def _summary(payload: dict[str, Any]) -> dict[str, Any]:
    # As MergedAdvisory.summary_dict writes it: the record without its reports.
    out = {k: v for k, v in payload.items() if k != "reports"}
    out["official_levels"] = [
        {"level": r["advisory"]["level"], "native_level": r["advisory"]["native_level"]}
        for r in payload["reports"]
        if r["origin"] == "official"
    ]
    return out


def fill_documents(db: str, count: int, seed: int = 11) -> None:
    """``count`` stored documents with MinHash signatures (random: they match no
    article), what the near-duplicate index of an ingest loads."""
    import numpy as np

    rng = np.random.default_rng(seed)
    store = Store(settings=load_settings({"db": db}))
    num_perm = int(store.settings["dedup.num_perm"])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with store.begin() as conn:
        for start in range(0, count, 5000):
            rows = []
            for n in range(start, min(count, start + 5000)):
                text = f"Stored document {n} of the benchmark store."
                rows.append(
                    {
                        "content_hash": f"{n:064x}",
                        "raw_hash": f"{n:064x}",
                        "source": f"bench-{n}",
                        "original_text": text,
                        "text": text,
                        "text_map": [],
                        "meta": {},
                        "minhash": rng.integers(
                            0, 2**32, size=num_perm, dtype=np.uint32
                        ).tobytes(),
                        "screened": False,
                        "created_at": now,
                    }
                )
            conn.execute(documents.insert(), rows)
    store.close()


def fill(db: str, count: int, seed: int = 7) -> None:
    """Advisories with payloads and reports of real size (~1 kB per report, one
    to three reports each) and their rows in ``reports``, as the merge writes."""
    import pycountry

    rnd = random.Random(seed)
    places = [str(c.alpha_2) for c in pycountry.countries]
    store = Store(settings=load_settings({"db": db}))
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    latest: dict[tuple[str, str], tuple[dt.datetime, str]] = {}
    adv_rows, dest_rows, report_rows = [], [], []
    for n in range(count):
        issuer = rnd.choice(ISSUERS)
        dests = rnd.sample(places, rnd.choice((1, 1, 1, 2, 3)))
        action = rnd.choice(ACTIONS)
        level = ACTION_LEVEL[action]
        seen = start + dt.timedelta(minutes=rnd.randrange(0, 3 * 365 * 24 * 60))
        official = rnd.random() < 0.3
        adv_id = f"adv:{n:016x}"
        reports_of = [
            _report_dict(
                rnd,
                adv_id,
                k,
                issuer,
                dests,
                level=level,
                action=action,
                seen=seen,
                official=official and k == 0,
            )
            for k in range(rnd.choice((1, 1, 2, 3)))
        ]
        payload = {
            "id": adv_id,
            "issuer": issuer,
            "audience": issuer,
            "destinations": dests,
            "destinations_except": [],
            "level": level,
            "action": action,
            "reasons": rnd.sample(REASONS, 2),
            "change": None,
            "issued": seen.date().isoformat(),
            "period": None,
            "native_wording": None,
            "regions": [],
            "regions_known": None,
            "scope": None,
            "correction": None,
            "official": official,
            "first_seen": seen.isoformat(),
            "last_seen": seen.isoformat(),
            "reciprocal_ids": [],
            "disagreements": [],
            "reports": reports_of,
        }
        adv_rows.append(
            {
                "id": adv_id,
                "issuer": issuer,
                "audience": issuer,
                "destinations": dests,
                "level": level,
                "action": action,
                "official": official,
                "report_count": len(reports_of),
                "first_seen": seen,
                "last_seen": seen,
                "as_of": seen.date(),
                "current": False,
                "payload": payload,
                "summary": _summary(payload),
            }
        )
        for rep in reports_of:
            report_rows.append(
                {
                    "key": rep["key"],
                    "document_id": None,
                    "version_id": None,
                    "origin": rep["origin"],
                    "source": rep["source"],
                    "issuer": issuer,
                    "audience": issuer,
                    "destinations": dests,
                    "level": level,
                    "action": action,
                    "published": seen.date(),
                    "seen_at": seen,
                    "advisory_id": adv_id,
                    "payload": rep["advisory"],
                }
            )
        for code in dests:
            dest_rows.append(
                {
                    "advisory_id": adv_id,
                    "code": code,
                    "issuer": issuer,
                    "audience": issuer,
                    "level": level,
                    "current": False,
                }
            )
            key = (issuer, code)
            if key not in latest or seen > latest[key][0]:
                latest[key] = (seen, adv_id)
    current = {(adv_id, code) for (_, code), (_, adv_id) in latest.items()}
    current_ids = {adv_id for adv_id, _ in current}
    for row in adv_rows:
        row["current"] = row["id"] in current_ids
    for row in dest_rows:
        row["current"] = (row["advisory_id"], row["code"]) in current
    with store.begin() as conn:
        for table, rows in (
            (advisories, adv_rows),
            (advisory_destinations, dest_rows),
            (reports, report_rows),
        ):
            for i in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[i : i + 5000])
        conn.execute(sa.text("ANALYZE"))
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sequential(base: str, path: str, n: int, *, cold: bool) -> dict[str, float]:
    """p50/p99 of ``n`` requests one after another. Cold: each request carries a
    query parameter of its own, so neither the response cache nor the page cache
    can answer it (the endpoints ignore the parameter)."""
    times = []
    sep = "&" if "?" in path else "?"
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get(path).raise_for_status()
        for i in range(n):
            url = f"{path}{sep}_={i}-{time.monotonic_ns()}" if cold else path
            t0 = time.perf_counter()
            client.get(url).raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": statistics.median(times), "p99_ms": _pct(times, 0.99)}


def ingest_calls(base: str, token: str, n: int) -> list[float]:
    """Milliseconds of ``n`` POST /api/ingest calls, each a new short article."""
    out = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for i in range(n):
            text = (
                f"Bulletin {i} {time.monotonic_ns()}. Residents of the valley "
                "gathered for the harvest fair, the council said, and the ferry "
                "timetable changes next week."
            )
            t0 = time.perf_counter()
            r = client.post(
                "/api/ingest",
                json={"text": text},
                headers={"Authorization": f"Bearer {token}"},
            )
            r.raise_for_status()
            out.append((time.perf_counter() - t0) * 1000)
    return out


async def concurrent(
    base: str, path: str, total: int, workers: int, limit_s: float
) -> dict[str, float]:
    times: list[float] = []
    sent = 0
    deadline = time.perf_counter() + limit_s
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal sent
            while sent < total and time.perf_counter() < deadline:
                sent += 1
                t0 = time.perf_counter()
                (await client.get(path)).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)

        t_start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        elapsed = time.perf_counter() - t_start
    return {
        "rps": len(times) / elapsed,
        "p50_ms": statistics.median(times),
        "p99_ms": _pct(times, 0.99),
        "requests": float(len(times)),
    }


_WRK_LINE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def concurrent_wrk(
    base: str, path: str, workers: int, seconds: float
) -> dict[str, float]:
    """The same measure with wrk, a C load generator that leaves the cores to the
    server; the Python client above needs about as much CPU as the server does."""
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{workers}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = {}
    for line in out.splitlines():
        if m := _WRK_LINE.match(line):
            result[f"p{m.group(1)}_ms"] = float(m.group(2)) * _UNIT_MS[m.group(3)]
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif "Non-2xx" in line:
            raise RuntimeError(f"wrk saw errors: {line.strip()}")
    return result


API_PATHS = (
    "/api/matrix",
    "/api/advisories?limit=20",
    "/api/advisories?issuer=US&limit=20",
)
PAGES = ("/", "/matrix", "/destinations/FR")


def serve(tree: Path, db: str, workers: int, token: str) -> tuple[Any, str]:
    """``travelwatch serve`` from the source ``tree`` (this one or a baseline)."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from travelwatch.cli import main; sys.exit(main())",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        cwd=str(tree),
        env={
            **os.environ,
            "PYTHONPATH": str(tree),
            # Leave another tree's files alone (no __pycache__ written into it).
            "PYTHONDONTWRITEBYTECODE": "1",
            "TRAVELWATCH_DB": db,
            "TRAVELWATCH_API_TOKEN": token,
        },
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/api/matrix", timeout=60)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _baseline_copy(db: str, tmp: str, revision: str) -> str:
    """A copy of the store taken back to migration ``revision`` (the newest the
    baseline tree, the code before this work, knows)."""
    import sqlite3

    from alembic import command

    from travelwatch.storage.db import _alembic_config, create_engine, resolve_url

    copy = str(Path(tmp) / "baseline.db")
    with sqlite3.connect(db) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    engine = create_engine(resolve_url(copy))
    with engine.connect() as conn, conn.begin():
        command.downgrade(_alembic_config(conn), revision)
    engine.dispose()
    with sqlite3.connect(copy) as c:
        c.execute("ANALYZE")
    return copy


def measure(base: str, args: argparse.Namespace, token: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for path in API_PATHS + PAGES:
        for cold in (True, False):
            seq = sequential(base, path, args.sequential, cold=cold)
            out[f"{path} {'cold' if cold else 'warm'} p50"] = seq["p50_ms"]
            out[f"{path} {'cold' if cold else 'warm'} p99"] = seq["p99_ms"]
    calls = ingest_calls(base, token, args.ingest_calls)
    out["POST /api/ingest first call"] = calls[0]
    out["POST /api/ingest later calls p50"] = statistics.median(calls[1:])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", help="reuse this filled store (filled if missing)")
    parser.add_argument(
        "--baseline-tree",
        help="also serve a copy of the store with this source tree (e.g. the main "
        "branch before this work), side by side",
    )
    parser.add_argument(
        "--baseline-revision",
        default="0005",
        help="the newest migration the baseline tree knows (its copy is taken back "
        "to it)",
    )
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--ingest-calls", type=int, default=6)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--concurrency", type=int, default=16, help="0: skip the concurrent part"
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="tw-bench-")
    db = args.db or str(Path(tmp) / "bench.db")
    token = "bench-token"
    if not Path(db).exists():
        t0 = time.perf_counter()
        fill(db, args.advisories)
        fill_documents(db, args.documents)
        print(
            f"filled {args.advisories} advisories and {args.documents} documents "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    here = Path(__file__).resolve().parents[1]
    trees = [("this tree", here, db)]
    if args.baseline_tree:
        copy = _baseline_copy(db, tmp, args.baseline_revision)
        trees.append(("baseline", Path(args.baseline_tree), copy))
    results: dict[str, dict[str, float]] = {}
    try:
        for name, tree, path in trees:
            server, base = serve(tree, path, args.workers, token)
            try:
                results[name] = measure(base, args, token)
                if args.concurrency and name == "this tree":
                    concurrent_part(base, args)
            finally:
                server.terminate()
                server.wait(timeout=30)
        names = list(results)
        print(f"{'sequential, ms':44}" + "".join(f"{n:>12}" for n in names))
        for key in results[names[0]]:
            print(f"{key:44}" + "".join(f"{results[n][key]:12.1f}" for n in names))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def concurrent_part(base: str, args: argparse.Namespace) -> None:
    use_wrk = shutil.which("wrk") is not None
    generator = "wrk" if use_wrk else "httpx (install wrk for a fairer figure)"
    print(f"warm, c={args.concurrency}, load generator: {generator}")
    print(f"{'endpoint':34} {'req/s':>10} {'p99 ms':>10} {'target':>22}")
    for path in API_PATHS:
        if use_wrk:
            con = concurrent_wrk(base, path, args.concurrency, args.seconds)
        else:
            con = asyncio.run(
                concurrent(base, path, args.requests, args.concurrency, args.seconds)
            )
        target = (
            f">= {TARGETS['concurrent_rps']:g}, <= {TARGETS['concurrent_p99_ms']:g}"
        )
        print(f"{path:34} {con['rps']:10.1f} {con['p99_ms']:10.1f} {target:>22}")


if __name__ == "__main__":
    main()
