"""Load: ``serve --workers 2`` under 50, 200 and 500 concurrent connections.

Fills a store (``--advisories``, default 20,000), starts ``travelwatch serve`` on a
loopback port, and drives a mix of API calls and dashboard pages for
``--seconds`` at each concurrency level. Reports requests/s, p50/p99/max latency
and errors (transport failures and non-2xx answers; a 503 "busy" counts as an
error here too). Uses ``wrk`` when installed, else a minimal keep-alive asyncio
client of its own (it shares the cores with the server, so its req/s is a floor).

    python benchmarks/load_bench.py --seconds 60 --levels 200
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from api_bench import _free_port, _pct, fill

MIX = [
    "/api/advisories?limit=20",
    "/api/matrix",
    "/api/advisories?issuer=US&limit=20",
    "/api/changes?limit=20",
    "/api/sources",
    "/",
    "/matrix",
    "/changes",
    "/destinations/FR",
]


async def _connection(
    host: str, port: int, deadline: float, times: list[float], errors: list[int]
) -> None:
    """One keep-alive HTTP/1.1 connection issuing requests until the deadline.

    A minimal client on purpose: httpx's async client needs more CPU per request
    than the server does, and here it shares the same two cores.
    """
    paths = itertools.cycle(MIX)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            path = next(paths)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            times.append((time.perf_counter() - started) * 1000)
            if not 200 <= status < 300:
                errors.append(status)
    except (OSError, asyncio.IncompleteReadError, ValueError):
        errors.append(0)
    finally:
        writer.close()


async def drive(base: str, connections: int, seconds: float) -> dict[str, float]:
    host, port = base.removeprefix("http://").split(":")
    times: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds
    begun = time.perf_counter()
    await asyncio.gather(
        *(
            _connection(host, int(port), deadline, times, errors)
            for _ in range(connections)
        )
    )
    elapsed = time.perf_counter() - begun
    return {
        "rps": len(times) / elapsed,
        "p50_ms": statistics.median(times),
        "p99_ms": _pct(times, 0.99),
        "max_ms": max(times),
        "requests": float(len(times)),
        "errors": float(len(errors)),
    }


_WRK_SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def drive_wrk(base: str, connections: int, seconds: float) -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in MIX))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{round(seconds)}s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        script.unlink()
    result = {"errors": 0.0}
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            value = parts[1].rstrip("usm")
            unit = parts[1][len(value) :]
            result[f"p{parts[0][:-1]}_ms"] = float(value) * units[unit]
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(parts[1])
        elif "Non-2xx" in line or "Socket errors" in line:
            result["errors"] += sum(
                float(x.strip(",")) for x in parts if x[0].isdigit()
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--levels", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="tw-load-")
    db = str(Path(tmp) / "load.db")
    fill(db, args.advisories)
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
        for _ in range(300):
            try:
                httpx.get(base + "/api/sources", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        use_wrk = shutil.which("wrk") is not None
        print(f"load generator: {'wrk' if use_wrk else 'asyncio (install wrk)'}")
        print(
            f"{'conns':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}"
        )
        for level in args.levels:
            if use_wrk:
                r = drive_wrk(base, level, args.seconds)
            else:
                r = asyncio.run(drive(base, level, args.seconds))
            print(
                f"{level:>6} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} "
                f"{r.get('max_ms', float('nan')):8.1f} {r['errors']:7.0f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
