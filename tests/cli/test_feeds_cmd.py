"""``travelwatch sync``, ``changes`` and ``sources`` through the real CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

runner = CliRunner()
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def synced(db: Path) -> None:
    for name in ("base.xml", "changed.xml"):
        code, out, err = run("sync", "us", "--from", str(FEEDS / name), "--db", str(db))
        assert code == 0, out + err


def test_sync_prints_counts_per_source(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out, _ = run("sync", "us", "--from", str(FEEDS / "base.xml"), "--db", db)
    assert code == 0
    assert "us" in out and "new" in out and "5" in out


def test_sync_json_counts(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run(
        "sync",
        "us",
        "--from",
        str(FEEDS / "changed.xml"),
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)[0]["unchanged"] == 4


def test_sync_of_broken_file_exits_non_zero_with_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(FEEDS.joinpath("base.xml").read_bytes()[:300])
    code, _, err = run("sync", "us", "--from", str(bad), "--db", str(tmp_path / "x.db"))
    lines = [line for line in err.splitlines() if "TW202" in line]
    assert (code, len(lines)) == (1, 1)


def test_sync_unknown_source_exits_two(tmp_path: Path) -> None:
    code, _, err = run(
        "sync",
        "narnia",
        "--from",
        str(FEEDS / "base.xml"),
        "--db",
        str(tmp_path / "x.db"),
    )
    assert (code, "TW003" in err) == (2, True)


def test_changes_json_lists_the_second_sync(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run("changes", "--db", str(db), "--format", "json", "--limit", "3")
    assert code == 0
    assert sorted(c["kind"] for c in json.loads(out)) == [
        "lowered",
        "raised",
        "removed",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--to", "TD"), {"TD"}),
        (("--issuer", "GB"), set()),
        (("--since", "2999-01-01"), set()),
    ],
)
def test_changes_filters(
    tmp_path: Path, args: tuple[str, ...], expected: set[str]
) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run("changes", "--db", str(db), "--format", "json", *args)
    assert code == 0
    assert {c["destination"] for c in json.loads(out)} == expected


def test_changes_atom_is_well_formed(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run("changes", "--db", str(db), "--format", "atom")
    root = ET.fromstring(out.strip().encode("utf-8"))
    assert (code, root.tag) == (0, "{http://www.w3.org/2005/Atom}feed")


def test_changes_bad_since_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = run(
        "changes", "--db", str(tmp_path / "x.db"), "--since", "yesterday-ish"
    )
    assert code == 2


def test_sources_json_reports_health(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run("sources", "--db", str(db), "--format", "json")
    health = {h["name"]: h for h in json.loads(out)}
    # A recorded feed is as old as its content (channel date 2026-09-07): stale.
    assert (code, health["us"]["status"], health["us"]["item_count"]) == (
        0,
        "stale",
        4,
    )
    assert health["us"]["last_success"].startswith("2026-09-07")


def test_sources_table_shows_failure(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    run("sync", "us", "--from", str(bad), "--db", db)
    code, out, _ = run("sources", "--db", db)
    assert code == 0 and "failed" in out
