"""``travelwatch sync``, ``changes`` and ``sources`` through the real CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
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


def test_sync_says_when_watch_syncs_the_feed_next(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out, _ = run(
        "sync",
        "us",
        "--from",
        str(FEEDS / "base.xml"),
        "--db",
        db,
        "--set",
        "poll.jitter=0",
    )
    assert code == 0
    assert "next due: us in 1h (watch waits until then" in out


def test_a_failed_sync_says_it_backs_off(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    code, out, _ = run("sync", "us", "--from", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1
    assert "next due: us in 2h (backing off after 1 failure(s))" in out


def test_sources_json_gives_each_feed_its_schedule(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    _, out, _ = run("sources", "--db", str(db), "--format", "json")
    health = {h["name"]: h for h in json.loads(out)}
    us, uk = health["us"], health["uk"]
    # An hour after the last sync (feeds.every.us unset), moved by poll.jitter.
    wait = dt.datetime.fromisoformat(us["next_due"]) - dt.datetime.fromisoformat(
        us["last_attempt"]
    )
    assert us["failures"] == 0
    assert 0.9 * 3600 <= wait.total_seconds() <= 1.1 * 3600
    assert re.fullmatch(r"in (1 hour|\d\d minutes)", us["due_in"])
    # Never synced: nothing stored, so the next watch run takes it.
    assert (uk["failures"], uk["next_due"], uk["due_in"]) == (0, None, "due now")


def test_sources_csv_has_failures_and_next_due(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    synced(db)
    code, out, _ = run("sources", "--db", str(db), "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0
    assert rows["us"]["failures"] == "0"
    assert dt.datetime.fromisoformat(rows["us"]["next_due"]) > dt.datetime.now(dt.UTC)
    assert (rows["uk"]["failures"], rows["uk"]["next_due"]) == ("0", "")


def test_sources_table_shows_next_due_and_failures(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    run("sync", "us", "--from", str(bad), "--db", db)
    result = runner.invoke(app, ["sources", "--db", db], env={"COLUMNS": "200"})
    lines = {line.split("│")[1].strip(): line for line in _table_rows(result.stdout)}
    us = [c.strip() for c in lines["us"].split("│")]
    uk = [c.strip() for c in lines["uk"].split("│")]
    # name, kind, issuer, status, attempt, success, items, stored, failures, next due
    assert (us[4], us[9], us[10]) == ("failed", "1", "in 2h")
    assert (uk[4], uk[9], uk[10]) == ("never", "0", "due now")


def _table_rows(table: str) -> list[str]:
    return [line for line in table.splitlines() if line.startswith("│")]
