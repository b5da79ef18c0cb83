"""The shipped corpus labels: one per text, valid, with spans inside the text.

Reads the texts from ../shared/corpus (skips when absent; CI has it).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from travelwatch.corpus.labels import load_labels, problems
from travelwatch.corpus.splits import SPLITS, split_of

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "corpus" / "labels"
SECOND = REPO / "corpus" / "second"
# Short field values only: a label never carries the article's sentences.
MAX_VALUE = 120


@pytest.fixture(scope="module")
def texts() -> Path:
    folder = REPO.parent / "shared" / "corpus" / "texts"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not present")
    return folder


def _names(texts: Path) -> set[str]:
    return {p.name for p in texts.glob("*.txt")}


def test_every_text_has_a_label_and_every_label_a_text(texts: Path) -> None:
    labelled = set(load_labels(LABELS))
    assert sorted(_names(texts) - labelled) == []
    assert sorted(labelled - _names(texts)) == []


@pytest.mark.parametrize("folder", [LABELS, SECOND], ids=["labels", "second"])
def test_labels_are_valid_against_their_texts(texts: Path, folder: Path) -> None:
    bad = {}
    for path in sorted(folder.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        text_path = texts / label.get("doc", "")
        if label.get("doc") != path.stem + ".txt" or not text_path.exists():
            bad[path.name] = ["doc does not name its text"]
            continue
        meta = json.loads(text_path.with_suffix(".meta.json").read_text())
        found = problems(label, text_path.read_text(encoding="utf-8"))
        if label.get("language") != meta["language"]:
            found.append(f"language {label.get('language')} vs {meta['language']}")
        if label.get("source_url") != meta["source_url"]:
            found.append("source_url differs from the meta file")
        if found:
            bad[path.name] = found
    assert bad == {}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "source_url" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_labels_hold_no_quotes() -> None:
    long_values = {
        path.name: s
        for folder in (LABELS, SECOND)
        for path in folder.glob("*.json")
        for s in _strings(json.loads(path.read_text(encoding="utf-8")))
        if len(s) > MAX_VALUE
    }
    assert long_values == {}


def test_second_labelling_covers_80_texts_across_languages() -> None:
    second = load_labels(SECOND)
    assert len(second) >= 80
    assert len({label["language"] for label in second.values()}) >= 10


def test_splits_spread_every_common_language(texts: Path) -> None:
    by_language: dict[str, Counter[str]] = defaultdict(Counter)
    for name in _names(texts):
        by_language[name.split("-")[0]][split_of(name)] += 1
    for language, counts in by_language.items():
        if sum(counts.values()) >= 5:
            assert all(counts[s] for s in SPLITS), (language, counts)
    total = Counter(split_of(n) for n in _names(texts))
    size = sum(total.values())
    assert abs(total["train"] / size - 0.6) < 0.05
    assert abs(total["blind"] / size - 0.2) < 0.05


def test_distractors_are_in_every_split() -> None:
    quiet = Counter(
        split_of(name)
        for name, label in load_labels(LABELS).items()
        if not label["advisories"]
    )
    assert all(quiet[s] >= 10 for s in SPLITS), quiet
