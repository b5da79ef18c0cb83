"""Places in other languages: tables from CLDR/pycountry plus hand tables, matched
with inflections, clitics, particles and substring search (places_i18n)."""

from __future__ import annotations

import pycountry
import pytest

from travelwatch.pipeline.geo import get_gazetteer
from travelwatch.pipeline.places_build import (
    BLOCK,
    EXTRA_DIR,
    OUT_DIR,
    build_language,
    load_config,
    merge,
    read_table,
)
from travelwatch.pipeline.places_i18n import find_places, place_languages

VALID = {c.alpha_2 for c in pycountry.countries} | {"XK", "EU"}


def codes(text: str, language: str) -> list[str]:
    return [m.code for m in find_places(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # plain names, several words
        ("es", "El gobierno desaconseja viajar a Corea del Norte.", ["KP"]),
        ("fr", "Paris déconseille tout voyage au Burkina Faso.", ["FR", "BF"]),
        ("pt", "Brasileiros devem evitar a Faixa de Gaza.", ["BR", "PS"]),
        ("it", "La Farnesina sconsiglia i viaggi in Libano.", ["LB"]),
        ("de", "Reisewarnung für den Iran und Nordkorea", ["IR", "KP"]),
        ("nl", "Reizen naar Oekraïne wordt afgeraden.", ["UA"]),
        ("id", "Pemerintah melarang warga pergi ke Arab Saudi.", ["SA"]),
        ("vi", "Công dân không nên đến Triều Tiên lúc này.", ["KP"]),
        ("vi", "Cộng hoà Trung Phi vẫn bất ổn.", ["CF"]),  # old tone-mark placement
        ("tl", "Bawal munang pumunta sa Lebanon.", ["LB"]),
        # inflected forms (stems + endings)
        ("ru", "Туристам советуют не ездить в Турцию.", ["TR"]),
        ("ru", "Граждане вернулись из России и Сирии.", ["RU", "SY"]),
        ("ru", "Посольство предупредило российских туристов.", ["RU"]),
        ("uk", "МЗС радить не їхати до Ізраїлю.", ["IL"]),
        ("pl", "Nie jedź do Rosji ani na Białoruś.", ["RU", "BY"]),
        ("pl", "Samoloty lecą ze Stanów Zjednoczonych.", ["US"]),
        ("cs", "Ministerstvo nedoporučuje cesty do Ruska.", ["RU"]),
        ("sk", "Neodporúčame cestovať do Sýrie ani do Líbye.", ["SY", "LY"]),
        ("fi", "Ulkoministeriö kehottaa välttämään matkoja Venäjälle.", ["RU"]),
        ("hu", "A minisztérium nem javasolja az utazást Oroszországba.", ["RU"]),
        ("ro", "Cetățenii sunt sfătuiți să evite Rusia și Franța.", ["RU", "FR"]),
        ("el", "Το υπουργείο συστήνει να αποφεύγονται ταξίδια στη Ρωσία.", ["RU"]),
        ("el", "ΤΑΞΙΔΙΑ ΣΤΗ ΡΩΣΙΑ", ["RU"]),  # capitals drop the accents
        ("hr", "Ministarstvo savjetuje izbjegavati putovanja u Rusiju.", ["RU"]),
        # demonyms and adjectives of the issuing country (bg, hr, sk)
        ("bg", "МВнР съветва българските граждани и всички българи", ["BG", "BG"]),
        ("hr", "Ministarstvo savjetuje hrvatskim državljanima", ["HR"]),
        ("sk", "Rezort odporúča Slovákom a slovenských občanov", ["SK", "SK"]),
        # Icelandic cases and hand-listed irregular forms
        ("is", "Ráðlagt er frá ferðum til Rússlands og Úkraínu.", ["RU", "UA"]),
        ("is", "Íslendingar búsettir í Bandaríkjunum", ["IS", "US"]),
        ("is", "Sendiráð Bandaríkjanna í Noregi og á Spáni", ["US", "NO", "ES"]),
        ("is", "íslenskir ríkisborgarar á Gasasvæðinu", ["IS", "PS"]),
        ("is", "Stefna Evrópusambandsins gagnvart Norður-Kóreu", ["EU", "KP"]),
        # Albanian definite and case forms
        ("sq", "Qytetarët shqiptarë të mos udhëtojnë në Rusi.", ["AL", "RU"]),
        ("sq", "Situata në Rusisë dhe Ukrainës, kufiri i Izraelit", ["RU", "UA", "IL"]),
        ("sq", "Ambasada e SHBA-ve dhe Shteteve të Bashkuara", ["US", "US"]),
        ("sq", "Rruga për në Malin e Zi kalon pranë Mali", ["ME", "ML"]),
        ("sq", "Bashkimit Evropian dhe Kosovës", ["EU", "XK"]),
        # Turkish suffixes after an apostrophe
        ("tr", "Bakanlık Rusya'ya seyahat etmemeyi önerdi.", ["RU"]),
        ("tr", "Vatandaşlar İsrail'den ayrılmalı.", ["IL"]),
        # Arabic proclitics and nisba adjectives
        ("ar", "حذرت الوزارة من السفر ولبنان", ["LB"]),
        ("ar", "الرعايا بالعراق وللسعودية", ["IQ", "SA"]),
        ("ar", "حذر المواطنين الإيرانيين", ["IR"]),
        # Hebrew prefixes
        ("he", "אזהרת מסע לטורקיה", ["TR"]),
        ("he", "התושבים בישראל ומלבנון", ["IL", "LB"]),
        # Korean particles
        ("ko", "정부는 일본에 여행경보를 내렸다", ["JP"]),
        ("ko", "일본으로 가는 항공편", ["JP"]),
        ("ko", "이스라엘과 레바논의 국경", ["IL", "LB"]),
        # Persian, Urdu, Hindi, Bengali
        ("fa", "سفر به ایران و عراق", ["IR", "IQ"]),
        ("ur", "پاکستان اور بھارت کے شہری", ["PK", "IN"]),
        ("hi", "भारत ने रूस की यात्रा पर सलाह दी", ["IN", "RU"]),
        ("bn", "ভারতের নাগরিকরা রাশিয়ায় যাবেন না", ["IN", "RU"]),
        # spaceless scripts, longest first
        ("zh", "外交部提醒中国公民暂勿前往印度尼西亚和缅甸", ["CN", "ID", "MM"]),
        ("ja", "外務省はイスラエルとレバノンへの渡航中止を勧告", ["IL", "LB"]),
        ("th", "รัฐบาลเตือนคนไทยเลี่ยงการเดินทางไปกัมพูชา", ["TH", "KH"]),
        # sub-national places count as their country
        ("de", "Die Lage im Gazastreifen und auf der Krim", ["PS", "UA"]),
        ("es", "Alerta para Cachemira y Xinjiang", ["IN", "CN"]),
        ("ja", "北海道と沖縄の旅行", ["JP", "JP"]),
        ("ru", "Ситуация в Крыму и в секторе Газа", ["UA", "PS"]),
        # the EU is a bloc
        ("fr", "Les pays de l'Union européenne", ["EU"]),
    ],
)
def test_finds_places(language: str, text: str, expected: list[str]) -> None:
    assert codes(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh", "印度洋的海浪很大"),  # Indian Ocean, not India
        ("zh", "马里兰大学的学生"),  # Maryland, not Mali
        ("ja", "マリオが好きな人"),  # katakana word containing Mali
        ("ja", "インド洋の島"),
        ("ko", "인도적 지원을 늘렸다"),  # humanitarian, not India
        ("vi", "Pháp luật mới có hiệu lực."),  # law, not France
        ("ru", "Франциско приехал вчера."),  # not France + ending
        ("es", "Mañana visitaremos Granada."),  # the Spanish city, not Grenada
        ("de", "Auf der Insel war es kalt."),
        ("fa", "جلسه دوشنبه برگزار شد"),  # Monday, not Dushanbe
        ("fr", "Un vol d'Air France a atterri."),
        ("pl", "rosa na trawie"),  # common word, no capital
        ("el", "Ενημέρωση για τα καιρικά φαινόμενα"),  # weather, not Cairo
        ("ru", "Туристы летят в Латинскую Америку."),  # not the United States
        ("he", "טיול ארוך באמריקה הלטינית"),
        ("uk", "Паломники зібралися біля річки Йордан."),  # the river, not Jordan
        ("is", "Vín og bjór voru á borðum."),  # wine, not Vienna
        ("sq", "Krimi i organizuar është problem."),  # crime, not Crimea
        ("sq", "Udhëtim në Amerikën Latine"),
    ],
)
def test_does_not_match_collisions(language: str, text: str) -> None:
    assert codes(text, language) == []


