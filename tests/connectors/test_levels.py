"""The native-levels table and the docs rendered from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from travelwatch.connectors.levels import (
    level_by_id,
    level_by_wording,
    levels_markdown,
    native_levels,
)
from travelwatch.models import ACTION_LEVEL

DOCS = Path(__file__).resolve().parents[2] / "docs" / "levels.md"


def test_every_row_has_a_schema_action_matching_its_level():
    for row in native_levels():
        assert ACTION_LEVEL[row.action] == row.level, row


@pytest.mark.parametrize(
    ("issuer", "count"),
    [
        ("US", 4),
        ("GB", 5),
        ("CA", 4),
        ("AU", 4),
        ("IE", 4),
        ("NZ", 4),
        ("JP", 4),
        ("KR", 5),
        ("TW", 4),
        ("HK", 3),
        ("PH", 4),
        ("IL", 4),
    ],
)
def test_each_issuer_is_complete(issuer, count):
    assert len([r for r in native_levels() if r.issuer == issuer]) == count


@pytest.mark.parametrize(
    ("issuer", "native_id", "level", "action"),
    [
        ("JP", "3", 4, "avoid_all_travel"),  # by meaning, not by number
        ("JP", "4", 4, "leave_immediately"),
        ("JP", "1", 2, "increased_caution"),
        ("HK", "black", 4, "avoid_all_travel"),
        ("TW", "orange", 3, "avoid_nonessential_travel"),
        ("GB", "avoid_all_travel_to_parts", 2, "increased_caution"),
        ("CA", "0", 1, "normal_precautions"),
    ],
)
def test_native_level_by_id(issuer, native_id, level, action):
    row = level_by_id(issuer, native_id)
    assert (row.level, row.action) == (level, action)


@pytest.mark.parametrize(
    ("issuer", "text", "level"),
    [
        ("CA", "Border with Liberia - Avoid non-essential travel", 3),
        ("CA", "HAITI - AVOID ALL TRAVEL", 4),
        ("CA", "Exercise a high degree of caution (with regional advisories)", 2),
        ("AU", "Reconsider your need to travel", 3),
        ("AU", "Do not travel", 4),
        ("IE", "High Degree of Caution", 2),
        ("US", "Level 3: Reconsider Travel", 3),
    ],
)
def test_native_level_by_wording(issuer, text, level):
    assert level_by_wording(issuer, text).level == level


def test_unknown_wording_is_none():
    assert level_by_wording("AU", "Be somewhat careful") is None


def test_docs_levels_md_is_generated_from_the_table():
    assert DOCS.read_text(encoding="utf-8") == levels_markdown()


def _lexicon_scales() -> dict:
    import json
    from importlib import resources

    path = resources.files("travelwatch.data").joinpath("lexicon/advice_scales.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.issue(13)
@pytest.mark.parametrize("kind", ["numbered", "coloured"])
def test_news_scales_agree_with_the_one_levels_table(kind):
    """Feeds and news read an issuer's native level the same way (one table).

    The news lexicon may know issuers the table lacks (Macau); where both know a
    native level, they must give the same action, so no disagreement is invented.
    """
    checked = 0
    for issuer, steps in _lexicon_scales()[kind].items():
        for native_id, action in steps.items():
            row = level_by_id(issuer, native_id)
            if row is None:
                continue
            assert row.action == action, (issuer, native_id)
            checked += 1
    assert checked >= 20 if kind == "numbered" else checked >= 5


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("issuer", "native_id", "action"),
    [("PH", "3", "leave_immediately"), ("IL", "3", "avoid_nonessential_travel")],
)
def test_levels_that_used_to_disagree(issuer, native_id, action):
    assert level_by_id(issuer, native_id).action == action
