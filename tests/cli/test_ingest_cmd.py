"""The spine's acceptance checks, through the real CLI and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import (
    app,
    commands,  # noqa: F401  (registers the commands)
)

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _documents(db: Path) -> list[dict[str, object]]:
    code, out = _run("documents", "--db", str(db), "--format", "json")
    assert code == 0, out
    return json.loads(out)


def test_ingest_examples_twice_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    code, out = _run(
        "ingest", str(EXAMPLES / "articles"), "--db", str(db), "--format", "json"
    )
    assert code == 0, out
    first = _documents(db)
    code, out = _run(
        "ingest", str(EXAMPLES / "articles"), "--db", str(db), "--format", "json"
    )
    assert code == 0, out
    assert {row["status"] for row in json.loads(out)} == {"unchanged"}
    assert _documents(db) == first


def test_documents_json_has_the_promised_fields(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _run("ingest", str(EXAMPLES / "articles"), "--db", str(db))
    rows = _documents(db)
    assert rows
    for row in rows:
        assert {"id", "title", "outlet", "url", "published", "language", "text"} <= set(
            row
        )


def test_widget_date_and_signature_become_metadata(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _run(
        "ingest",
        str(EXAMPLES / "articles" / "harbor-times-norway-warning.txt"),
        "--db",
        str(db),
    )
    (row,) = _documents(db)
    assert row["published"] == "2026-03-04"
    assert row["outlet"] == "Harbor Times"
    assert "16 px" not in str(row["text"]) and "Chrome browser" not in str(row["text"])


def test_syndicated_copy_is_linked_to_its_original(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _, out = _run(
        "ingest", str(EXAMPLES / "articles"), "--db", str(db), "--format", "json"
    )
    statuses = {Path(str(r["item"])).name: r["status"] for r in json.loads(out)}
    assert statuses["wire-copies.jsonl#1"] == "duplicate"


def test_bad_items_are_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The ferry to the islands will run twice a day from May onwards.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    db = tmp_path / "x.db"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(empty),
            str(binary),
            str(good),
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    by_name = {Path(str(r["item"])).name: r for r in rows}
    assert by_name["good.txt"]["status"] == "stored"
    assert by_name["empty.txt"]["status"] == "failed"
    assert "empty.txt" in str(by_name["empty.txt"]["detail"])
    assert by_name["blob.txt"]["status"] == "failed"
    assert len(_documents(db)) == 1


def test_search_finds_a_stored_document(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _run("ingest", str(EXAMPLES / "articles"), "--db", str(db))
    code, out = _run("search", "Transnistria", "--db", str(db), "--format", "json")
    assert code == 0, out
    hits = json.loads(out)
    assert hits and all("Transnistria" in (h["snippet"] or "") for h in hits)


def test_search_survives_fts_syntax(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _run("ingest", str(EXAMPLES / "articles"), "--db", str(db))
    code, out = _run("search", 'AND OR "( NEAR', "--db", str(db), "--format", "json")
    assert code == 0, out


def test_document_shows_original_and_cleaned(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _run(
        "ingest",
        str(EXAMPLES / "articles" / "harbor-times-norway-warning.txt"),
        "--db",
        str(db),
    )
    _, out = _run("document", "1", "--db", str(db), "--format", "json")
    data = json.loads(out)
    assert "16 px" in data["original_text"] and "16 px" not in data["text"]


def test_db_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("TRAVELWATCH_DB", str(db))
    _run("ingest", str(EXAMPLES / "articles" / "harbor-times-norway-warning.txt"))
    assert db.exists()


@pytest.mark.issue(2)
def test_seeds_acceptance(shared: Path, tmp_path: Path) -> None:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    db = tmp_path / "seeds.db"
    for _ in range(2):
        code, out = _run("ingest", *map(str, seeds), "--db", str(db))
        assert code == 0, out
    rows = _documents(db)
    assert len(rows) == 3
    texts = {Path(str(r["title"] or "")).name: r for r in rows}
    assert texts  # titles may be empty; check by content below
    by_published = {r["published"] for r in rows}
    assert "2026-01-03" in by_published
    joined = "\n".join(str(r["text"]) for r in rows)
    for debris in ("Please use Chrome browser", "16 px", "Read more from Sky News"):
        assert debris not in joined
    for seed in seeds:
        original = seed.read_text(encoding="utf-8")
        for line in original.splitlines():
            line = line.strip()
            # Every sentence-like body line survives cleaning.
            if len(line) > 60 and line.endswith((".", "”", '"')):
                assert line in joined, line


def test_huge_article_is_cut_and_says_so(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The harbour festival drew a large crowd this weekend. " * 400)
    db = tmp_path / "x.db"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(big),
            "--db",
            str(db),
            "--format",
            "json",
            "--set",
            "ingest.max_text_chars=1000",
        ],
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["status"] == "stored"
    assert "TW110" in row["detail"] and "1000" in row["detail"]
    (doc,) = _documents(db)
    assert len(str(doc["text"])) <= 1000


def test_extract_warns_when_it_cuts(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The harbour festival drew a large crowd this weekend. " * 400)
    result = runner.invoke(
        app,
        [
            "extract",
            str(big),
            "--format",
            "jsonl",
            "--set",
            "ingest.max_text_chars=1000",
        ],
    )
    assert result.exit_code == 0
    assert "TW110" in result.stderr
    assert json.loads(result.stdout)["truncated"] is True
