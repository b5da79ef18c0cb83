"""The eval gates on our own articles: the challenge set (tests/fixtures/challenge)
and the blind set written before round 4's fixes (tests/fixtures/blind)."""

from __future__ import annotations

from pathlib import Path

from travelwatch.evaluation import (
    check_floors,
    extract_folder,
    load_floors,
    load_gold,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
CHALLENGE = ROOT / "tests" / "fixtures" / "challenge"
BLIND = ROOT / "tests" / "fixtures" / "blind"


def test_challenge_set_stays_above_its_floors() -> None:
    predictions, errors = extract_folder(CHALLENGE)
    assert errors == []
    report = score(load_gold(CHALLENGE), predictions)
    floors = load_floors(ROOT / "eval" / "challenge_floors.json")
    assert check_floors(report, floors) == [], report.misses


def test_blind_set_stays_above_its_floors() -> None:
    predictions, errors = extract_folder(BLIND)
    assert errors == []
    report = score(load_gold(BLIND), predictions)
    floors = load_floors(ROOT / "eval" / "blind_floors.json")
    assert check_floors(report, floors) == [], report.misses


def test_empty_floors_file_pins_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "none.json"
    empty.write_text("")
    assert load_floors(empty) == {}
