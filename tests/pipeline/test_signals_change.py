"""How advice changed (travelwatch.pipeline.signals.change)."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.signals import find_change


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("The ministry raised its travel warning for the country to red.", "raised"),
        (
            "The level was upgraded to 4 after the attack; the advisory was elevated.",
            "raised",
        ),
        ("Alert Level 3 Raised for the region", "raised"),
        ("The government has tightened its travel advice for the country.", "raised"),
        ("The office lowered its travel alert for the island.", "lowered"),
        (
            "The US downgrades its advisory for the island from level 3 to level 2.",
            "lowered",
        ),
        ("The advisory moved from level 2 to level 4 overnight.", "raised"),
        ("The ministry eased its travel advice for the coast.", "lowered"),
        ("The ministry lifted the travel warning for the capital.", "lifted"),
        ("The government withdrew the warning for the border area.", "lifted"),
        ("The office no longer advises against travel to the coast.", "lifted"),
        ("We urge you to continue to refrain from trips to the country.", "reiterated"),
        ("The ministry reiterated its travel warning on Monday.", "reiterated"),
        ("The ministry issued a renewed advisory urging caution.", "reiterated"),
        ("The warning remains in force, the spokesman said.", "reiterated"),
        ("The ministry again urged citizens to stay away.", "reiterated"),
        ("The ministry issued a travel advisory on Friday.", "issued"),
        ("The embassy announced a new advisory for the region.", "issued"),
    ],
)
def test_change_cue(text: str, change: str) -> None:
    hit = find_change(text)
    assert hit is not None
    assert hit.change == change
    assert text[hit.start : hit.end] == hit.cue


def test_reiteration_outranks_a_softer_raise() -> None:
    text = (
        "The ministry issued a renewed advisory on the coast. "
        "It said it was tightening its recommendation."
    )
    hit = find_change(text)
    assert hit is not None
    assert hit.change == "reiterated"


def test_explicit_raise_outranks_issuing() -> None:
    text = "The ministry issued a statement. It raised the travel advisory to level 3."
    hit = find_change(text)
    assert hit is not None
    assert hit.change == "raised"


@pytest.mark.parametrize(
    "text",
    [
        "The president lowered the threshold for using nuclear weapons.",
        "Officials raised concerns about the trial.",
        "Citizens should maintain a high level of vigilance.",
        "The ministry advised citizens to stay away from the border.",
        "The diplomatic friction extends beyond travel advisories.",
    ],
)
def test_no_change_said(text: str) -> None:
    assert find_change(text) is None
