"""``subscribe``, ``unsubscribe``, ``subscriptions`` and ``watch`` through the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

runner = CliRunner()
# subscribe checks a target's addresses at once; allowing private targets skips the
# DNS look-up, so these tests send nothing beyond loopback.
NO_LOOKUP = ("--set", "alerts.allow_private_targets=true")
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_subscribe_then_list(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = run(
        "subscribe",
        "ops",
        "--webhook",
        "https://example.org/hook",
        "--issuer",
        "us",
        "--kind",
        "raised",
        "--kind",
        "new",
        "--secret",
        "s",
        "--db",
        db,
        *NO_LOOKUP,
    )
    assert code == 0, err
    _, out, _ = run("subscriptions", "--db", db, "--format", "json")
    [sub] = json.loads(out)
    assert (sub["filters"]["issuer"], sub["filters"]["kinds"]) == (
        "US",
        ["new", "raised"],
    )


def test_subscriptions_never_show_the_secret(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run(
        "subscribe",
        "ops",
        "--webhook",
        "https://example.org/h",
        "--secret",
        "hunter2",
        "--db",
        db,
        *NO_LOOKUP,
    )
    _, out, _ = run("subscriptions", "--db", db, "--format", "json")
    assert "hunter2" not in out


@pytest.mark.parametrize(
    "channels",
    [(), ("--webhook", "https://a.example/", "--email", "a@example.org")],
)
def test_subscribe_needs_exactly_one_channel(
    tmp_path: Path, channels: tuple[str, ...]
) -> None:
    code, _, _ = run("subscribe", "ops", *channels, "--db", str(tmp_path / "x.db"))
    assert code == 2


def test_subscribe_rejects_unknown_kind(tmp_path: Path) -> None:
    code, _, err = run(
        "subscribe",
        "ops",
        "--slack",
        "https://a.example/",
        "--kind",
        "boom",
        "--db",
        str(tmp_path / "x.db"),
    )
    assert (code, "TW002" in err) == (2, True)


def test_unsubscribe_removes(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run("subscribe", "ops", "--email", "a@example.org", "--db", db)
    code, _, _ = run("unsubscribe", "ops", "--db", db)
    _, out, _ = run("subscriptions", "--db", db, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_unsubscribe_unknown_fails(tmp_path: Path) -> None:
    code, _, _ = run("unsubscribe", "ghost", "--db", str(tmp_path / "x.db"))
    assert code == 1


def test_watch_rejects_a_bad_interval(tmp_path: Path) -> None:
    code, _, _ = run(
        "watch",
        "us",
        "--every",
        "soon",
        "--from",
        str(FEEDS / "base.xml"),
        "--db",
        str(tmp_path / "x.db"),
    )
    assert code == 2


def _wait_for(
    path: Path, text: str, proc: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            return
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_watch_stops_cleanly_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    out_path = tmp_path / "out.txt"
    env = {**os.environ, "COLUMNS": "200"}
    with out_path.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from travelwatch.cli import main; main()",
                "watch",
                "us",
                "--from",
                str(FEEDS / "base.xml"),
                "--every",
                "1s",
                "--db",
                str(tmp_path / "w.db"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )
        try:
            _wait_for(out_path, "run 2", proc, timeout=60)
            proc.send_signal(sig)
            code = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = out_path.read_text()
    assert code == 0, text
    assert "stopped cleanly" in text
    assert "Traceback" not in text
