"""The eval gates on our own articles: the challenge set (tests/fixtures/challenge)
and the blind sets written before round 4's and round 5's fixes
(tests/fixtures/blind, tests/fixtures/blind2)."""

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
BLIND2 = ROOT / "tests" / "fixtures" / "blind2"


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


def test_second_blind_set_stays_above_its_floors() -> None:
    predictions, errors = extract_folder(BLIND2)
    assert errors == []
    report = score(load_gold(BLIND2), predictions)
    floors = load_floors(ROOT / "eval" / "blind2_floors.json")
    assert check_floors(report, floors) == [], report.misses


def test_empty_floors_file_pins_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "none.json"
    empty.write_text("")
    assert load_floors(empty) == {}
