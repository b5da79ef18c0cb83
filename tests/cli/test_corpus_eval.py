"""``travelwatch eval --corpus``: rows per split, language and issuer kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from travelwatch.cli import commands  # noqa: F401
from travelwatch.cli.app import app
from travelwatch.corpus.splits import split_of

runner = CliRunner()

ADVICE = (
    "Oslo, 3 March 2025. Norway's foreign ministry on Monday advised citizens to "
    "avoid all travel to Moldova because of fighting near the border."
)
QUIET = "Oslo, 3 March 2025. A ferry company added two summer routes to Denmark."
FRENCH = (
    "Paris, 3 mars 2025. Le ministère des Affaires étrangères déconseille "
    "formellement de se rendre au Mali."
)


def _name(prefix: str, split: str) -> str:
    """A text name of ``prefix`` that hashes into ``split``."""
    return next(
        f"{prefix}-{i:08x}"
        for i in range(1000)
        if split_of(f"{prefix}-{i:08x}") == split
    )


def _advisory(issuer: str, dest: str, level: int, action: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "audience": issuer,
        "destinations": [dest],
        "level": level,
        "level_alternatives": [],
        "action": action,
        "reasons": [],
        "issued": None,
    }


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    texts, labels = tmp_path / "corpus" / "texts", tmp_path / "labels"
    texts.mkdir(parents=True)
    labels.mkdir()
    items = [
        (
            _name("en", "blind"),
            ADVICE,
            "en",
            [_advisory("NO", "MD", 4, "avoid_all_travel")],
        ),
        (_name("en", "dev"), QUIET, "en", []),
        (
            _name("fr", "blind"),
            FRENCH,
            "fr",
            [_advisory("FR", "ML", 4, "avoid_all_travel")],
        ),
        (
            _name("de", "blind"),
            QUIET,
            "de",
            [_advisory("US", "RU", 4, "avoid_all_travel")],
        ),
    ]
    for name, text, language, advisories in items:
        (texts / f"{name}.txt").write_text(text)
        label = {"doc": f"{name}.txt", "language": language, "advisories": advisories}
        (labels / f"{name}.json").write_text(json.dumps(label))
    return tmp_path / "corpus", labels


def _run(*args: str) -> Any:
    result = runner.invoke(app, ["eval", *args])
    return result


def test_rows_per_split_language_and_issuer_kind(tmp_path: Path) -> None:
    corpus, labels = _corpus(tmp_path)
    result = _run(
        "--corpus", str(corpus), "--labels", str(labels), "--split", "blind", "--json"
    )
    assert result.exit_code == 0, result.output
    rows = {r["rows"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {
        "all",
        "non-en",
        "lang:en",
        "lang:fr",
        "lang:de",
        "issuers:feed",
        "issuers:news-only",
    }
    assert rows["all"]["metrics"]["docs"] == 3
    assert rows["lang:en"]["metrics"]["advisory_f1"] == 1.0
    # The US advisory labelled on a text that does not hold it is missed, and
    # counted under issuers with an official feed.
    assert rows["issuers:feed"]["metrics"]["advisory_recall"] == 0.0
    assert rows["all"]["error_categories"]["missed"] >= 1
    assert "misses" not in rows["all"]


def test_blind_misses_are_never_listed_by_document(tmp_path: Path) -> None:
    corpus, labels = _corpus(tmp_path)
    result = _run("--corpus", str(corpus), "--labels", str(labels), "--misses")
    assert result.exit_code == 0, result.output
    assert _name("de", "blind") not in result.stdout
    assert "blind: documents with errors, by kind: missed" in result.stdout


def test_language_filter_and_floors(tmp_path: Path) -> None:
    corpus, labels = _corpus(tmp_path)
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"advisory_f1": 0.99}}))
    result = _run(
        "--corpus",
        str(corpus),
        "--labels",
        str(labels),
        "--language",
        "en",
        "--split",
        "blind",
        "--floors",
        str(floors),
        "--json",
    )
    assert result.exit_code == 0, result.output
    result = _run(
        "--corpus",
        str(corpus),
        "--labels",
        str(labels),
        "--split",
        "blind",
        "--floors",
        str(floors),
    )
    assert result.exit_code == 1
    assert "below floor: blind: advisory_f1" in result.stderr


def test_missing_texts_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("--corpus", str(tmp_path))
    assert result.exit_code == 2
