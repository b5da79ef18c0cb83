"""Codes and names people type: aliases resolve, unknown codes are errors (#13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from advisory_store import Filled, fill
from typer.testing import CliRunner

from travelwatch.cli import commands  # noqa: F401
from travelwatch.cli.app import app
from travelwatch.errors import ConfigError
from travelwatch.queries.codes import place_code
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(13)
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("UK", "GB"),
        ("uk", "GB"),
        ("Russia", "RU"),
        ("gb", "GB"),
        ("GBR", "GB"),
        ("Ivory Coast", "CI"),
        ("EU", "EU"),
        ("XK", "XK"),
    ],
)
def test_place_code_accepts_codes_aliases_and_names(typed: str, code: str) -> None:
    assert place_code(typed) == code


@pytest.mark.parametrize("typed", ["XX", "Atlantis", "Q"])
def test_unknown_place_is_an_error(typed: str) -> None:
    with pytest.raises(ConfigError) as err:
        place_code(typed)
    assert err.value.code == "TW006"


def test_advisories_filter_takes_a_country_name(filled: Filled) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("advisories", "--db", filled.store.settings.db),
            *("--to", "Haiti", "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [a["issuer"] for a in json.loads(result.stdout)] == ["CA"]


def test_unknown_code_is_a_clear_error_not_an_empty_result(filled: Filled) -> None:
    result = CliRunner().invoke(
        app, ["advisories", "--db", filled.store.settings.db, "--to", "XX"]
    )
    assert result.exit_code == 2
    assert "Unknown place 'XX'" in result.stderr


def test_sync_accepts_the_issuer_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("sync", "United States", "--from", str(FEEDS / "base.xml")),
            *("--db", str(tmp_path / "x.db"), "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["source"] == "us"


def test_sync_gb_is_the_uk_source(tmp_path: Path) -> None:
    from travelwatch.feeds import _source_names

    assert _source_names(["gb", "UK", "Britain"]) == ["uk"]


def test_ambiguous_name_is_a_usage_error_with_candidates(filled: Filled) -> None:
    result = CliRunner().invoke(
        app, ["advisories", "--db", filled.store.settings.db, "--to", "Congo"]
    )
    assert result.exit_code == 2
    assert "CD or CG" in result.stderr
