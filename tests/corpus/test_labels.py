"""Label files: drafts become offsets, and every problem is named."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from travelwatch.corpus.labels import from_draft, problems

TEXT = (
    "Oslo, 3 March 2025. Norway's foreign ministry on Monday advised against all "
    "travel to Ruritania. Protests continued in the capital."
)


def _draft() -> dict[str, Any]:
    return {
        "doc": "xx-1.txt",
        "source_url": None,
        "outlet": "Example Post",
        "published": "2025-03-03",
        "language": "en",
        "advisories": [
            {
                "issuer": "NO",
                "issuing_body": "foreign ministry",
                "speaker": None,
                "audience": "NO",
                "destinations": ["MD"],
                "destinations_except": [],
                "level": 4,
                "level_alternatives": [],
                "action": "avoid_all_travel",
                "change": "issued",
                "reasons": ["civil_unrest"],
                "issued": "2025-03-03",
                "period": None,
                "evidence": {
                    "issuer": ["Norway's foreign ministry"],
                    "destinations": ["travel to Ruritania"],
                    "level": ["advised against all"],
                },
            }
        ],
    }


def test_draft_becomes_sentence_offsets_without_quotes() -> None:
    label = from_draft(_draft(), TEXT)
    evidence = label["advisories"][0]["evidence"]
    ((start, end),) = evidence["level"]
    assert TEXT[start:end].startswith("Norway's foreign ministry on Monday")
    assert TEXT[start:end].endswith("Ruritania.")
    assert evidence["issuer"] == evidence["destinations"] == evidence["level"]
    assert problems(label, TEXT) == []


def test_missing_fragment_is_named() -> None:
    draft = _draft()
    draft["advisories"][0]["evidence"]["level"] = ["not in the article"]
    with pytest.raises(ValueError, match=r"evidence\.level"):
        from_draft(draft, TEXT)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("issuer", "XX", "issuer 'XX'"),
        ("issuer", "EU", "issuer 'EU'"),
        ("destinations", ["ZZ"], "unknown code 'ZZ'"),
        ("destinations", [], "no destinations"),
        ("level", 5, "level 5"),
        ("level_alternatives", [4], "level_alternatives"),
        ("action", "flee", "action 'flee'"),
        ("change", "renewed", "change 'renewed'"),
        ("reasons", ["weather"], "reasons"),
        ("issued", "3 March", "issued '3 March'"),
        ("period", ["x"], "period must be text"),
    ],
)
def test_each_bad_field_is_named(field: str, value: Any, expected: str) -> None:
    label = from_draft(_draft(), TEXT)
    bad = copy.deepcopy(label)
    bad["advisories"][0][field] = value
    found = problems(bad, TEXT)
    assert any(expected in p for p in found), found


def test_span_outside_the_text_is_a_problem() -> None:
    label = from_draft(_draft(), TEXT)
    label["advisories"][0]["evidence"]["issuer"] = [[0, len(TEXT) + 1]]
    assert any("bad span" in p for p in problems(label, TEXT))


def test_empty_evidence_is_a_problem() -> None:
    label = from_draft(_draft(), TEXT)
    label["advisories"][0]["evidence"]["destinations"] = []
    assert any("at least one" in p for p in problems(label, TEXT))


def test_no_advisories_is_a_valid_label() -> None:
    label = {**from_draft(_draft(), TEXT), "advisories": []}
    assert problems(label, TEXT) == []
