"""Advice wording -> action and level, negation, scales, sentences."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.extract.advice import find_advice, resolve_scale
from travelwatch.pipeline.sentences import split_sentences


def _actions(sentence: str) -> list[str | None]:
    return [h.action for h in find_advice(sentence)]


@pytest.mark.parametrize(
    ("sentence", "action", "level"),
    [
        ("Citizens were told to exercise normal precautions.", "normal_precautions", 1),
        ("Visitors should exercise increased caution.", "increased_caution", 2),
        (
            "Travellers should exercise a high degree of caution.",
            "increased_caution",
            2,
        ),
        ("The ministry urged people to remain vigilant.", "increased_caution", 2),
        ("Residents should reconsider travel to the coast.", "reconsider_travel", 3),
        (
            "They advise against non-essential travel there.",
            "avoid_nonessential_travel",
            3,
        ),
        (
            "It advises against all but essential travel.",
            "avoid_nonessential_travel",
            3,
        ),
        (
            "People were urged to postpone non-urgent trips.",
            "avoid_nonessential_travel",
            3,
        ),
        ("Do not travel to the border.", "avoid_all_travel", 4),
        ("The office advised people not to travel abroad.", "avoid_all_travel", 4),
        (
            "Officials urged citizens to refrain from trips abroad.",
            "avoid_all_travel",
            4,
        ),
        ("It asked nationals to avoid all travel there.", "avoid_all_travel", 4),
        ("Its nationals were told to leave immediately.", "leave_immediately", 4),
        ("Citizens should depart now.", "leave_immediately", 4),
    ],
)
def test_phrase_maps_to_action(sentence: str, action: str, level: int) -> None:
    hits = find_advice(sentence)
    assert [h.action for h in hits] == [action]
    assert hits[0].level == level


def test_unless_necessary_weakens_avoid_travel() -> None:
    sentence = "People should avoid travel there unless absolutely necessary."
    assert _actions(sentence) == ["avoid_nonessential_travel"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The government did not advise against travel to the islands.",
        "Officials are not recommending that people change travel plans.",
        "Few tourists want to leave the resort.",
        "The embassy directed its non-emergency staff to depart.",
        "Can citizens still travel to the capital?",
    ],
)
def test_no_advice(sentence: str) -> None:
    assert find_advice(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "issuer", "action"),
    [
        ("Tokyo set a Level 3 travel alert for the area.", "JP", "avoid_all_travel"),
        ("Washington set a Level 3 travel advisory.", "US", "reconsider_travel"),
        ("Manila declared alert level 3 there.", "PH", "leave_immediately"),
        ("Seoul issued a level 4 travel warning.", "KR", "avoid_all_travel"),
        ("Taipei issued a red travel alert for the city.", "TW", "avoid_all_travel"),
        (
            "Taipei issued an orange travel alert for it.",
            "TW",
            "avoid_nonessential_travel",
        ),
        ("Hong Kong issued a black travel alert.", "HK", "avoid_all_travel"),
        ("Hong Kong issued a red travel alert.", "HK", "avoid_nonessential_travel"),
        ("Israel set a level 2 travel warning there.", "IL", "increased_caution"),
    ],
)
def test_native_scale(sentence: str, issuer: str, action: str) -> None:
    scaled = [h for h in find_advice(sentence) if h.scale]
    assert len(scaled) == 1
    assert resolve_scale(scaled[0], issuer).action == action


def test_level_move_keeps_the_new_level() -> None:
    hits = [
        h for h in find_advice("The advisory went from level 3 to level 2.") if h.scale
    ]
    assert [h.scale for h in hits] == [("numbered", "2")]


def test_terror_threat_level_is_not_travel_advice() -> None:
    assert find_advice("The terror threat level in the country was raised to 4.") == []


def test_sentences_keep_offsets_and_initialisms() -> None:
    text = "The U.S. Embassy spoke. It said so.\nHeadline here"
    got = split_sentences(text)
    assert [s.text for s in got] == [
        "The U.S. Embassy spoke.",
        "It said so.",
        "Headline here",
    ]
    assert all(text[s.start : s.end] == s.text for s in got)
