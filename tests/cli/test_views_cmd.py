"""The CLI views print what the read-side core returns."""

from __future__ import annotations

import json

import pytest
from advisory_store import Filled, fill
from typer.testing import CliRunner

from travelwatch.cli import commands  # noqa: F401
from travelwatch.cli.app import app
from travelwatch.storage.store import Store


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_advisories_json_has_the_documented_fields(filled: Filled) -> None:
    data = json.loads(
        _run("advisories", "--db", filled.store.settings.db, "--format", "json")
    )
    assert set(data[0]) >= {
        "id",
        "reports",
        "disagreements",
        "reciprocal_ids",
        "report_count",
    }


def test_advisories_filter_by_destination(filled: Filled) -> None:
    out = _run(
        "advisories", "--db", filled.store.settings.db, "--to", "HT", "--format", "json"
    )
    assert [a["issuer"] for a in json.loads(out)] == ["CA"]


def test_show_prints_evidence_sentences(filled: Filled) -> None:
    adv_id = filled.advisory_id_of("CA", "HT")
    out = _run("show", adv_id, "--db", filled.store.settings.db)
    # The table may wrap the sentence over lines inside its borders.
    flat = " ".join(out.replace("│", " ").split())
    assert "to avoid all travel to Haiti because of gang violence" in flat


def test_show_unknown_id_fails(filled: Filled) -> None:
    result = CliRunner().invoke(
        app, ["show", "adv:none", "--db", filled.store.settings.db]
    )
    assert result.exit_code == 1


def test_timeline_json_steps(filled: Filled) -> None:
    out = _run(
        "timeline", "JP", "CN", "--db", filled.store.settings.db, "--format", "json"
    )
    assert [s["level"] for s in json.loads(out)["steps"]] == [2, 3]


def test_export_writes_a_file(filled: Filled, tmp_path) -> None:
    target = tmp_path / "out.geojson"
    _run(
        "export",
        "--format",
        "geojson",
        "--db",
        filled.store.settings.db,
        "-o",
        str(target),
    )
    assert json.loads(target.read_text())["type"] == "FeatureCollection"


@pytest.mark.issue(13)
def test_advisories_table_says_date_unknown(store: Store) -> None:
    import datetime as dt

    from travelwatch.models import Advisory, Origin
    from travelwatch.pipeline.merge import Report
    from travelwatch.storage.advisories import insert_reports, refresh_advisories

    undated = Report(
        key="doc:x#1",
        advisory=Advisory("US", "US", ["BR"], 4, None),
        origin=Origin.NEWS,
        document_id=None,
        source="wire",
        published=None,
        seen_at=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
    )
    with store.begin() as conn:
        insert_reports(conn, [undated])
        refresh_advisories(conn, ["US"], window_days=21)
    result = CliRunner().invoke(
        app, ["advisories", "--db", store.settings.db, "--format", "csv"]
    )
    assert "date unknown" in result.stdout and "2026-12-03" not in result.stdout
