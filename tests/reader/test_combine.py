"""The rules' advisories and the learned ones joined: a second level of the same
advice is its own advisory, with the places its own sentences name."""

from __future__ import annotations

from travelwatch.models import ACTION_LEVEL, Advisory, Document
from travelwatch.reader.document import ReadDoc
from travelwatch.reader.grouping import combine, combine_read
from travelwatch.settings import load_settings


def _adv(issuer: str, action: str, *places: str) -> Advisory:
    return Advisory(issuer, issuer, list(places), ACTION_LEVEL[action], action)


NORTH = _adv("DE", "avoid_all_travel", "ML", "NE")
REST = _adv("DE", "reconsider_travel", "ML", "BF")


def test_learned_advice_about_an_advised_place_is_dropped_by_default() -> None:
    out = combine([NORTH], [REST])
    assert out == [NORTH]


def test_a_strong_second_level_is_kept_with_its_own_places() -> None:
    out = combine([NORTH], [REST], [(0.95, frozenset({"ML"}))], second_level=0.9)
    assert [(a.action, a.destinations) for a in out] == [
        ("avoid_all_travel", ["ML", "NE"]),
        ("reconsider_travel", ["ML"]),  # BF came from a neighbouring sentence
    ]


def test_a_second_level_needs_strength_another_action_and_a_place_of_its_own() -> None:
    weak = combine([NORTH], [REST], [(0.5, frozenset({"ML"}))], second_level=0.9)
    same = combine(
        [NORTH],
        [_adv("DE", "avoid_all_travel", "ML")],
        [(0.99, frozenset({"ML"}))],
        second_level=0.9,
    )
    placeless = combine([NORTH], [REST], [(0.99, frozenset())], second_level=0.9)
    assert weak == same == placeless == [NORTH]


def test_advice_about_other_places_or_by_others_is_always_kept() -> None:
    other = _adv("FR", "reconsider_travel", "ML")
    elsewhere = _adv("DE", "reconsider_travel", "TD")
    assert combine([NORTH], [other, elsewhere]) == [NORTH, other, elsewhere]


def _doc(rules_read: bool, **settings: object) -> ReadDoc:
    rd = ReadDoc(Document.from_text("x"), "de", load_settings(settings))
    rd.rules_read = rules_read
    rd.rule_advisories = [NORTH]
    rd.learned_advisories = [REST]
    rd.learned_support = [(0.95, frozenset({"ML"}))]
    return rd


def test_the_reader_keeps_second_levels_only_where_the_rules_do_not_read() -> None:
    assert len(combine_read(_doc(rules_read=False))) == 2
    # The rules read levels and regions themselves where they read.
    assert combine_read(_doc(rules_read=True)) == [NORTH]
    off = _doc(rules_read=False, **{"reader.second_levels": 1.01})
    assert combine_read(off) == [NORTH]
