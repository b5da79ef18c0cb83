"""Large inputs stream through in bounded memory, and a stopped run resumes."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest
from scale_support import ADVICE, counts, irrelevant_text, snapshot, write_jsonl

from travelwatch.errors import InputError
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")


def _texts(n: int) -> list[str]:
    advice = list(ADVICE.values())
    return [
        advice[i // 10] if i % 10 == 5 and i // 10 < len(advice) else irrelevant_text(i)
        for i in range(n)
    ]


def _ingest(path: Path, db: str, **values: object) -> dict[str, str]:
    settings = load_settings({"db": db, **values})
    with Store(settings=settings) as store:
        items = read_sources([str(path)], settings=settings)
        return {o.item: o.status for o in ingest_articles(store, items)}


def test_stopped_run_resumes_without_redoing_finished_items(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", _texts(40))
    db = str(tmp_path / "r.db")
    settings = load_settings({"db": db, "ingest.batch_size": 10})
    with Store(settings=settings) as store:
        run = ingest_articles(store, read_sources([str(path)], settings=settings))
        done = {o.item: o for o in islice(run, 20)}
        run.close()  # stop half-way, after two whole batches
    assert {o.status for o in done.values()} == {"stored"}

    # With every new text refused, an item that were processed again would fail:
    # the finished ones must be answered from the store before any processing.
    again = _ingest(path, db, **{"ingest.min_text_chars": 10**6})
    assert {again[item] for item in done} == {"unchanged"}
    assert {s for item, s in again.items() if item not in done} == {"failed"}
    assert counts(db)["documents"] == 20


def test_resumed_run_ends_as_an_uninterrupted_one(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", _texts(40))
    whole, parts = str(tmp_path / "whole.db"), str(tmp_path / "parts.db")
    _ingest(path, whole)
    settings = load_settings({"db": parts, "ingest.batch_size": 10})
    with Store(settings=settings) as store:
        run = ingest_articles(store, read_sources([str(path)], settings=settings))
        list(islice(run, 17))
        run.close()
    # A batch is stored before its first outcome is handed out: the run stopped
    # inside its second batch, which it had stored whole.
    second = _ingest(path, parts)
    assert list(second.values()).count("unchanged") == 20
    assert snapshot(parts) == snapshot(whole)


def _kill_ingest(path: Path, db: str, *, after: int, pause: float = 0.0) -> None:
    """Start ``travelwatch ingest`` and kill -9 it once ``after`` documents are
    stored (then ``pause`` seconds more, to land anywhere in the next batch)."""
    proc = subprocess.Popen(
        [
            TRAVELWATCH,
            "ingest",
            str(path),
            "--db",
            db,
            "--format",
            "json",
            "--set",
            f"ingest.batch_size={BATCH}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(db).exists() and _stored(db) >= after:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the ingest process did not get far enough in time")
        time.sleep(pause)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)


# Small batches, so that a kill lands inside a run of a few hundred articles.
BATCH = 25


def test_killed_process_resumes(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", _texts(400))
    db = str(tmp_path / "k.db")
    _kill_ingest(path, db, after=20)
    before = {d["source"]: d for d in snapshot(db)["documents"]}
    assert 20 <= len(before) < 400, "kill the run half-way"
    # A batch is one transaction: the kill left whole batches, nothing between.
    assert len(before) % BATCH == 0

    after = _ingest(path, db)
    docs = snapshot(db)["documents"]
    assert len(docs) == len({d["content_hash"] for d in docs}) == 400
    assert {after[item] for item in before} == {"unchanged"}
    assert all(after[item] == "stored" for item in after if item not in before)
    # Finished documents kept their rows (same ids), nothing was written twice.
    now = {d["source"]: d for d in docs}
    assert all(now[s]["id"] == d["id"] for s, d in before.items())
    # The killed run never merged its reports; the resumed run must have.
    whole = str(tmp_path / "whole.db")
    _ingest(path, whole)
    assert snapshot(db) == snapshot(whole)


def test_killed_twice_at_random_then_rerun_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    total = 1000
    path = write_jsonl(tmp_path / "in.jsonl", _texts(total))
    db, whole = str(tmp_path / "k2.db"), str(tmp_path / "whole.db")
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    # Kill points anywhere in the first and second thirds, between batches or
    # in the middle of one (a short random pause after the count is reached).
    _kill_ingest(path, db, after=rng.randrange(1, 300), pause=rng.uniform(0, 0.05))
    stored = _stored(db)
    assert stored < total, f"seed {seed}: the first run was not interrupted"
    after = stored + rng.randrange(1, 300)
    _kill_ingest(path, db, after=after, pause=rng.uniform(0, 0.05))
    assert _stored(db) < total, f"seed {seed}: the second run was not interrupted"
    _ingest(path, db)
    _ingest(path, whole)
    assert snapshot(db) == snapshot(whole), f"seed {seed}"


def _stored(db: str) -> int:
    try:
        return counts(db)["documents"]
    except Exception:
        return 0


def test_ingest_pulls_its_input_one_batch_at_a_time(tmp_path: Path) -> None:
    pulled = 0

    def endless() -> Iterator[Article | InputError]:
        nonlocal pulled
        n = 0
        while True:
            pulled += 1
            yield Article(text=irrelevant_text(n), source=f"gen#{n}")
            n += 1

    settings = load_settings(
        {"db": str(tmp_path / "l.db"), "ingest.batch_size": 4, "ingest.processes": 1}
    )
    with Store(settings=settings) as store:
        run = ingest_articles(store, endless())
        first = list(islice(run, 5))
        run.close()
    assert [o.status for o in first] == ["stored"] * 5
    # Pulled a batch at a time: the two batches the five outcomes came from (with
    # a pool of processes, one batch more is processed ahead).
    assert pulled == 8


def test_jsonl_file_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "big.jsonl", [irrelevant_text(n) * 3 for n in range(20_000)]
    )
    assert path.stat().st_size > 10_000_000
    settings = load_settings({"db": str(tmp_path / "x.db")})
    tracemalloc.start()
    try:
        items = read_sources([str(path)], settings=settings)
        first = list(islice(items, 3))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [a.source for a in first] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert peak < 1_000_000


def test_jsonl_size_limit_applies_per_line(tmp_path: Path) -> None:
    texts = [irrelevant_text(n) for n in range(50)]
    texts[7] = "long " * 200
    path = write_jsonl(tmp_path / "in.jsonl", texts)
    settings = load_settings({"db": str(tmp_path / "x.db"), "ingest.max_bytes": 600})
    assert path.stat().st_size > 600
    items = list(read_sources([str(path)], settings=settings))
    errors = [(i.source, i.code) for i in items if isinstance(i, InputError)]
    assert errors == [(f"{path}#8", "TW104")]
    assert sum(isinstance(i, Article) for i in items) == 49


def test_jsonl_lines_keep_their_numbers_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps({"text": "first item here"}).encode()
        + b"\n\n{broken\n"
        + json.dumps({"text": "caf\u00e9 latin"}).encode("utf-8")
        + b"\n"
    )
    items = list(read_sources([str(path)], settings=load_settings({"db": "x.db"})))
    names = [(i.source, getattr(i, "code", None)) for i in items]
    assert names == [(f"{path}#1", None), (f"{path}#3", "TW105"), (f"{path}#4", None)]
