"""A source's first ``sync`` is a baseline: it alerts nobody unless asked (issue #14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alert_hooks import HookServer
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

pytestmark = pytest.mark.issue(14)
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"
ALLOW = ["--set", "alerts.allow_private_targets=true", "--set", "alerts.backoff=0"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _subscribe(db: str, hook: HookServer) -> None:
    code, _, err = run("subscribe", "ops", "--webhook", hook.url, "--db", db, *ALLOW)
    assert code == 0, err


def _kinds(hook: HookServer) -> list[str]:
    return sorted(json.loads(r.body)["change"]["kind"] for r in hook.received)


def test_the_first_sync_alerts_nobody_and_the_next_does(
    tmp_path: Path, hook_server: HookServer
) -> None:
    db = str(tmp_path / "s.db")
    _subscribe(db, hook_server)
    code, out, err = run("sync", "us", "--from", str(FEEDS / "base.xml"), "--db", db)
    assert code == 0, err
    assert "us: first sync, a baseline: its 5 change(s) alert nobody" in out
    assert hook_server.received == []
    run("sync", "us", "--from", str(FEEDS / "changed.xml"), "--db", db, *ALLOW)
    assert _kinds(hook_server) == ["lowered", "raised", "removed"]


def test_alert_on_first_alerts_on_the_first_sync(
    tmp_path: Path, hook_server: HookServer
) -> None:
    db = str(tmp_path / "s.db")
    _subscribe(db, hook_server)
    code, _, err = run(
        "sync",
        "us",
        "--from",
        str(FEEDS / "base.xml"),
        "--alert-on-first",
        "--db",
        db,
        *ALLOW,
    )
    assert code == 0, err
    assert _kinds(hook_server) == ["new"] * 5


def test_a_failed_first_sync_leaves_the_baseline_to_the_next(
    tmp_path: Path, hook_server: HookServer
) -> None:
    db = str(tmp_path / "s.db")
    _subscribe(db, hook_server)
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel></channel>", encoding="utf-8")
    code, _, _ = run("sync", "us", "--from", str(broken), "--db", db)
    assert code == 1
    run("sync", "us", "--from", str(FEEDS / "base.xml"), "--db", db, *ALLOW)
    assert hook_server.received == []


def test_the_baseline_changes_are_stored_and_shown(
    tmp_path: Path, hook_server: HookServer
) -> None:
    db = str(tmp_path / "s.db")
    run("sync", "us", "--from", str(FEEDS / "base.xml"), "--db", db)
    _, out, _ = run("changes", "--format", "json", "--db", db)
    found = json.loads(out)
    assert (len(found), {c["baseline"] for c in found}) == (5, {True})
