"""A run on a Dask cluster stores exactly what a local run stores."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scale_support import (
    PG_ADMIN_URL,
    all_fixture_texts,
    irrelevant_text,
    snapshot,
    write_articles,
)
from typer.testing import CliRunner

import travelwatch.cli.commands  # noqa: F401  (registers the commands)
from travelwatch.cli.app import app
from travelwatch.distributed import ingest_distributed
from travelwatch.ingest.readers import read_sources
from travelwatch.settings import load_settings
from travelwatch.storage.postgres import scratch_database
from travelwatch.storage.store import Store

distributed = pytest.importorskip("dask.distributed")

pytestmark = pytest.mark.dask

GOLD_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "dev"
runner = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes and a scheduler, all on loopback."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Own fixtures and, when ../shared is present, the gold dev articles."""
    folder = write_articles(tmp_path_factory.mktemp("dask") / "in", all_fixture_texts())
    if GOLD_DEV.is_dir():
        for path in sorted(GOLD_DEV.glob("*.txt")):
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> str:
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    _ingest(str(corpus), "--db", db)
    return db


def _ingest(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["ingest", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_local_run_finds_advice(local_run: str) -> None:
    snap = snapshot(local_run)
    assert snap["reports"] and snap["advisories"]


def test_gold_dev_is_part_of_the_run(corpus: Path) -> None:
    if not GOLD_DEV.is_dir():
        pytest.skip("../shared/gold/dev is not present")
    assert len(list(corpus.glob("*.txt"))) > len(all_fixture_texts())


def test_scheduler_run_stores_what_a_local_run_stores(
    cluster: Any, corpus: Path, local_run: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "dask.db")
    _ingest(str(corpus), "--db", db, "--scheduler", cluster.scheduler_address)
    assert snapshot(db) == snapshot(local_run)


def test_local_worker_pool_stores_what_a_local_run_stores(
    corpus: Path, local_run: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "workers.db")
    _ingest(str(corpus), "--db", db, "--workers", "2")
    assert snapshot(db) == snapshot(local_run)


def test_scheduler_run_resumes_without_resending(
    cluster: Any, corpus: Path, local_run: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "resume.db")
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    half = files[: len(files) // 2]
    _ingest(*half, "--db", db, "--scheduler", cluster.scheduler_address)
    rows = _ingest(str(corpus), "--db", db, "--scheduler", cluster.scheduler_address)
    status = {r["item"]: r["status"] for r in rows}
    assert {status[f] for f in half} == {"unchanged"}
    assert snapshot(db) == snapshot(local_run)


def test_in_flight_work_is_bounded(cluster: Any, tmp_path: Path) -> None:
    # The reader is pulled only a window of batches ahead of what has been stored.
    pulled = 0

    def articles() -> Iterator[Any]:
        nonlocal pulled
        path = tmp_path / "one.txt"
        for n in range(10_000):
            path.write_text(irrelevant_text(n), encoding="utf-8")
            settings = load_settings({"db": str(tmp_path / "x.db")})
            for item in read_sources([str(path)], settings=settings):
                pulled += 1
                yield item

    settings = load_settings({"db": str(tmp_path / "bounded.db")})
    with (
        Store(settings=settings) as store,
        distributed.Client(cluster.scheduler_address) as client,
    ):
        results = ingest_distributed(
            store, articles(), client=client, batch_size=4, window=2
        )
        first = [next(results) for _ in range(8)]
        results.close()
    assert all(o.status == "stored" for o in first)
    # 8 results out, at most 2 batches of 4 in flight plus the batch being formed.
    assert pulled <= 8 + 2 * 4 + 4


def _stores_on_workers(client: Any) -> dict[str, list[str]]:
    def opened() -> list[str]:
        from travelwatch import distributed as d

        return sorted(d._worker_stores)

    return dict(client.run(opened))


def test_workers_write_to_postgresql_what_a_local_run_stores(
    cluster: Any, tmp_path: Path, pg_url: str
) -> None:
    # Exact copies and near copies spread over batches that are written at the
    # same time by the two workers: the later one must still be the copy.
    stories = [irrelevant_text(n) for n in range(40)] + list(
        all_fixture_texts().values()
    )
    texts = [*stories, stories[3], "  " + stories[41], *stories[40:44]]
    folder = write_articles(
        tmp_path / "in", {f"a{n:03d}.txt": t for n, t in enumerate(texts)}
    )
    with scratch_database(PG_ADMIN_URL, prefix="tw_test") as local_url:
        _ingest(str(folder), "--db", local_url)
        with distributed.Client(cluster.scheduler_address) as client:
            settings = load_settings({"db": pg_url, "ingest.batch_size": 5})
            with Store(settings=settings) as store:
                items = read_sources([str(folder)], settings=settings)
                outcomes = list(ingest_distributed(store, items, client=client))
            writers = _stores_on_workers(client)
        local = snapshot(local_url, with_ids=False)
        assert local["reports"] and local["advisories"]
        assert snapshot(pg_url, with_ids=False) == local
    statuses = {o.status for o in outcomes}
    assert {"stored", "unchanged", "duplicate"} <= statuses
    # Both workers wrote batches; none of them went through this process.
    assert [w for w, urls in writers.items() if pg_url in urls] == list(writers)
    assert len(writers) == 2
