"""The shipped heads: loaded when intact, a coded error when not, and current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from travelwatch.errors import ExtractionError
from travelwatch.reader.model import load_model, model_dir
from travelwatch.reader.train import (
    FEATURES_VERSION,
    labels_digest,
    tables_digest,
)

REPO = Path(__file__).resolve().parents[2]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    return folder


def test_shipped_heads_load() -> None:
    model = load_model()
    assert set(model.heads) == {"advice", "action", "destination", "issuer"}
    assert 0 < model.thresholds["advice"] < 1


def test_altered_weights_are_tw302(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "reader.npz").write_bytes(b"not a model")
    with pytest.raises(ExtractionError) as err:
        load_model(str(folder))
    assert err.value.code == "TW302"
    assert "reader.npz" in err.value.line()


def test_missing_file_is_tw302(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "reader.json").unlink()
    with pytest.raises(ExtractionError, match="TW302"):
        load_model(str(folder))


def test_cli_says_one_line_before_reading_anything(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "reader.npz").write_bytes(b"x")
    article = tmp_path / "a.txt"
    article.write_text("Norway told its citizens to avoid all travel to Moldova.")
    exe = Path(sys.executable).parent / "travelwatch"
    result = subprocess.run(
        [str(exe), "extract", str(article), "--set", f"reader.model_dir={folder}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TW302 " in lines[0]
    assert "Traceback" not in result.stderr


def test_shipped_heads_were_trained_on_the_current_labels() -> None:
    """`make train` reproduces the artefact from these labels; when the train or
    dev labels change, the heads must be retrained (and this test says so)."""
    meta = json.loads((model_dir() / "reader.json").read_text())
    assert meta["labels_sha256"] == labels_digest(REPO / "corpus" / "labels"), (
        "corpus train/dev labels changed since the heads were trained: run make train"
    )


def test_tables_digest_follows_every_table(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "lexicon" / "i18n").mkdir(parents=True)
    (data / "places").mkdir()
    (data / "debris.json").write_text("{}")
    (data / "lexicon" / "i18n" / "xx.json").write_text('{"a": 1}')
    (data / "places" / "xx.tsv").write_text("a\tB\n")
    before = tables_digest(data)
    (data / "lexicon" / "i18n" / "xx.json").write_text('{"a": 2}')
    assert tables_digest(data) != before
    (data / "lexicon" / "i18n" / "xx.json").write_text('{"a": 1}')
    assert tables_digest(data) == before
    (data / "models").mkdir()  # the heads themselves are not an input
    (data / "models" / "reader.json").write_text("{}")
    assert tables_digest(data) == before


def test_shipped_heads_were_trained_on_the_current_tables() -> None:
    """The heads read features built from the packaged lexicons, places and
    debris rules: when a table changes, what `make train` produces changes, so
    the shipped heads must be trained again (and this test says so)."""
    meta = json.loads((model_dir() / "reader.json").read_text())
    assert meta.get("features") == FEATURES_VERSION, (
        "the feature code changed since the heads were trained: run make train"
    )
    assert meta.get("tables_sha256") == tables_digest(), (
        "lexicon, place or debris tables changed since the heads were trained: "
        "run make train"
    )
