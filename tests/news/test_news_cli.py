"""``news``, ``alerts test``, ``subscribe`` checks and ``watch`` with news (issue #14)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from news_server import NewsServer
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

pytestmark = pytest.mark.issue(14)
runner = CliRunner()
US_FEED = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"
LOOPBACK = ["--set", "http.allow_private=true", "--set", "poll.host_interval=0"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_news_add_then_list(tmp_path: Path, news_files: Path) -> None:
    db = str(tmp_path / "n.db")
    feed = str(news_files / "outlet-b.atom")
    code, _, err = run(
        "news", "add", feed, "--name", "harbour", "--every", "1h", "--db", db
    )
    assert code == 0, err
    _, out, _ = run("news", "list", "--format", "json", "--db", db)
    [row] = json.loads(out)
    assert (row["name"], row["every_seconds"], row["status"]) == (
        "harbour",
        3600,
        "never",
    )


def test_news_remove(tmp_path: Path, news_files: Path) -> None:
    db = str(tmp_path / "n.db")
    run("news", "add", str(news_files / "outlet-b.atom"), "--name", "h", "--db", db)
    code, _, _ = run("news", "remove", "h", "--db", db)
    _, out, _ = run("news", "list", "--format", "json", "--db", db)
    assert (code, json.loads(out)) == (0, [])


def test_news_add_refuses_a_private_url(tmp_path: Path) -> None:
    code, _, err = run(
        "news", "add", "http://127.0.0.1:9/feed", "--db", str(tmp_path / "n.db")
    )
    assert code == 2
    assert "TW108" in err


def test_news_sources_come_from_the_config_file(
    tmp_path: Path, news_files: Path
) -> None:
    (tmp_path / "travelwatch.toml").write_text(
        f'[[news]]\nurl = "{news_files / "outlet-b.atom"}"\nname = "harbour"\n'
        'every = "30m"\n',
        encoding="utf-8",
    )
    _, out, _ = run("news", "list", "--format", "json", "--db", str(tmp_path / "n.db"))
    [row] = json.loads(out)
    assert (row["name"], row["every_seconds"]) == ("harbour", 1800)


def test_subscribe_refuses_a_private_target_at_once(tmp_path: Path) -> None:
    code, _, err = run(
        "subscribe",
        "ops",
        "--webhook",
        "http://127.0.0.1/hook",
        "--db",
        str(tmp_path / "n.db"),
    )
    assert code == 2
    assert "private" in err


def test_subscribe_refuses_a_malformed_address(tmp_path: Path) -> None:
    code, _, _ = run(
        "subscribe", "ops", "--email", "nobody", "--db", str(tmp_path / "n.db")
    )
    assert code == 2


def test_alerts_test_delivers_a_sample(tmp_path: Path, news_server: NewsServer) -> None:
    db = str(tmp_path / "n.db")
    allow = ["--set", "alerts.allow_private_targets=true"]
    run("subscribe", "ops", "--webhook", news_server.base + "/hook", "--db", db, *allow)
    code, _, err = run("alerts", "test", "ops", "--db", db, *allow)
    assert code == 0, err
    [body] = news_server.posts
    assert json.loads(body)["change"]["test"] is True


def test_watch_picks_up_news_and_alerts_on_it(tmp_path: Path, site: NewsServer) -> None:
    db = str(tmp_path / "n.db")
    allow = ["--set", "alerts.allow_private_targets=true", *LOOPBACK]
    run(
        "subscribe",
        "ops",
        "--webhook",
        site.base + "/hook",
        "--source-kind",
        "news",
        "--db",
        db,
        *allow,
    )
    run(
        "news",
        "add",
        site.base + "/b/feed.atom",
        "--name",
        "harbour",
        "--db",
        db,
        *allow,
    )
    code, out, err = run(
        "watch",
        "us",
        "--from",
        str(US_FEED / "base.xml"),
        "--cycles",
        "1",
        "--alert-on-first",
        "--db",
        db,
        *allow,
    )
    assert code == 0, err
    assert "harbour" in out
    [body] = site.posts
    assert json.loads(body)["change"]["origin"] == "news"


def test_subscriptions_show_delivery_status(
    tmp_path: Path, news_server: NewsServer, news_files: Path
) -> None:
    db = str(tmp_path / "n.db")
    allow = ["--set", "alerts.allow_private_targets=true"]
    run("subscribe", "ops", "--webhook", news_server.base + "/hook", "--db", db, *allow)
    run("news", "add", str(news_files / "outlet-b.atom"), "--name", "h", "--db", db)
    run("news", "poll", "--alert-on-first", "--db", db, *allow)
    _, out, _ = run("subscriptions", "--format", "json", "--db", db)
    status = json.loads(out)[0]["deliveries"]
    assert (status["delivered"], status["last"]["status"]) == (1, "delivered")
    table = (
        CliRunner()
        .invoke(app, ["subscriptions", "--db", db], env={"COLUMNS": "300"})
        .stdout
    )
    header = next(line for line in table.splitlines() if "last_delivery" in line)
    row = next(line for line in table.splitlines() if " ops " in line)
    cells = dict(zip(_cells(header), _cells(row), strict=True))
    assert (cells["delivered"], cells["failed"]) == ("1", "0")
    assert cells["last_delivery"].startswith("delivered 20")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("┃│").replace("┃", "│").split("│")]


def test_sources_lists_news_sources(tmp_path: Path, news_files: Path) -> None:
    db = str(tmp_path / "n.db")
    run(
        "news",
        "add",
        str(news_files / "outlet-b.atom"),
        "--name",
        "harbour",
        "--db",
        db,
    )
    _, out, _ = run("sources", "--format", "json", "--db", db)
    kinds = {r["name"]: r["kind"] for r in json.loads(out)}
    assert kinds["harbour"] == "news"


def test_a_news_table_without_url_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "travelwatch.toml").write_text(
        '[[news]]\nname = "x"\n', encoding="utf-8"
    )
    code, _, err = run("news", "list", "--db", str(tmp_path / "n.db"))
    assert (code, "TW002" in err, "Traceback" in err) == (2, True, False)


def test_sources_show_news_health(tmp_path: Path, news_files: Path) -> None:
    db = str(tmp_path / "n.db")
    gone = tmp_path / "gone.atom"
    gone.write_bytes((news_files / "outlet-b.atom").read_bytes())
    run(
        "news",
        "add",
        str(news_files / "outlet-b.atom"),
        "--name",
        "harbour",
        "--db",
        db,
    )
    run("news", "add", str(gone), "--name", "gone", "--db", db)
    gone.unlink()
    run("news", "poll", "--db", db)
    _, out, _ = run("sources", "--format", "json", "--db", db)
    rows = {r["name"]: r for r in json.loads(out) if r["kind"] == "news"}
    fields = ("status", "entries_seen", "articles_stored")
    assert [rows["harbour"][f] for f in fields] == ["ok", 1, 1]
    assert rows["harbour"]["last_success"] and rows["harbour"]["last_error"] is None
    assert (rows["gone"]["status"], rows["gone"]["last_success"]) == ("failed", None)
    assert rows["gone"]["last_attempt"] and rows["gone"]["last_error"].startswith(
        "TW106"
    )
    result = CliRunner().invoke(app, ["sources", "--db", db], env={"COLUMNS": "200"})
    line = next(x for x in result.stdout.splitlines() if " gone " in x)
    assert "failed" in line and "TW106" in line


def test_news_poll_first_is_a_baseline(
    tmp_path: Path, news_server: NewsServer, news_files: Path
) -> None:
    db = str(tmp_path / "n.db")
    allow = ["--set", "alerts.allow_private_targets=true"]
    run("subscribe", "ops", "--webhook", news_server.base + "/hook", "--db", db, *allow)
    run("news", "add", str(news_files / "outlet-b.atom"), "--name", "h", "--db", db)
    code, out, err = run("news", "poll", "--db", db, *allow)
    assert code == 0, err
    assert "(baseline: not alerted)" in out
    assert news_server.posts == []


def test_changes_atom_carries_corroboration_and_the_advisory_link(
    tmp_path: Path, news_files: Path
) -> None:
    db = str(tmp_path / "n.db")
    run("news", "add", str(news_files / "outlet-b.atom"), "--name", "h", "--db", db)
    run("news", "poll", "--db", db)
    code, out, err = run("changes", "--format", "atom", "--db", db)
    assert code == 0, err
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [entry] = ET.fromstring(out).findall("a:entry", ns)
    related = [
        link.get("href")
        for link in entry.findall("a:link", ns)
        if link.get("rel") == "related"
    ]
    assert related and related[0].startswith("/advisories/")
    assert "Corroboration: 1 outlet(s)" in (entry.findtext("a:summary", "", ns))


def test_news_list_table_says_when_each_source_is_next_due(
    tmp_path: Path, news_files: Path
) -> None:
    db = str(tmp_path / "n.db")
    run(
        "news",
        "add",
        str(news_files / "outlet-b.atom"),
        "--name",
        "harbour",
        "--db",
        db,
    )
    result = runner.invoke(app, ["news", "list", "--db", db], env={"COLUMNS": "200"})
    code, out = result.exit_code, result.stdout
    assert code == 0
    assert "next due" in out and "failures" in out
    # Never polled: the next watch run polls it.
    assert "due now" in out
