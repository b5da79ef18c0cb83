"""Issue 5's checks, through the real ingest path and a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from travelwatch import queries
from travelwatch.ingest.readers import read_sources
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store


def _ingest(files: list[Path], db: Path) -> Store:
    settings = load_settings({"db": str(db)})
    store = Store(settings=settings)
    list(
        ingest_articles(store, read_sources([str(f) for f in files], settings=settings))
    )
    return store


def _advisories(store: Store) -> list[dict[str, object]]:
    with store.connect() as conn:
        page = queries.list_advisories(conn, current_only=False, limit=10_000)
    return page.items


@pytest.mark.issue(5)
def test_seeds_give_two_linked_advisories(shared: Path, tmp_path: Path) -> None:
    store = _ingest(sorted((shared / "seeds").glob("*.txt")), tmp_path / "s.db")
    found = {a["issuer"]: a for a in _advisories(store)}
    store.close()
    assert sorted(found) == ["RU", "US"]
    ru, us = found["RU"], found["US"]
    assert sorted(ru["destinations"]) == ["CA", "EU", "US"]  # type: ignore[arg-type]
    assert len(ru["reports"]) == 2  # type: ignore[arg-type]
    assert us["destinations"] == ["RU"] and len(us["reports"]) == 1  # type: ignore[arg-type]
    assert ru["reciprocal_ids"] == [us["id"]]
    assert us["reciprocal_ids"] == [ru["id"]]


@pytest.mark.issue(5)
def test_dev_set_merges_the_same_in_any_order(shared: Path, tmp_path: Path) -> None:
    files = sorted((shared / "gold" / "dev").glob("*.txt"))
    results = []
    for name, order in (("forward", files), ("backward", files[::-1])):
        store = _ingest(order, tmp_path / f"{name}.db")
        results.append(
            sorted(
                (
                    a["id"],
                    a["issuer"],
                    tuple(a["destinations"]),
                    a["level"],  # type: ignore[arg-type]
                    sorted(r["key"] for r in a["reports"]),
                )  # type: ignore[union-attr]
                for a in _advisories(store)
            )
        )
        store.close()
    assert results[0] == results[1]
    # Several outlets reported China's advice on Japan: fewer advisories than reports.
    cn_jp = [r for r in results[0] if r[1] == "CN" and "JP" in r[2]]
    assert sum(len(r[4]) for r in cn_jp) > len(cn_jp)
