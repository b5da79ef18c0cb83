"""Governments listed together as giving one piece of advice (CLDR list patterns),
and advice that names no place continuing the place of the advice before it."""

from __future__ import annotations

from travelwatch.models import Document
from travelwatch.reader.coissuers import co_issuers, list_connectors
from travelwatch.reader.components import read_document
from travelwatch.reader.document import ReadDoc
from travelwatch.reader.grouping import group_advisories
from travelwatch.settings import load_settings


def _read(text: str, language: str = "en", **settings: object) -> ReadDoc:
    doc = Document.from_text(text)
    doc.language = language
    off = {"reader.off": "rules,encode,advice,destinations,issuer,coissuers,group"}
    return read_document(doc, load_settings({**off, **settings}))


def _mention(rd: ReadDoc, code: str) -> int:
    return next(i for i, m in enumerate(rd.mentions) if m.code == code)


def test_list_words_come_from_cldr() -> None:
    assert {"and", "or"} <= list_connectors("en")
    assert "和" in list_connectors("zh")
    assert "و" in list_connectors("ar")
    assert "und" in list_connectors("de")
    assert list_connectors("xx-not-a-language") == list_connectors("en")


def test_a_list_of_governments_before_the_advice_gives_it_together() -> None:
    rd = _read(
        "Portugal, Greece and the Netherlands have urged their citizens to avoid "
        "all travel to Moldova."
    )
    issuer = _mention(rd, "GR")
    assert co_issuers(rd, 0, "GR") == ["PT", "NL"]
    assert issuer in rd.issuer_mentions
    assert _mention(rd, "MD") not in rd.issuer_mentions


def test_a_list_of_destinations_after_the_advice_is_not_governments() -> None:
    # Even when the issuer head wrongly took a destination for the government.
    rd = _read(
        "The ministry urged citizens to avoid all travel to Moldova, Georgia and "
        "Armenia."
    )
    assert co_issuers(rd, 0, "GE") == []
    assert rd.issuer_mentions == set()


def test_two_names_split_by_a_comma_alone_are_not_a_list() -> None:
    rd = _read(
        "Amid fighting in Myanmar, India advised its citizens to avoid all travel "
        "to the border areas."
    )
    assert co_issuers(rd, 0, "IN") == []


def test_a_sentence_far_from_the_list_is_not_joined() -> None:
    rd = _read(
        "Portugal said on Monday, after talks with officials from Greece, that "
        "citizens should avoid all travel to Moldova."
    )
    assert co_issuers(rd, 0, "PT") == []


def _advise(rd: ReadDoc, sentence: int, issuer: str, places: list[str]) -> None:
    rd.actions[sentence] = ("reconsider_travel", ())
    rd.issuers[sentence] = issuer
    for i, m in enumerate(rd.mentions):
        if rd.mention_sentence[i] == sentence and m.code in places:
            rd.dest_prob[i] = 1.0


def test_listed_governments_each_get_the_advice_and_are_not_destinations() -> None:
    rd = _read(
        "Portugal, Greece and the Netherlands have urged their citizens to "
        "reconsider travel to Moldova."
    )
    _advise(rd, 0, "GR", ["MD"])
    for i in range(len(rd.mentions)):  # the destination head took them all
        rd.dest_prob[i] = 1.0
    rd.co_issuers[0] = co_issuers(rd, 0, "GR")
    got = {(a.issuer, tuple(a.destinations)) for a in group_advisories(rd)}
    assert got == {("GR", ("MD",)), ("PT", ("MD",)), ("NL", ("MD",))}


THREE_SENTENCES = (
    "Portugal urged its citizens to avoid all travel to Moldova. "
    "Spain told its nationals to reconsider any trips. "
    "Nationals of Greece, Italy and the Netherlands are advised to reconsider "
    "their travel plans too."
)


def _three(**settings: object) -> set[tuple[str, tuple[str, ...]]]:
    rd = _read(THREE_SENTENCES, **settings)
    _advise(rd, 0, "PT", ["MD"])
    _advise(rd, 1, "ES", [])
    _advise(rd, 2, "GR", [])
    rd.co_issuers[2] = co_issuers(rd, 2, "GR")
    return {(a.issuer, tuple(a.destinations)) for a in group_advisories(rd)}


def test_advice_naming_no_place_continues_the_place_just_before_it() -> None:
    assert _three() == {
        ("PT", ("MD",)),
        ("ES", ("MD",)),
        ("GR", ("MD",)),
        ("IT", ("MD",)),
        ("NL", ("MD",)),
    }


def test_carrying_places_can_be_switched_off() -> None:
    # Spain's advice still reaches Moldova in the sentence next to it.
    assert _three(**{"reader.carry_destinations": 0}) == {
        ("PT", ("MD",)),
        ("ES", ("MD",)),
    }
