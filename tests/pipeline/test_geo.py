"""The places gazetteer: names, aliases, people, capitals, blocs, regions and the
rules for ambiguous and disputed names."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pycountry
import pytest

from travelwatch.pipeline.geo import Gazetteer, PlaceMention, get_gazetteer
from travelwatch.pipeline.geo_tables import KINDS, load_tables

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


def codes(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.code for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flights to Burma resumed.", ["MM"]),
        ("Myanmar closed its border.", ["MM"]),
        ("A warning for Ivory Coast and Côte d'Ivoire.", ["CI", "CI"]),
        ("Visitors to Türkiye and Turkey alike.", ["TR", "TR"]),
        ("Czechia, once the Czech Republic.", ["CZ", "CZ"]),
        ("Swaziland is now called Eswatini.", ["SZ", "SZ"]),
        ("East Timor and Timor-Leste are one place.", ["TL", "TL"]),
        ("A message from the Holy See.", ["VA"]),
        ("Germany and France signed it.", ["DE", "FR"]),
        ("Bosnia and Herzegovina borders Serbia.", ["BA", "RS"]),
        ("The Democratic Republic of the Congo is large.", ["CD"]),
        ("She flew to Congo-Brazzaville.", ["CG"]),
        ("Cape Verde and Cabo Verde.", ["CV", "CV"]),
        ("Alemania e Italia emitieron alertas.", ["DE", "IT"]),
    ],
)
def test_country_names_and_older_names(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert codes(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US said so.", ["US"]),
        ("The U.S. said so.", ["US"]),
        ("The USA said so.", ["US"]),
        ("The U.S.A. said so.", ["US"]),
        ("The UK said so.", ["GB"]),
        ("The U.K. said so.", ["GB"]),
        ("The UAE said so.", ["AE"]),
        ("The DRC said so.", ["CD"]),
        ("The PRC said so.", ["CN"]),
        ("The ROK said so.", ["KR"]),
        ("The DPRK said so.", ["KP"]),
        ("A U.S.-led effort.", ["US"]),
    ],
)
def test_short_forms(gazetteer: Gazetteer, text: str, expected: list[str]) -> None:
    assert codes(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("Russians were told to stay home.", "RU", "demonym"),
        ("The Russian ministry spoke.", "RU", "adjective"),
        ("Kiwis abroad were warned.", "NZ", "demonym"),
        ("Emiratis should not travel.", "AE", "demonym"),
        ("Americans were urged to leave.", "US", "demonym"),
        ("Britons were told to avoid it.", "GB", "demonym"),
        ("Filipinos there were advised.", "PH", "demonym"),
        ("Chinese tourists cancelled.", "CN", "adjective"),
        ("Israelis were told to stay away.", "IL", "demonym"),
        ("Washington issued a warning.", "US", "capital"),
        ("The Kremlin denied it.", "RU", "seat"),
        ("Beijing responded.", "CN", "capital"),
        ("Tokyo protested.", "JP", "capital"),
        ("Moscow retaliated.", "RU", "capital"),
        ("Whitehall was silent.", "GB", "seat"),
        ("Downing Street said no.", "GB", "seat"),
        ("The White House said yes.", "US", "seat"),
        ("Ottawa agreed.", "CA", "capital"),
        ("Canberra agreed.", "AU", "capital"),
        ("Seoul agreed.", "KR", "capital"),
        ("Taipei agreed.", "TW", "capital"),
        ("Manila agreed.", "PH", "capital"),
        ("Kyiv agreed.", "UA", "capital"),
        ("The EU agreed.", "EU", "bloc"),
        ("The European Union agreed.", "EU", "bloc"),
        ("Travel to EU countries is affected.", "EU", "bloc"),
        ("All EU member states agreed.", "EU", "bloc"),
    ],
)
def test_people_capitals_seats_and_blocs(
    gazetteer: Gazetteer, text: str, code: str, kind: str
) -> None:
    [mention] = gazetteer.find(text)
    assert (mention.code, mention.kind) == (code, kind)


@pytest.mark.parametrize(
    ("text", "code", "region"),
    [
        ("Unrest in Kashmir continued.", "IN", "Kashmir"),
        ("Attacks in the Sinai were reported.", "EG", "Sinai"),
        ("Avoid Jalisco and Tamaulipas.", "MX", "Jalisco"),
        ("Kidnappings in Kaduna State rose.", "NG", "Kaduna"),
        ("Shelling in the Donbas went on.", "UA", "Donbas"),
        ("Shelling near Donetsk went on.", "UA", "Donetsk"),
        ("Fighting in Luhansk went on.", "UA", "Luhansk"),
        ("Strikes on Kharkiv went on.", "UA", "Kharkiv"),
        ("Aid reached Gaza.", "PS", "Gaza"),
        ("Raids in the West Bank went on.", "PS", "West Bank"),
        ("Camps in Xinjiang were reported.", "CN", "Xinjiang"),
        ("Visitors to Tibet need a permit.", "CN", "Tibet"),
        ("Snow fell on Hokkaido.", "JP", "Hokkaido"),
        ("A typhoon hit Okinawa.", "JP", "Okinawa"),
        ("Crowds filled Osaka.", "JP", "Osaka"),
        ("Violence in Rio de Janeiro rose.", "BR", "Rio de Janeiro"),
        ("Floods hit São Paulo.", "BR", "São Paulo"),
        ("Attacks in Balochistan rose.", "PK", "Balochistan"),
        ("Attacks in Khyber Pakhtunkhwa rose.", "PK", "Khyber Pakhtunkhwa"),
        ("Storms hit Texas.", "US", "Texas"),
        ("Rain fell in Washington state.", "US", "Washington State"),
    ],
)
def test_sub_national_places_count_as_their_country(
    gazetteer: Gazetteer, text: str, code: str, region: str
) -> None:
    mention = gazetteer.find(text)[0]
    assert (mention.code, mention.kind, mention.region) == (code, "region", region)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Travel to Crimea is not advised.", "UA"),
        ("Travel to Sevastopol is not advised.", "UA"),
        ("Travel to Abkhazia is not advised.", "GE"),
        ("Travel to South Ossetia is not advised.", "GE"),
        ("Travel to Northern Cyprus is not advised.", "CY"),
        ("Travel to Transnistria is not advised.", "MD"),
        ("Travel to Nagorno-Karabakh is not advised.", "AZ"),
        ("Travel to Kosovo is not advised.", "XK"),
        ("Travel to Western Sahara is not advised.", "EH"),
        ("Travel to Taiwan is not advised.", "TW"),
    ],
)
def test_disputed_places_follow_the_iso_and_un_position(
    gazetteer: Gazetteer, text: str, code: str
) -> None:
    assert codes(gazetteer, text) == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting near Congo's border went on.", []),
        ("Kinshasa said travel to Congo is unsafe.", ["CD", "CD"]),
        ("Brazzaville said travel to Congo is unsafe.", ["CG", "CG"]),
        ("Kinshasa and Brazzaville face each other across the Congo.", ["CD", "CG"]),
        ("Tension on the Korea border rose.", []),
        ("Seoul said Korea would reopen.", ["KR", "KR"]),
        ("Pyongyang said Korea would not reopen.", ["KP", "KP"]),
        ("Protests filled Tbilisi, the capital of Georgia.", ["GE", "GE"]),
        ("Storms hit Atlanta, Georgia, overnight.", ["US", "US"]),
        ("Russia told its citizens to avoid Georgia.", ["RU", "GE"]),
        ("Fans cheered Michael Jordan on his return.", []),
        ("Officials in Jordan closed the crossing.", ["JO"]),
        ("The drummer Chad Smith flew home on Sunday.", []),
        ("Rebels attacked a town in Chad on Sunday.", ["TD"]),
        ("A roast turkey was served.", []),
        ("Turkey reopened its airspace.", ["TR"]),
        ("Let us know, he said, and help us.", []),
        ("IN ORDER TO HELP ME OR HER", []),
        ("Guinea and Guinea-Bissau and Equatorial Guinea.", ["GN", "GW", "GQ"]),
        ("Papua New Guinea is north of Australia.", ["PG", "AU"]),
        ("Niger and Nigeria share a border.", ["NE", "NG"]),
        ("Dominica is not the Dominican Republic.", ["DM", "DO"]),
        ("Sudan and South Sudan split in 2011.", ["SD", "SS"]),
        ("George Washington crossed the river.", []),
        ("Officials in Washington, D.C. agreed.", ["US"]),
        ("Ships crossed the Indian Ocean.", []),
        ("Trade with Latin America grew.", []),
        ("Tripoli, Lebanon, was calm.", ["LB", "LB"]),
        ("She grew up in Paris, Texas.", ["US"]),
        ("RUSSIA WARNS CITIZENS AGAINST TRAVEL TO JAPAN", ["RU", "JP"]),
        ("US Warns Citizens Against Travel To Chad And Jordan", ["US", "TD", "JO"]),
    ],
)
def test_ambiguous_names_are_resolved_or_left_out(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert codes(gazetteer, text) == expected


def test_georgia_as_a_us_state_is_a_region(gazetteer: Gazetteer) -> None:
    georgia = gazetteer.find("Storms hit Atlanta, Georgia, overnight.")[-1]
    assert (georgia.kind, georgia.region) == ("region", "Georgia")


def test_context_settles_a_name_its_sentence_cannot(gazetteer: Gazetteer) -> None:
    article = "Kinshasa issued new rules. Travel to Congo is now harder."
    sentence = "Travel to Congo is now harder."
    assert codes(gazetteer, sentence) == []
    assert [m.code for m in gazetteer.find(sentence, context=article)] == ["CD"]


def test_mentions_carry_offsets_into_the_given_text(gazetteer: Gazetteer) -> None:
    text = "Moscow warned Britons;\nthe U.S. and Côte d’Ivoire\tdid too."
    mentions = gazetteer.find(text)
    assert [m.text for m in mentions] == ["Moscow", "Britons", "U.S.", "Côte d’Ivoire"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_mentions_are_ordered_and_do_not_overlap(gazetteer: Gazetteer) -> None:
    text = (
        "The Democratic Republic of the Congo, the Republic of the Congo and DR Congo."
    )
    mentions = gazetteer.find(text)
    assert [m.code for m in mentions] == ["CD", "CG", "CD"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_mention_is_the_documented_record() -> None:
    mention = PlaceMention(0, 6, "Crimea", "UA", "region", "Crimea")
    assert mention.region == "Crimea"
    with pytest.raises(AttributeError):
        mention.code = "RU"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RU"),
        ("russia", "RU"),
        ("Russians", "RU"),
        ("the Kremlin", "RU"),
        ("US", "US"),
        ("us", None),
        ("EU", "EU"),
        ("Kashmir", "IN"),
        ("Georgia", "GE"),
        ("Congo", None),
        ("Indian Ocean", None),
        ("Atlantis", None),
    ],
)
def test_lookup(gazetteer: Gazetteer, name: str, code: str | None) -> None:
    assert gazetteer.lookup(name) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "United States"),
        ("EU", "European Union"),
        ("KR", "South Korea"),
        ("DE", "Germany"),
        ("ZZ", "ZZ"),
    ],
)
def test_country_name(gazetteer: Gazetteer, code: str, name: str) -> None:
    assert gazetteer.country_name(code) == name


@pytest.mark.parametrize(
    ("code", "member"), [("FR", True), ("GB", False), ("NO", False)]
)
def test_is_eu_member(gazetteer: Gazetteer, code: str, member: bool) -> None:
    assert gazetteer.is_eu_member(code) is member
    assert (code in gazetteer.eu_members) is member


def test_tables_agree_with_each_other() -> None:
    assert load_tables().conflicts == []


def test_every_code_is_iso_3166_or_the_eu() -> None:
    tables = load_tables()
    iso = {c.alpha_2 for c in pycountry.countries} | {"EU", "XK"}
    found = {getattr(t, "code", None) for t in tables.targets.values()}
    assert found - {None} <= iso


def test_every_mention_kind_is_documented(gazetteer: Gazetteer) -> None:
    text = "The EU, Russia, Russians, the Russian side, Moscow, the Kremlin and Crimea."
    kinds = {m.kind for m in gazetteer.find(text)}
    assert kinds == set(KINDS)


def test_tables_load_quickly() -> None:
    started = time.process_time()
    Gazetteer(load_tables())
    assert time.process_time() - started < 0.3


def test_get_gazetteer_is_built_once() -> None:
    assert get_gazetteer() is get_gazetteer()


@pytest.mark.shared
def test_gold_destinations_are_found(gazetteer: Gazetteer) -> None:
    """Every destination of the gold dev set is named somewhere in its article."""
    gold_dir = SHARED / "gold" / "dev"
    if not gold_dir.is_dir():
        pytest.skip("../shared/gold/dev is not present")
    wanted = found = 0
    for label in sorted(gold_dir.glob("*.json")):
        destinations = {
            code
            for advisory in json.loads(label.read_text(encoding="utf-8"))["advisories"]
            for code in advisory["destinations"]
        }
        text = label.with_suffix(".txt").read_text(encoding="utf-8")
        named = {m.code for m in gazetteer.find(text)}
        wanted += len(destinations)
        found += len(destinations & named)
    assert wanted > 0
    assert found / wanted >= 0.95


def _subdivisions(country: str) -> list[str]:
    return sorted(s.name for s in pycountry.subdivisions.get(country_code=country))


@pytest.mark.parametrize("name", _subdivisions("MX"))
def test_every_mexican_state_is_mexico(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) == "MX"


@pytest.mark.parametrize("name", _subdivisions("NG"))
def test_every_nigerian_state_is_nigeria(gazetteer: Gazetteer, name: str) -> None:
    # Bare "Delta", "Niger", "Plateau" and "Rivers" mean other things; the state
    # is always recognised with "State" after it.
    assert gazetteer.lookup(f"{name} State") == "NG" or gazetteer.lookup(name) == "NG"
