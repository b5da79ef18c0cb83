"""Quality floors for the signals on the labelled articles in ../shared/gold.

The floors sit a little under what the lexicons reach today, so a change that makes
reasons or issue dates worse on real articles fails here. Reasons are searched over
the whole article (the extractor narrows the search; this measures the lexicon).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from travelwatch.pipeline.signals import find_dateline, find_reasons, resolve_issued

REASONS_PRECISION_FLOOR = 0.60
REASONS_RECALL_FLOOR = 0.90
ISSUED_ACCURACY_FLOOR = 0.60
ISSUED_NONE_FLOOR = 0.90


def _labelled(shared: Path) -> list[tuple[str, dict[str, object]]]:
    gold = shared / "gold"
    labels = sorted((gold / "dev").glob("*.json")) + sorted(
        (gold / "seeds").glob("*.json")
    )
    if not labels:
        pytest.skip("no gold labels in ../shared/gold")
    return [
        (p.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(p.read_text()))
        for p in labels
    ]


@pytest.mark.shared
def test_reasons_precision_and_recall(shared: Path) -> None:
    tp = fp = fn = 0
    for text, label in _labelled(shared):
        found = {h.code for h in find_reasons(text)}
        for advisory in label["advisories"]:  # type: ignore[attr-defined]
            gold = set(advisory["reasons"])
            tp += len(found & gold)
            fp += len(found - gold)
            fn += len(gold - found)
    assert tp / (tp + fp) >= REASONS_PRECISION_FLOOR
    assert tp / (tp + fn) >= REASONS_RECALL_FLOOR


@pytest.mark.shared
def test_issued_dates(shared: Path) -> None:
    right = dated = empty_right = empty = 0
    for text, label in _labelled(shared):
        raw = label.get("published")
        published = dt.date.fromisoformat(str(raw)) if raw else None
        line = find_dateline(text, published=published)
        hit = resolve_issued(
            text, published=published, dateline=line.text if line else None
        )
        for advisory in label["advisories"]:  # type: ignore[attr-defined]
            if advisory.get("issued"):
                dated += 1
                right += bool(hit and hit.date.isoformat() == advisory["issued"])
            else:
                empty += 1
                empty_right += hit is None
    assert right / dated >= ISSUED_ACCURACY_FLOOR
    assert empty_right / empty >= ISSUED_NONE_FLOOR
