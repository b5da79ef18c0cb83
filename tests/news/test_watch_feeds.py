"""``watch``: each official feed on its own interval, backing off when failing (issue #14)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)
from travelwatch.errors import ConfigError
from travelwatch.feed_schedule import Cadence, FeedSchedule, feed_intervals
from travelwatch.feeds import source_names
from travelwatch.news.polite import backoff
from travelwatch.settings import load_settings
from travelwatch.storage.sources import get_source
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, watch

pytestmark = pytest.mark.issue(14)
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


class Clock:
    """A UTC clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def _schedule(clock: Clock, **intervals: float) -> FeedSchedule:
    cadence = Cadence(intervals, jitter=0.0, cap_hours=4.0, rand=lambda: 0.5)
    return FeedSchedule(cadence, clock=clock)


def test_each_feed_is_due_after_its_own_interval() -> None:
    clock = Clock()
    schedule = _schedule(clock, us=3600.0, uk=2000.0)
    assert schedule.due() == ["us", "uk"]
    for name in ("us", "uk"):
        schedule.record(name, ok=True)
    clock.advance(1999)
    assert schedule.due() == []
    clock.advance(1)
    assert schedule.due() == ["uk"]
    schedule.record("uk", ok=True)  # due again at 4000
    clock.advance(1600)
    assert schedule.due() == ["us"]


def test_a_failing_feed_backs_off_and_a_success_resets_it() -> None:
    clock = Clock()
    schedule = _schedule(clock, us=600.0)
    waits = []
    for ok in (False, False, False, True):
        schedule.record("us", ok=ok)
        waits.append(schedule.next_due()["us"])
    assert waits == [1200.0, 2400.0, 4800.0, 600.0]


def test_backoff_is_capped() -> None:
    clock = Clock()
    schedule = _schedule(clock, us=3600.0)
    for _ in range(6):
        schedule.record("us", ok=False)
    assert schedule.next_due()["us"] == 4 * 3600.0


def test_jitter_moves_the_interval_both_ways() -> None:
    clock = Clock()
    waits = []
    for rand in (0.0, 0.999):
        cadence = Cadence(
            {"us": 1000.0}, jitter=0.1, cap_hours=1e9, rand=lambda r=rand: r
        )
        schedule = FeedSchedule(cadence, clock=clock)
        schedule.record("us", ok=True)
        waits.append(round(schedule.next_due()["us"]))
    assert waits == [900, 1100]


def test_every_feed_has_an_interval_setting() -> None:
    settings = load_settings()
    assert all(settings[f"feeds.every.{name}"] is None for name in source_names())


def test_intervals_come_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "travelwatch.toml"
    config.write_text('[feeds.every]\nuk = "30m"\nus = "6h"\n', encoding="utf-8")
    settings = load_settings(config_file=config, environ={})
    assert feed_intervals(settings, ["au", "uk", "us"], every=3600) == {
        "au": 3600,
        "uk": 1800,
        "us": 6 * 3600,
    }


def test_a_bad_interval_setting_names_itself() -> None:
    settings = load_settings({"feeds.every.uk": "soon"}, environ={})
    with pytest.raises(ConfigError, match=r"feeds\.every\.uk"):
        feed_intervals(settings, ["uk"], every=3600)


@pytest.fixture
def official(tmp_path: Path) -> Path:
    """Recorded US and UK feeds, one folder each."""
    root = tmp_path / "official"
    (root / "us").mkdir(parents=True)
    shutil.copy(FEEDS / "changes" / "base.xml", root / "us")
    shutil.copytree(FEEDS / "uk", root / "uk")
    return root


@pytest.fixture
def quiet_store(tmp_path: Path) -> Iterator[Store]:
    """A store whose intervals are not moved at random."""
    s = Store(
        settings=load_settings(
            {"db": str(tmp_path / "w.db"), "poll.jitter": 0.0}, environ={}
        )
    )
    yield s
    s.close()


def test_watch_syncs_each_feed_on_its_own_interval(
    quiet_store: Store, official: Path
) -> None:
    cycles: list[Cycle] = []
    watch(
        quiet_store,
        every=3600,
        intervals={"uk": 1.0},
        from_path=official,
        max_cycles=3,
        on_cycle=cycles.append,
        news=False,
    )
    # The second and third runs came for the UK feed alone.
    assert [[o.source for o in c.syncs] for c in cycles] == [
        ["uk", "us"],
        ["uk"],
        ["uk"],
    ]


