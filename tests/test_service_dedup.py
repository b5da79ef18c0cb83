"""The near-duplicate index stays within ``dedup.max_indexed`` documents."""

from __future__ import annotations

from pathlib import Path

from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

WORDS = [
    "harbour",
    "ferry",
    "museum",
    "orchard",
    "stadium",
    "market",
    "choir",
    "mill",
    "bridge",
    "library",
    "tram",
    "garden",
    "bakery",
    "theatre",
    "festival",
    "river",
    "castle",
    "square",
    "tower",
    "beach",
]


def _story(n: int) -> str:
    # Distinct stories: each uses its own rotation of the word list.
    rotated = WORDS[n % len(WORDS) :] + WORDS[: n % len(WORDS)]
    return f"Story {n}. " + " ".join(f"{w}{n}" for w in rotated * 3) + "."


def _copy_of(n: int) -> str:
    return _story(n).replace("Story", "Report", 1)


def test_old_originals_are_forgotten_recent_ones_found(tmp_path: Path) -> None:
    settings = load_settings({"db": str(tmp_path / "d.db"), "dedup.max_indexed": "4"})
    articles = [Article(text=_story(n), source=f"s{n}") for n in range(10)]
    articles += [
        Article(text=_copy_of(0), source="copy-of-oldest"),
        Article(text=_copy_of(9), source="copy-of-newest"),
    ]
    with Store(settings=settings) as store:
        status = {o.item: o.status for o in ingest_articles(store, articles)}
    assert [status[f"s{n}"] for n in range(10)] == ["stored"] * 10
    assert status["copy-of-newest"] == "duplicate"
    assert status["copy-of-oldest"] == "stored"


def test_a_reopened_store_finds_copies_of_recent_documents(tmp_path: Path) -> None:
    settings = load_settings({"db": str(tmp_path / "d.db"), "dedup.max_indexed": "4"})
    with Store(settings=settings) as store:
        list(
            ingest_articles(
                store, [Article(text=_story(n), source=f"s{n}") for n in range(6)]
            )
        )
    with Store(settings=settings) as store:
        (outcome,) = ingest_articles(store, [Article(text=_copy_of(5), source="c")])
    assert outcome.status == "duplicate"
