"""Two ``travelwatch ingest`` processes writing one store at once lose and double nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scale_support import (
    ADVICE,
    OTHER,
    counts,
    irrelevant_text,
    scratch_postgres,
    snapshot,
    write_articles,
)

from travelwatch.ingest.readers import read_sources
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

TRAVELWATCH = str(Path(sys.executable).parent / "travelwatch")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "shared.db")
    else:
        with scratch_postgres() as url:
            yield url


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[list[str], list[str]]:
    """Two overlapping lists of files: each has its own, then the same shared ones."""
    texts = {**ADVICE, **OTHER}
    texts.update({f"other_{n:03}.txt": irrelevant_text(n) for n in range(24)})
    folder = write_articles(tmp_path / "in", texts)
    names = sorted(str(folder / n) for n in texts)
    only_a, shared, only_b = names[:6], names[6:-6], names[-6:]
    return only_a + shared, only_b + shared


def _start(files: list[str], db: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [TRAVELWATCH, "ingest", *files, "--db", db, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _statuses(proc: subprocess.Popen[str]) -> dict[str, str]:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    return {row["item"]: row["status"] for row in json.loads(out)}


def _reference(files: list[str], db: str) -> None:
    settings = load_settings({"db": db})
    with Store(settings=settings) as store:
        for outcome in ingest_articles(store, read_sources(files, settings=settings)):
            assert outcome.status == "stored", outcome


def test_two_writers_store_each_input_once(
    db_url: str, inputs: tuple[list[str], list[str]], tmp_path: Path
) -> None:
    first, second = inputs
    procs = [_start(first, db_url), _start(second, db_url)]
    seen = [_statuses(p) for p in procs]

    everything = sorted(set(first) | set(second))
    reference = str(tmp_path / "reference.db")
    _reference(everything, reference)

    assert counts(db_url) == counts(reference)
    assert snapshot(db_url, with_ids=False) == snapshot(reference, with_ids=False)
    # Every shared input was stored by exactly one of the two writers.
    for item in set(first) & set(second):
        statuses = sorted(s[item] for s in seen)
        assert statuses == ["stored", "unchanged"], (item, statuses)


def test_writers_racing_on_the_same_inputs_agree(
    db_url: str, inputs: tuple[list[str], list[str]], tmp_path: Path
) -> None:
    # Same files in the same order: both reach every item at about the same time,
    # so the unique-constraint path (not only the "already known" check) is taken.
    files = inputs[0]
    procs = [_start(files, db_url) for _ in range(2)]
    seen = [_statuses(p) for p in procs]
    reference = str(tmp_path / "reference.db")
    _reference(files, reference)
    assert counts(db_url) == counts(reference)
    assert snapshot(db_url, with_ids=False) == snapshot(reference, with_ids=False)
    for item in files:
        assert sorted(s[item] for s in seen) == ["stored", "unchanged"], item