def test_watch_backs_off_a_failing_feed(quiet_store: Store, official: Path) -> None:
    (official / "uk" / "bolivia.json").write_text("{}", encoding="utf-8")
    (official / "uk" / "st-lucia.json").unlink()
    cycles: list[Cycle] = []
    watch(
        quiet_store,
        every=1.0,
        from_path=official,
        max_cycles=2,
        on_cycle=cycles.append,
        news=False,
    )
    first, second = cycles
    assert [(o.source, o.status) for o in first.syncs] == [
        ("uk", "failed"),
        ("us", "ok"),
    ]
    # One second later the US feed is due again; the UK feed waits two.
    assert [o.source for o in second.syncs] == ["us"]
    assert first.failures == {"uk": 1, "us": 0}
    assert first.next_syncs["uk"] == pytest.approx(
        backoff(1.0, 1, cap_hours=24), abs=0.3
    )
    with quiet_store.connect() as conn:
        health = get_source(conn, "uk") or {}
    assert health["last_error"].startswith("TW202")


def test_watch_cli_takes_one_feed_interval(tmp_path: Path, official: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "watch",
            "--from",
            str(official),
            "--every",
            "1h",
            "--feed-every",
            "gb=30m",
            "--no-news",
            "--cycles",
            "1",
            "--set",
            "poll.jitter=0",
            "--db",
            str(tmp_path / "w.db"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "next syncs: uk in 30m, us in 1h" in result.stdout


def test_watch_cli_refuses_a_feed_interval_for_no_feed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["watch", "--feed-every", "narnia=1h", "--db", str(tmp_path / "w.db")],
    )
    assert result.exit_code == 2
    assert "narnia" in result.stderr


def test_an_interval_for_a_feed_not_watched_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "watch",
            "us",
            "--from",
            str(FEEDS / "changes" / "base.xml"),
            "--feed-every",
            "uk=30m",
            "--db",
            str(tmp_path / "w.db"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error TW002")
    assert "uk not among the feeds watched (us)" in result.stderr


def test_a_run_that_fails_as_a_whole_backs_its_feeds_off(
    quiet_store: Store, official: Path
) -> None:
    shutil.rmtree(official / "uk")
    cycles: list[Cycle] = []

    def remove_recordings(cycle: Cycle) -> None:
        cycles.append(cycle)
        shutil.rmtree(official, ignore_errors=True)  # gone before the next run

    watch(
        quiet_store,
        every=1.0,
        from_path=official,
        max_cycles=2,
        on_cycle=remove_recordings,
        news=False,
    )
    first, second = cycles
    assert (first.error, [o.status for o in first.syncs]) == (None, ["ok"])
    assert second.error is not None and "TW106" in second.error
    # Not retried at once: the feed waits its interval doubled.
    assert second.failures == {"us": 1}
    assert second.next_syncs["us"] == pytest.approx(2.0, abs=0.3)


def test_watch_takes_feed_intervals_from_travelwatch_toml(
    tmp_path: Path, official: Path
) -> None:
    # The suite runs each test in its tmp_path: this is the working directory's file.
    (tmp_path / "travelwatch.toml").write_text(
        '[feeds.every]\nuk = "30m"\nus = "6h"\n\n[poll]\njitter = 0.0\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        ["watch", "--from", str(official), "--no-news", "--cycles", "1"],
        env={"TRAVELWATCH_DB": str(tmp_path / "w.db")},
    )
    assert result.exit_code == 0, result.stderr
    assert "next syncs: uk in 30m, us in 6h" in result.stdout


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_watch_after_a_sync_waits_for_the_feed(tmp_path: Path) -> None:
    """A feed synced by hand a moment ago is not synced again by ``watch``."""
    db, feed = str(tmp_path / "w.db"), str(FEEDS / "changes" / "base.xml")
    _cli("sync", "us", "--from", feed, "--db", db, "--set", "poll.jitter=0")
    out = _cli("watch", "us", "--from", feed, "--cycles", "1", "--no-news", "--db", db)
    assert "unchanged" not in out  # no sync table: nothing was synced
    assert re.search(r"next syncs: us in (1h|59m\d+s)\n", out), out


def test_watch_now_syncs_a_feed_that_is_not_due(tmp_path: Path) -> None:
    db, feed = str(tmp_path / "w.db"), str(FEEDS / "changes" / "base.xml")
    _cli("sync", "us", "--from", feed, "--db", db)
    out = _cli(
        "watch",
        "us",
        "--from",
        feed,
        "--cycles",
        "1",
        "--no-news",
        "--now",
        "--db",
        db,
    )
    row = next(line for line in out.splitlines() if line.startswith("│ us "))
    assert row.split("│")[-2].strip() == "5"  # all 5 entries read again, unchanged
