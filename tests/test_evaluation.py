"""Scoring by the SCHEMA rules on a small gold set written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from travelwatch.evaluation import check_floors, load_gold, score

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"


def _adv(
    issuer: str, dests: list[str], level: int, **extra: object
) -> dict[str, object]:
    return {
        "issuer": issuer,
        "audience": issuer,
        "destinations": dests,
        "level": level,
        **extra,
    }


def test_perfect_predictions_score_one() -> None:
    gold = load_gold(GOLD)
    preds = {name: label["advisories"] for name, label in gold.items()}
    m = score(gold, preds).metrics
    assert m["advisory_f1"] == 1.0
    assert m["destination_f1"] == 1.0
    assert m["false_alarm_docs"] == "0/1"


def test_hand_computed_numbers() -> None:
    gold = load_gold(GOLD)
    preds = {
        # right issuer, one of two destinations, level is a listed alternative
        "alpha.txt": [_adv("NO", ["CL", "AR"], 3, reasons=["civil_unrest", "crime"])],
        "beta.txt": [_adv("SE", ["FR"], 2)],  # a false alarm
        # gamma: one of two gold advisories found, wrong level
        "gamma.txt": [_adv("PT", ["PE"], 4, reasons=["natural_disaster"])],
    }
    report = score(gold, preds)
    m = report.metrics
    assert (m["advisory_precision"], m["advisory_recall"]) == (0.667, 0.667)
    # dest tp = 1 + 1, fp = 1, fn = 2 (EC, BO) -> F1 = 4 / 7
    assert m["destination_f1"] == round(4 / 7, 3)
    assert m["level_accuracy"] == 0.5
    assert m["reasons_f1"] == 0.8
    assert m["false_alarm_docs"] == "1/1"
    assert report.misses["gamma.txt"][-1] == "missed 1"


def test_issuer_must_match() -> None:
    gold = load_gold(GOLD)
    m = score(gold, {"alpha.txt": [_adv("SE", ["CL"], 4)]}).metrics
    assert m["advisory_precision"] == 0.0


@pytest.mark.parametrize(
    ("floors", "failing"),
    [
        ({"advisory_f1": 0.4}, 0),
        ({"advisory_f1": 0.99}, 1),
        ({"max_false_alarm_docs": 0}, 1),
    ],
)
def test_floors(floors: dict[str, float], failing: int) -> None:
    gold = load_gold(GOLD)
    report = score(
        gold,
        {
            "alpha.txt": gold["alpha.txt"]["advisories"],
            "beta.txt": [_adv("SE", ["FR"], 2)],
        },
    )
    assert len(check_floors(report, floors)) == failing


def test_agrees_with_reference_scorer(tmp_path: Path) -> None:
    scorer = (
        Path(__file__).resolve().parents[1] / ".." / "shared" / "tools" / "score.py"
    )
    if not scorer.exists():
        pytest.skip("../shared is absent")
    import subprocess
    import sys

    gold = load_gold(GOLD)
    preds = {
        "alpha.txt": [_adv("NO", ["CL", "AR"], 3)],
        "gamma.txt": [_adv("PT", ["PE", "CO"], 2)],
    }
    path = tmp_path / "p.jsonl"
    path.write_text(
        "".join(
            json.dumps({"doc": k, "advisories": v}) + "\n" for k, v in preds.items()
        )
    )
    out = subprocess.run(
        [sys.executable, str(scorer), str(GOLD), str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == score(gold, preds).metrics