def test_korean_mention_leaves_the_particle_out() -> None:
    text = "정부는 일본에 경보를 냈다"
    [mention] = find_places(text, "ko")
    assert mention.text == "일본"
    assert text[mention.start : mention.end] == "일본"


def test_hebrew_mention_leaves_the_prefix_out() -> None:
    [mention] = find_places("אזהרה לטורקיה", "he")
    assert mention.text == "טורקיה"


def test_longest_name_wins_over_its_parts() -> None:
    [mention] = find_places("La situación en Guinea-Bisáu empeora.", "es")
    assert mention.code == "GW"


def test_spans_are_exact_ordered_and_disjoint() -> None:
    text = "Из России, Турции и Израиля летят в Египет; 日本"
    mentions = find_places(text, "ru")
    assert [m.code for m in mentions] == ["RU", "TR", "IL", "EG"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    ends = [m.end for m in mentions][:-1]
    starts = [m.start for m in mentions][1:]
    assert all(end <= start for end, start in zip(ends, starts, strict=True))


def test_english_goes_to_the_project_gazetteer() -> None:
    text = "Moscow warned Russians against travel to the US and Gaza."
    assert find_places(text, "en") == get_gazetteer().find(text)


def test_unknown_language_finds_nothing() -> None:
    assert find_places("Russia", "xx") == []


CORPUS_LANGUAGES = (
    "ar bg bn cs da de el en es fa fi fr he hi hr hu id is it ja ko ms nl no"
)
CORPUS_LANGUAGES += " pl pt ro ru sk sq sv th tl tr uk ur vi zh"


def test_languages_cover_the_corpus() -> None:
    wanted = frozenset(CORPUS_LANGUAGES.split(" "))
    assert place_languages() == wanted


@pytest.mark.parametrize("language", sorted(place_languages() - {"en"}))
def test_generated_table_is_sorted_and_valid(language: str) -> None:
    rows = read_table(OUT_DIR / f"{language}.tsv")
    assert rows == sorted(rows)
    assert len({surface for surface, _, _ in rows}) == len(rows)
    assert {code for _, code, _ in rows} <= VALID | {BLOCK}


@pytest.mark.parametrize("language", sorted(place_languages() - {"en"}))
def test_hand_table_codes_are_valid(language: str) -> None:
    rows = read_table(EXTRA_DIR / f"{language}.tsv")
    assert rows, "every language has a hand table"
    for surface, code, kind in rows:
        if code == BLOCK:
            assert kind in ("skip", "block"), surface
        else:
            assert code in VALID, surface


def test_merge_prefers_hand_rows_and_drops_ambiguous_names() -> None:
    hand = [("Alpha", "FR", "country"), ("Gamma", BLOCK, "skip")]
    generated = [
        ("Alpha", "DE", "country"),
        ("Beta", "IT", "country"),
        ("Beta", "ES", "country"),
        ("Gamma", "PL", "country"),
        ("Delta (North)", "PT", "country"),
    ]
    assert merge([hand, generated]) == [
        ("Alpha", "FR", "country"),
        ("Delta", "PT", "country"),
    ]


@pytest.mark.parametrize("language", ["ar", "de", "ru", "zh"])
def test_committed_tables_match_a_rebuild(language: str) -> None:
    pytest.importorskip("babel")
    assert build_language(language, load_config()) == read_table(
        OUT_DIR / f"{language}.tsv"
    )
