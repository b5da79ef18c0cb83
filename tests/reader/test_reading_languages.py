"""The shipped reader reads plain advice in many languages (sentences of our own).

Each case is one clear sentence: a government, its advice and a place. The trained
heads, the places and the wording of each language must all work for it to pass.
"""

from __future__ import annotations

import pytest

import travelwatch as tw

CASES = [
    (
        "ru",
        "МИД России рекомендовал гражданам воздержаться от поездок в Великобританию.",
        "RU",
        "GB",
    ),
    ("zh", "外交部提醒中国公民近期避免前往日本。", "CN", "JP"),
    ("ar", "حذرت وزارة الخارجية السعودية مواطنيها من السفر إلى لبنان.", "SA", "LB"),
    (
        "ja",
        "外務省はイスラエル全土の危険情報をレベル3に引き上げ、渡航を止めるよう求めた。",
        "JP",
        "IL",
    ),
    ("ko", "외교부는 레바논 전역에 여행경보 4단계(여행금지)를 발령했다.", "KR", "LB"),
    ("de", "Das Auswärtige Amt rät dringend von Reisen nach Russland ab.", "DE", "RU"),
    (
        "pt",
        "O Itamaraty recomendou aos brasileiros que evitem viajar ao Irã.",
        "BR",
        "IR",
    ),
    (
        "is",
        "Utanríkisráðuneytið ráðleggur fólki að forðast öll ferðalög til Rússlands.",
        "IS",
        "RU",
    ),
    (
        "sq",
        "Ministria për Evropën dhe Punët e Jashtme këshillon qytetarët shqiptarë "
        "të mos udhëtojnë në Rusi.",
        "AL",
        "RU",
    ),
    (
        "sq",
        "Ministria e Punëve të Jashtme e Kosovës u bën thirrje qytetarëve "
        "të mos udhëtojnë në Izrael.",
        "XK",
        "IL",
    ),
    (
        "bg",
        "Министерството на външните работи призова българите да не пътуват до Иран.",
        "BG",
        "IR",
    ),
    (
        "hr",
        "Ministarstvo vanjskih i europskih poslova savjetuje hrvatskim državljanima "
        "da ne putuju u Rusiju.",
        "HR",
        "RU",
    ),
    (
        "sk",
        "Ministerstvo zahraničných vecí SR neodporúča Slovákom cestovať do Iránu.",
        "SK",
        "IR",
    ),
    ("no", "Utenriksdepartementet fraråder alle reiser til Russland.", "NO", "RU"),
]


@pytest.mark.parametrize(("language", "text", "issuer", "destination"), CASES)
def test_advice_is_read_in_its_own_language(
    language: str, text: str, issuer: str, destination: str
) -> None:
    doc = tw.Document.from_text(text, language=language)
    found = [(a.issuer, a.destinations, a.level) for a in tw.read_advisories(doc)]
    assert (issuer, [destination], 4) in found, found


def test_a_language_without_wording_is_left_alone() -> None:
    doc = tw.Document.from_text(
        "Xinhua: the ministry told citizens to avoid travel to Japan.", language="xx"
    )
    assert tw.read_advisories(doc) == []


ABROAD = [
    (
        "de",
        "Das Auswärtige Amt rät dringend von allen nicht notwendigen Reisen ins Ausland ab.",
        "DE",
    ),
    (
        "ru",
        "МИД России рекомендовал гражданам воздержаться от любых поездок за рубеж.",
        "RU",
    ),
    ("zh", "外交部提醒中国公民近期暂缓出境旅行。", "CN"),
    (
        "is",
        "Utanríkisráðuneytið hvetur Íslendinga til að fresta ónauðsynlegum ferðum "
        "til útlanda.",
        "IS",
    ),
    (
        "sq",
        "Ministria e Jashtme u kërkon qytetarëve të mos udhëtojnë jashtë vendit.",
        "AL",
    ),
    (
        "en",
        "Singapore's foreign ministry told Singaporeans to defer all travel abroad.",
        "SG",
    ),
]


@pytest.mark.parametrize(("language", "text", "issuer"), ABROAD)
def test_advice_about_travel_anywhere_abroad_is_world(
    language: str, text: str, issuer: str
) -> None:
    doc = tw.Document.from_text(text, language=language)
    found = tw.read_advisories(doc)
    assert [(a.issuer, a.destinations) for a in found] == [(issuer, ["WORLD"])]
    # The destination's evidence is the "abroad" wording itself.
    (evidence,) = [e for e in found[0].evidence if e.field == "destinations"]
    assert evidence.quote and evidence.quote in text


def test_a_named_place_wins_over_abroad_wording() -> None:
    doc = tw.Document.from_text(
        "The foreign ministry told Singaporeans to defer all travel to Malaysia and "
        "abroad.",
        language="en",
    )
    found = [(a.issuer, a.destinations) for a in tw.read_advisories(doc)]
    assert found == [("SG", ["MY"])]


def test_a_language_the_head_never_learned_is_read_by_its_wording() -> None:
    """Icelandic has no train text: the encoder-based advice head scores this
    clear advice near zero, so the language's own advice wording decides."""
    text = "Utanríkisráðuneytið ráðleggur Íslendingum frá öllum ferðum til Rússlands."
    doc = tw.Document.from_text(text, language="is")
    found = [(a.issuer, a.destinations, a.level) for a in tw.read_advisories(doc)]
    assert found == [("IS", ["RU"], 4)]
    # Switched off, the head alone decides, and does not see this advice.
    head_only = tw.load_settings({"reader.wording_only": ""})
    assert tw.read_advisories(doc, head_only) == []


def test_wording_alone_finds_no_advice_where_there_is_none() -> None:
    doc = tw.Document.from_text(
        "Utanríkisráðherra heimsótti Rússland í gær og ræddi viðskipti.",
        language="is",
    )
    assert tw.read_advisories(doc) == []


def test_wording_only_languages_are_those_the_train_split_barely_has() -> None:
    """The setting's default is a fact about the corpus train split: every
    language with wording and fewer than 3 train texts, and no other."""
    import json
    from collections import Counter
    from pathlib import Path

    from travelwatch.corpus.splits import split_of
    from travelwatch.pipeline.wording_i18n import wording_languages

    labels = Path(__file__).resolve().parents[2] / "corpus" / "labels"
    counts = Counter(
        json.loads(p.read_text(encoding="utf-8"))["language"]
        for p in labels.glob("*.json")
        if split_of(p.stem) == "train"
    )
    expected = {lang for lang in wording_languages() if counts[lang] < 3}
    default = tw.load_settings({})["reader.wording_only"]
    assert set(default.split(",")) == expected
