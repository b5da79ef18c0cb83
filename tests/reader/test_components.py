"""The reader's components: contracts checked up front, each can be switched off."""

from __future__ import annotations

import pytest

from travelwatch.errors import ConfigError
from travelwatch.models import Advisory, Document
from travelwatch.reader.components import build_reader, read_document
from travelwatch.reader.context import context_of, list_items
from travelwatch.reader.grouping import combine
from travelwatch.reader.sentences import sentences_of
from travelwatch.settings import load_settings

ADVICE = (
    "Oslo, 3 March 2025. Norway's foreign ministry on Monday advised its citizens "
    "to avoid all travel to Moldova because of fighting near the border."
)


def _settings(**values: str) -> object:
    return load_settings({f"reader.{k}": v for k, v in values.items()})


def test_order_is_checked_before_reading() -> None:
    with pytest.raises(ConfigError, match="TW005"):
        build_reader(load_settings({"reader.components": "advice,sentences"}))


def test_unknown_component_switched_off_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"reader\.off"):
        build_reader(load_settings({"reader.off": "telepathy"}))


def test_rules_alone_still_read_english() -> None:
    doc = Document.from_text(ADVICE)
    settings = load_settings({"reader.off": "advice"})
    rd = read_document(doc, settings)
    assert [(a.issuer, a.destinations) for a in rd.advisories] == [("NO", ["MD"])]
    assert rd.learned_advisories == []


def test_switching_a_component_off_leaves_its_fields_empty() -> None:
    doc = Document.from_text(ADVICE)
    rd = read_document(doc, load_settings({"reader.off": "places"}))
    assert rd.mentions == []
    assert rd.learned_advisories == []


def test_places_are_read_over_the_whole_article() -> None:
    doc = Document.from_text(ADVICE)
    rd = read_document(doc, load_settings({"reader.off": "advice"}))
    assert {m.code for m in rd.mentions} >= {"NO", "MD"}
    assert rd.mention_sentence == sorted(rd.mention_sentence)


def test_a_heading_owns_the_list_below_it() -> None:
    text = (
        "The ministry updated its advice.\nDo not travel to:\n- Ruritania\n- Freedonia\n"
        "Reconsider travel to:\n- Elbonia"
    )
    rd = read_document(
        Document.from_text(text), load_settings({"reader.off": "advice"})
    )
    assert rd.sentences == sentences_of(text)
    assert [rd.sentences[i].text for i in list_items(rd, 1)] == [
        "- Ruritania",
        "- Freedonia",
    ]
    assert list_items(rd, 0) == []
    assert context_of(rd, 1) == [0, 1, 2, 3]


def _adv(issuer: str, places: list[str], level: int) -> Advisory:
    return Advisory(issuer, issuer, places, level, "avoid_all_travel")


def test_combine_keeps_rules_and_adds_what_they_missed() -> None:
    rules = [_adv("NO", ["MD"], 4)]
    learned = [_adv("NO", ["MD", "UA"], 3), _adv("SE", ["MD"], 4)]
    assert [(a.issuer, a.level) for a in combine(rules, learned)] == [
        ("NO", 4),
        ("SE", 4),
    ]
