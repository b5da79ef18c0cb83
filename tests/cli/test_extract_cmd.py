"""``travelwatch extract`` and ``travelwatch eval`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import commands  # noqa: F401
from travelwatch.cli.app import app

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "fixtures" / "gold"
SHARED = REPO / ".." / "shared"
runner = CliRunner()


def test_extract_jsonl_one_line_per_document() -> None:
    result = runner.invoke(
        app,
        [
            "extract",
            str(GOLD / "alpha.txt"),
            str(GOLD / "beta.txt"),
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in rows] == ["alpha.txt", "beta.txt"]
    assert rows[0]["advisories"][0]["issuer"] == "NO"
    assert rows[1]["advisories"] == []


def test_extract_failed_item_goes_to_stderr_and_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(
        app, ["extract", str(empty), str(GOLD / "alpha.txt"), "--format", "json"]
    )
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert json.loads(result.stdout)[0]["doc"] == "alpha.txt"


def test_eval_fails_under_floors(tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"advisory_f1": 0.99}}))
    result = runner.invoke(app, ["eval", str(GOLD), "--floors", str(floors)])
    assert result.exit_code == 1
    assert "advisory_f1" in result.stderr


@pytest.mark.shared
def test_eval_gate_on_shared_dev() -> None:
    dev = SHARED / "gold" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared is absent")
    floors = REPO / "eval" / "floors.json"
    result = runner.invoke(app, ["eval", str(dev), "--floors", str(floors), "--json"])
    report = json.loads(result.stdout)
    assert report["below_floor"] == [], report["metrics"]
    assert result.exit_code == 0
