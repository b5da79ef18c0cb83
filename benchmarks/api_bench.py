"""Load benchmark of the JSON API on loopback with 100k stored advisories.

Fills a fresh SQLite store with generated advisories (bulk inserts straight into
``advisories`` and ``advisory_destinations``), starts ``travelwatch serve`` in a
subprocess and measures ``/api/matrix`` and ``/api/advisories``: sequential
p50/p99, then throughput and p99 under concurrency (httpx async, bounded by a
request count and a time limit).

    python benchmarks/api_bench.py [--advisories 100000] [--concurrency 16]

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

import httpx
import sqlalchemy as sa

from travelwatch.models import ACTION_LEVEL, ACTIONS, REASONS
from travelwatch.settings import load_settings
from travelwatch.storage.schema import advisories, advisory_destinations
from travelwatch.storage.store import Store

ISSUERS = [
    "US",
    "GB",
    "CA",
    "AU",
    "NZ",
    "DE",
    "FR",
    "JP",
    "CN",
    "RU",
    "IN",
    "KR",
    "IE",
    "NL",
    "SE",
    "IT",
    "ES",
    "BR",
    "ZA",
    "SG",
]
TARGETS = {
    "sequential_p99_ms": 50.0,
    "concurrent_rps": 500.0,
    "concurrent_p99_ms": 100.0,
}


def fill(db: str, count: int, seed: int = 7) -> None:
    import pycountry

    rnd = random.Random(seed)
    places = [str(c.alpha_2) for c in pycountry.countries]
    store = Store(settings=load_settings({"db": db}))
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    latest: dict[tuple[str, str], tuple[dt.datetime, str]] = {}
    adv_rows, dest_rows = [], []
    for n in range(count):
        issuer = rnd.choice(ISSUERS)
        dests = rnd.sample(places, rnd.choice((1, 1, 1, 2, 3)))
        action = rnd.choice(ACTIONS)
        level = ACTION_LEVEL[action]
        seen = start + dt.timedelta(minutes=rnd.randrange(0, 3 * 365 * 24 * 60))
        adv_id = f"adv:{n:016x}"
        payload = {
            "id": adv_id,
            "issuer": issuer,
            "audience": issuer,
            "destinations": dests,
            "level": level,
            "action": action,
            "reasons": rnd.sample(REASONS, 2),
            "regions": [],
            "disagreements": [],
            "reports": [],
        }
        adv_rows.append(
            {
                "id": adv_id,
                "issuer": issuer,
                "audience": issuer,
                "destinations": dests,
                "level": level,
                "action": action,
                "official": rnd.random() < 0.3,
                "report_count": rnd.randint(1, 5),
                "first_seen": seen,
                "last_seen": seen,
                "as_of": seen.date(),
                "current": False,
                "payload": payload,
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
        for i in range(0, len(adv_rows), 5000):
            conn.execute(advisories.insert(), adv_rows[i : i + 5000])
        for i in range(0, len(dest_rows), 5000):
            conn.execute(advisory_destinations.insert(), dest_rows[i : i + 5000])
        conn.execute(sa.text("ANALYZE"))
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sequential(base: str, path: str, n: int) -> dict[str, float]:
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        client.get(path).raise_for_status()
        for _ in range(n):
            t0 = time.perf_counter()
            client.get(path).raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": statistics.median(times), "p99_ms": _pct(times, 0.99)}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=100_000)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="tw-bench-")
    db = str(Path(tmp) / "bench.db")
    t0 = time.perf_counter()
    fill(db, args.advisories)
    print(f"filled {args.advisories} advisories in {time.perf_counter() - t0:.1f} s")
    port = _free_port()
    exe = Path(sys.executable).with_name("travelwatch")
    server = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TRAVELWATCH_DB": db},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/matrix", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        use_wrk = shutil.which("wrk") is not None
        generator = "wrk" if use_wrk else "httpx (install wrk for a fairer figure)"
        print(f"load generator under concurrency: {generator}")
        print(f"{'endpoint':34} {'measure':>24} {'measured':>10} {'target':>10}")
        for path in (
            "/api/matrix",
            "/api/advisories?limit=20",
            "/api/advisories?issuer=US&limit=20",
        ):
            seq = sequential(base, path, args.sequential)
            if use_wrk:
                con = concurrent_wrk(base, path, args.concurrency, args.seconds)
            else:
                con = asyncio.run(
                    concurrent(
                        base, path, args.requests, args.concurrency, args.seconds
                    )
                )
            rows = [
                ("sequential p50 ms", seq["p50_ms"], "-"),
                (
                    "sequential p99 ms",
                    seq["p99_ms"],
                    f"<= {TARGETS['sequential_p99_ms']:g}",
                ),
                (
                    f"c={args.concurrency} req/s",
                    con["rps"],
                    f">= {TARGETS['concurrent_rps']:g}",
                ),
                (
                    f"c={args.concurrency} p99 ms",
                    con["p99_ms"],
                    f"<= {TARGETS['concurrent_p99_ms']:g}",
                ),
            ]
            for name, value, target in rows:
                print(f"{path:34} {name:>24} {value:10.1f} {target:>10}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
