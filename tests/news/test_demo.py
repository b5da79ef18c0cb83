"""``make demo``: its commands, read from the Makefile, show one watch cycle picking
up a news article, the advice in it and the change it made (issue #14)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

pytestmark = pytest.mark.issue(14)
REPO = Path(__file__).resolve().parents[2]


def _demo_commands(db: Path) -> list[list[str]]:
    """The travelwatch commands of the Makefile's ``demo`` recipe, in order."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index("demo: $(STAMP)") + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line.strip())
        if words and words[0] == "$(DEMO)":
            out.append([str(db) if w == "$(DEMO_DB)" else w for w in words[1:]])
    return out


def test_the_demo_shows_a_watch_cycle_picking_up_news(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    steps = _demo_commands(tmp_path / "demo.db")
    assert [c[0] for c in steps][:4] == ["ingest", "sync", "news", "watch"]
    outputs = {}
    for args in steps:
        result = CliRunner().invoke(app, args, env={"COLUMNS": "160"})
        assert result.exit_code == 0, (args, result.stderr)
        outputs.setdefault(args[0], result.stdout)
    watched = outputs["watch"]
    assert "southern-cross-wire │ ok" in watched
    assert "change from southern-cross-wire: NZ on HT: new advisory, level 4" in watched
    assert "watch stopped cleanly after 1 run(s)" in watched
    # The US feed was synced by the step before: watch waits for its next turn
    # (an hour, moved by poll.jitter) instead of syncing it again.
    assert "unchanged" not in watched
    assert re.search(r"next syncs: us in (1h|[56]\dm)", watched), watched
    # The advice found in the article is then an advisory the demo lists.
    assert "HT" in outputs["advisories"]
