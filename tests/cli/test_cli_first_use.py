"""Issue 15: the CLI a new user meets: article text is never markup, a bad --db
is one coded line with the fix, and --version answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    commands,  # noqa: F401
    main,
)
from travelwatch.cli.app import app

pytestmark = pytest.mark.issue(15)


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["travelwatch", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_version(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main(monkeypatch, "--version") == 0
    assert capsys.readouterr().out.startswith("travelwatch ")


def test_search_shows_article_text_as_text(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    article = tmp_path / "a.json"
    article.write_text(
        json.dumps(
            {"text": "Kyiv [/caption] desk :ua: [b]bold[/b] travel news today."}
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(article), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["search", "Kyiv", "--db", db])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "[Kyiv]" in flat  # the highlighted word is shown, not swallowed
    assert "[/caption]" in flat and ":ua:" in flat and "[b]bold[/b]" in flat


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("{tmp}/missing/dir/x.db", "does not exist"),
        ("foo://bar", "unknown kind of database"),
        ("mysql://u@127.0.0.1/x", "driver is not installed"),
        ("{tmp}/garbage.db", "not a database"),
        ("{tmp}", "is a folder"),
    ],
)
def test_a_bad_db_is_one_coded_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db: str,
    expected: str,
) -> None:
    (tmp_path / "garbage.db").write_text("not sqlite at all", encoding="utf-8")
    db = db.format(tmp=tmp_path)
    assert _main(monkeypatch, "documents", "--db", db) == 2
    err = capsys.readouterr().err
    assert err.startswith("error TW401 ") and expected in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


def test_a_json_file_that_is_not_an_article_is_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.json").write_text(
        json.dumps({"text": "Ministers met in the capital on Monday."}),
        encoding="utf-8",
    )
    (folder / "story.labels.json").write_text(
        json.dumps({"advisories": [], "notes": "gold labels"}), encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "TW112" in result.output


def test_advisories_say_when_more_rows_match(tmp_path: Path) -> None:
    from advisory_store import fill

    from travelwatch.settings import load_settings
    from travelwatch.storage.store import Store

    db = str(tmp_path / "t.db")
    with Store(settings=load_settings({"db": db})) as store:
        fill(store)
    runner = CliRunner()
    full = runner.invoke(app, ["advisories", "--db", db, "--format", "json"])
    total = len(json.loads(full.stdout))
    assert total >= 2
    paged = runner.invoke(
        app, ["advisories", "--db", db, "--format", "csv", "--limit", "1"]
    )
    assert paged.exit_code == 0
    assert "next: --offset 1" in paged.stderr
    assert len(paged.stdout.strip().splitlines()) == 2  # header and one row


def test_show_takes_a_unique_beginning_of_an_id(tmp_path: Path) -> None:
    from advisory_store import fill

    from travelwatch.settings import load_settings
    from travelwatch.storage.store import Store

    db = str(tmp_path / "t.db")
    with Store(settings=load_settings({"db": db})) as store:
        fill(store)
    runner = CliRunner()
    ids = [
        a["id"]
        for a in json.loads(
            runner.invoke(app, ["advisories", "--db", db, "--format", "json"]).stdout
        )
    ]
    target = ids[0]
    prefix = next(
        target[:n]
        for n in range(5, len(target) + 1)
        if sum(i.startswith(target[:n]) for i in ids) == 1
    )
    shown = runner.invoke(app, ["show", prefix.removeprefix("adv:"), "--db", db])
    assert shown.exit_code == 0, shown.output
    assert runner.invoke(app, ["show", "zzzz", "--db", db]).exit_code == 1


def test_matrix_json_and_csv_are_one_row_per_pair_and_filter(tmp_path: Path) -> None:
    from advisory_store import fill
    from fastapi.testclient import TestClient

    from travelwatch.api import create_app
    from travelwatch.settings import load_settings
    from travelwatch.storage.store import Store

    db = str(tmp_path / "t.db")
    with Store(settings=load_settings({"db": db})) as store:
        fill(store)
        with TestClient(create_app(store)) as client:
            whole = client.get("/api/matrix").json()
    pairs = {(i, d): lv for i, row in whole["levels"].items() for d, lv in row.items()}
    assert len(pairs) >= 2
    runner = CliRunner()
    rows = json.loads(
        runner.invoke(app, ["matrix", "--db", db, "--format", "json"]).stdout
    )
    assert {(r["issuer"], r["destination"]): r["level"] for r in rows} == pairs
    assert len(rows) == len(pairs)
    assert all(
        set(r) == {"issuer", "destination", "level", "advisory_id"} for r in rows
    )
    lines = runner.invoke(app, ["matrix", "--db", db, "--format", "csv"]).stdout
    lines = lines.strip().splitlines()
    assert lines[0] == "issuer,destination,level,advisory_id"
    assert len(lines) - 1 == len(pairs)
    issuer, destination = next(iter(pairs))
    only = runner.invoke(
        app, ["matrix", "--db", db, "--format", "json", "--issuer", issuer]
    ).stdout
    assert {r["issuer"] for r in json.loads(only)} == {issuer}
    to = runner.invoke(
        app, ["matrix", "--db", db, "--format", "json", "--to", destination]
    ).stdout
    assert {r["destination"] for r in json.loads(to)} == {destination}


def test_documents_say_when_more_rows_follow(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    folder = tmp_path / "in"
    folder.mkdir()
    for n, town in enumerate(["Quito", "Lima", "Sucre"]):
        (folder / f"{n}.txt").write_text(
            f"{town} market note {n}: the stalls open at dawn and close at noon.",
            encoding="utf-8",
        )
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    everything = runner.invoke(app, ["documents", "--db", db, "--format", "json"])
    assert len(json.loads(everything.stdout)) == 3
    assert "next:" not in everything.stderr  # all rows, nothing to say
    first = runner.invoke(
        app, ["documents", "--db", db, "--format", "csv", "--limit", "2"]
    )
    assert first.exit_code == 0
    assert "showing 1-2 of 3; next: --offset 2" in first.stderr
    assert len(first.stdout.strip().splitlines()) == 3  # header and two rows
    rest = runner.invoke(
        app, ["documents", "--db", db, "--format", "json", "--offset", "2"]
    )
    rows = json.loads(rest.stdout)
    assert [r["id"] for r in rows] == [json.loads(everything.stdout)[2]["id"]]
    assert "next:" not in rest.stderr


def test_tables_show_whole_ids_at_80_columns(tmp_path: Path) -> None:
    import os
    import subprocess

    from advisory_store import fill

    from travelwatch.settings import load_settings
    from travelwatch.storage.store import Store

    db = str(tmp_path / "t.db")
    with Store(settings=load_settings({"db": db})) as store:
        fill(store)
    exe = str(Path(sys.executable).parent / "travelwatch")
    env = {**os.environ, "COLUMNS": "80"}

    def run(*args: str) -> str:
        done = subprocess.run(
            [exe, *args, "--db", db],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        return done.stdout

    ids = [a["id"] for a in json.loads(run("advisories", "--format", "json"))]
    table = run("advisories")
    assert max(len(line) for line in table.splitlines()) <= 80
    cells = {
        cell.strip() for line in table.splitlines() for cell in line.split("│")[1:2]
    }
    assert set(ids) <= cells  # every id whole, as the first cell of its row
    assert "adv:" in run("show", ids[-1])  # and it can be used as it is shown
