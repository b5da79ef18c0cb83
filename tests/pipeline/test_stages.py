from __future__ import annotations

from pathlib import Path

import pytest

from travelwatch.errors import ConfigError
from travelwatch.models import Article
from travelwatch.pipeline.stages import (
    CLEAN,
    EXTRACT,
    SCREEN,
    SIGN,
    PipelineState,
    build_pipeline,
    check_order,
    run_pipeline,
    stages,
    stages_markdown,
)
from travelwatch.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
ADVICE = (
    "Oslo, 3 March 2026. Norway's foreign ministry told its citizens on Tuesday to "
    "avoid all travel to Moldova's Transnistria region."
)


def test_default_pipeline_is_in_a_valid_order() -> None:
    pipeline = build_pipeline(load_settings(environ={}))
    assert [s.name for s in pipeline] == ["clean", "screen", "read_advisory", "sign"]


@pytest.mark.parametrize(
    ("order", "missing"),
    [
        ([SCREEN, CLEAN], "document"),
        ([CLEAN, EXTRACT], "screened"),
        ([SIGN], "document"),
    ],
)
def test_a_stage_before_what_it_needs_is_refused(order: list, missing: str) -> None:
    with pytest.raises(ConfigError, match=f"TW005.*{missing}"):
        check_order(order)


def test_unknown_stage_name_is_refused() -> None:
    settings = load_settings({"pipeline.stages": "clean,translate"}, environ={})
    with pytest.raises(ConfigError, match="TW003"):
        build_pipeline(settings)


def test_stages_are_found_by_short_and_versioned_name() -> None:
    assert stages.get("clean") is CLEAN
    assert stages.get("stage.extract_advisory.v1") is EXTRACT


def test_a_pipeline_without_extraction_finds_nothing() -> None:
    settings = load_settings({"pipeline.stages": "clean,screen,sign"}, environ={})
    state = run_pipeline(
        build_pipeline(settings), PipelineState(Article(ADVICE, "a.txt"), settings)
    )
    assert state.screened and state.advisories == [] and state.signature


def test_the_full_pipeline_extracts() -> None:
    settings = load_settings(environ={})
    state = run_pipeline(
        build_pipeline(settings), PipelineState(Article(ADVICE, "a.txt"), settings)
    )
    assert [a.issuer for a in state.advisories] == ["NO"]


def test_pipeline_doc_is_current() -> None:
    doc = (REPO / "docs" / "pipeline.md").read_text()
    assert doc == stages_markdown(), "docs/pipeline.md is stale; run `make docs`"
