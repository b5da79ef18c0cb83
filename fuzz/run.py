"""Time-bounded mutation fuzzing of every parser travelwatch points at untrusted input.

Seeds are the project's own fixtures (articles, hostile inputs, recorded feeds).
Each round takes a seed, mutates it (byte flips, hostile tokens such as lone
surrogate escapes and character references naming no character, runs of
whitespace and punctuation, deep nesting, truncation, splices) and hands it to
the parser of its kind:

* articles (``.txt``, ``.html``, ``.json``, ``.jsonl``, ``.rss``/``.xml``): read
  as ingest reads them, then through the whole news pipeline;
* official feeds (``feeds/us``, ``ca``, ``uk``, ``au``): the connector's parser.

A *crash* is any exception other than travelwatch's own coded errors (which are
the correct answer to bad input); a *hang* is an input that takes longer than
``--hang`` seconds (stopped with SIGALRM). Crashing and hanging inputs are saved
under ``--out`` to be turned into regression tests. Exit status 1 when any was
found.

    python fuzz/run.py --seconds 60
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from travelwatch.connectors import get_connector
from travelwatch.errors import TravelwatchError
from travelwatch.ingest.readers import _from_bytes
from travelwatch.service import process_article
from travelwatch.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEED_DIRS = [
    FIXTURES / "articles",
    FIXTURES / "hostile",
    FIXTURES / "feeds",
]
ARTICLE_FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".rss": "feed",
    ".xml": "feed",
}
TOKENS = [
    b"\\ud800",
    b"\\udfff",
    b"\\u0000",
    b"&#xD800;",
    b"&#x110000;",
    b"&#0;",
    b"\x00",
    b"\x01\x02\x0b",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"<",
    b"<p>",
    b"<body>",
    b"</html>",
    b"]]>",
    b"<![CDATA[",
    b'<?xml version="1.0" encoding="x-unknown"?>',
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"31 Sep 2026",
    b"Level 9",
    b'"metadata": []',
    b'"name": ["a", "b"]',
    b'"timestamp": "soon"',
    b"null",
    b"[]",
    b"{}",
    b"-1e999",
    b"javascript:alert(1)",
    b"[/caption]",
    b":ua:",
]
RUNS = [b" ", b"\n", b"\t", b".", b",", b"<", b"<p>", b"&#", b"St. ", b"[", b"{"]

SETTINGS = load_settings({})


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


def _seeds() -> list[tuple[str, Path]]:
    """(kind, path): kind is an article format or ``connector:NAME``."""
    out: list[tuple[str, Path]] = []
    for folder in SEED_DIRS:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            parent = path.parent.name
            if "feeds" in path.parts and parent in {"us", "ca", "uk", "au"}:
                out.append((f"connector:{parent}", path))
            elif path.suffix.lower() in ARTICLE_FORMATS:
                out.append((ARTICLE_FORMATS[path.suffix.lower()], path))
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of ``data``."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(buf))
        choice = rng.random()
        if choice < 0.35:
            buf[at:at] = rng.choice(TOKENS)
        elif choice < 0.55:
            buf[at:at] = rng.choice(RUNS) * rng.choice([100, 4000, 50_000])
        elif choice < 0.65:
            depth = rng.choice([50, 3000, 20_000])
            buf[at:at] = b"[" * depth + b"]" * depth
        elif choice < 0.8 and buf:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(buf))
                buf[i] = rng.randrange(256)
        elif choice < 0.9:
            del buf[at:]
        elif buf:
            start = rng.randrange(len(buf))
            piece = buf[start : start + rng.randint(1, 200)]
            buf[at:at] = piece * rng.randint(1, 50)
    return bytes(buf)


def _article_target(fmt: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        for item in _from_bytes(data, source="fuzz", fmt=fmt):
            process_article(item, SETTINGS)

    return run


def _connector_target(name: str) -> Callable[[bytes], None]:
    connector = get_connector(name, SETTINGS)

    def run(data: bytes) -> None:
        connector.parse(data, origin="fuzz")

    return run


def target(kind: str) -> Callable[[bytes], None]:
    if kind.startswith("connector:"):
        return _connector_target(kind.split(":", 1)[1])
    return _article_target(kind)


def fuzz(seconds: float, hang: float, seed: int, out: Path) -> dict[str, object]:
    rng = random.Random(seed)
    seeds = [(k, p, p.read_bytes()) for k, p in _seeds()]
    targets = {k: target(k) for k, _, _ in seeds}
    signal.signal(signal.SIGALRM, _alarm)
    tried: Counter[str] = Counter()
    crashes: list[dict[str, str]] = []
    hangs: list[dict[str, str]] = []
    slowest = 0.0
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        kind, path, data = seeds[n % len(seeds)]
        n += 1
        sample = mutate(data, rng) if n > len(seeds) else data
        tried[kind] += 1
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            targets[kind](sample)
        except Hang:
            hangs.append(_save(out, "hang", kind, path, sample, f"over {hang}s"))
        except TravelwatchError:
            pass  # a coded refusal is the right answer to bad input
        except Exception as e:  # everything else is a bug
            crashes.append(
                _save(out, "crash", kind, path, sample, traceback.format_exc(limit=-3))
            )
            print(f"crash {kind} from {path.name}: {type(e).__name__}: {e}"[:300])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.monotonic() - started)
    return {
        "seconds": seconds,
        "seed": seed,
        "inputs": sum(tried.values()),
        "by_kind": dict(sorted(tried.items())),
        "crashes": len(crashes),
        "hangs": len(hangs),
        "slowest_s": round(slowest, 2),
        "saved": [c["file"] for c in crashes + hangs],
    }


def _save(
    out: Path, what: str, kind: str, seed: Path, data: bytes, why: str
) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    name = f"{what}-{kind.replace(':', '-')}-{abs(hash(data)) % 10**10}{seed.suffix}"
    (out / name).write_bytes(data)
    (out / f"{name}.why.txt").write_text(why, encoding="utf-8")
    return {"file": str(out / name), "kind": kind}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--hang", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # skipped entries are expected, not news
    report = fuzz(args.seconds, args.hang, args.seed, args.out)
    print(json.dumps(report, indent=2))
    return 1 if report["crashes"] or report["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
