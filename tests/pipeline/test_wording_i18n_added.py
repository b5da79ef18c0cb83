"""Advice wording of Icelandic, Albanian, Bulgarian, Croatian, Slovak and Norwegian
(travelwatch/data/lexicon/i18n/{is,sq,bg,hr,sk,no}.json).

Every example sentence is written for these tests; none comes from the corpus.
"""

from __future__ import annotations

import pytest

from travelwatch.pipeline.wording_i18n import (
    Cue,
    find_cues,
    home_government,
    wording_languages,
)

LANGUAGES = {"is", "sq", "bg", "hr", "sk", "no"}


def _find(text: str, lang: str, kind: str, fragment: str) -> list[Cue]:
    return [
        c
        for c in find_cues(text, lang)
        if c.kind == kind and fragment.lower() in text[c.start : c.end].lower()
    ]


def test_the_languages_have_wording() -> None:
    assert wording_languages() >= LANGUAGES


@pytest.mark.parametrize(
    ("lang", "home"),
    [
        ("is", "IS"),
        ("sq", "AL"),
        ("bg", "BG"),
        ("hr", "HR"),
        ("sk", "SK"),
        ("no", "NO"),
    ],
)
def test_home_government(lang: str, home: str) -> None:
    assert home_government(lang) == home


# (language, sentence, fragment inside the advice cue, action, has alternatives)
ADVICE = [
    # Icelandic
    (
        "is",
        "Ráðuneytið ráðleggur fólki frá öllum ferðum þangað.",
        "frá öllum ferðum",
        "avoid_all_travel",
        False,
    ),
    (
        "is",
        "Fólk er beðið um að sleppa ferðum nema brýna nauðsyn beri til.",
        "nema brýna nauðsyn",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "is",
        "Ráðuneytið hvetur alla sem þar dvelja til að yfirgefa svæðið.",
        "yfirgefa",
        "leave_immediately",
        False,
    ),
    (
        "is",
        "Ferðalangar eru beðnir að sýna sérstaka aðgát í borginni.",
        "aðgát",
        "increased_caution",
        False,
    ),
    (
        "is",
        "Ráðuneytið hefur gefið út ferðaviðvörun vegna ástandsins.",
        "ferðaviðvörun",
        "increased_caution",
        True,
    ),
    (
        "is",
        "Stjórnvöld ráðleggja fólki frá ferðalögum á svæðið.",
        "frá ferðalögum",
        "avoid_all_travel",
        True,
    ),
    (
        "is",
        "Ráðuneytið ræður fólki frá því að ferðast til landsins.",
        "ræður fólki frá",
        "avoid_all_travel",
        True,
    ),
    # Albanian
    (
        "sq",
        "Qytetarët të shmangin udhëtimet e panevojshme.",
        "panevojshme",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "sq",
        "Ministria u kërkon qytetarëve të mos udhëtojnë atje.",
        "të mos udhëtojnë",
        "avoid_all_travel",
        False,
    ),
    (
        "sq",
        "Qytetarët këshillohen të anulojnë udhëtimet jo të domosdoshme.",
        "jo të domosdoshme",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "sq",
        "Ambasada u bën thirrje bashkatdhetarëve të largohen menjëherë nga vendi.",
        "largohen",
        "leave_immediately",
        False,
    ),
    (
        "sq",
        "Udhëtarët duhet të tregojnë kujdes të shtuar gjatë qëndrimit.",
        "tregojnë kujdes",
        "increased_caution",
        False,
    ),
    (
        "sq",
        "Qytetarët këshillohen të shmangin udhëtimet drejt rajonit.",
        "shmangin udhëtimet",
        "avoid_all_travel",
        True,
    ),
    # Bulgarian
    (
        "bg",
        "Министерството съветва гражданите да не пътуват натам.",
        "да не пътуват",
        "avoid_all_travel",
        False,
    ),
    (
        "bg",
        "Не се препоръчват пътувания освен при крайна необходимост.",
        "освен при крайна необходимост",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "bg",
        "Посолството призова сънародниците ни незабавно да напуснат страната.",
        "напуснат",
        "leave_immediately",
        False,
    ),
    (
        "bg",
        "Туристите трябва да проявяват повишено внимание в района.",
        "повишено внимание",
        "increased_caution",
        False,
    ),
    # Croatian
    (
        "hr",
        "Građanima se savjetuje da ne putuju u tu zemlju.",
        "ne putuju",
        "avoid_all_travel",
        False,
    ),
    (
        "hr",
        "Odgodite putovanja koja nisu nužna do daljnjega.",
        "koja nisu nužna",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "hr",
        "Veleposlanstvo poziva sve državljane da odmah napuste zemlju.",
        "napuste",
        "leave_immediately",
        False,
    ),
    (
        "hr",
        "Putnicima se preporučuje povećan oprez u glavnom gradu.",
        "povećan oprez",
        "increased_caution",
        False,
    ),
    # Slovak
    (
        "sk",
        "Rezort diplomacie neodporúča občanom cestovať do tejto krajiny.",
        "neodporúča",
        "avoid_all_travel",
        False,
    ),
    (
        "sk",
        "Občania by mali zvážiť nevyhnutnosť cesty do oblasti.",
        "zvážiť nevyhnutnosť",
        "reconsider_travel",
        False,
    ),
    (
        "sk",
        "Ministerstvo vyzýva občanov na okamžité opustenie krajiny.",
        "opustenie",
        "leave_immediately",
        False,
    ),
    (
        "sk",
        "Turistom sa odporúča zvýšená opatrnosť na trhoch.",
        "zvýšená opatrnosť",
        "increased_caution",
        False,
    ),
    # Norwegian
    (
        "no",
        "Departementet fraråder alle reiser til området.",
        "alle reiser",
        "avoid_all_travel",
        False,
    ),
    (
        "no",
        "Man bør droppe reiser som ikke er strengt nødvendige.",
        "reiser som ikke er strengt nødvendige",
        "avoid_nonessential_travel",
        False,
    ),
    (
        "no",
        "Ambassaden oppfordrer nordmenn til å forlate landet.",
        "forlate",
        "leave_immediately",
        False,
    ),
    (
        "no",
        "Reisende bør utvise skjerpet aktsomhet i hovedstaden.",
        "skjerpet aktsomhet",
        "increased_caution",
        False,
    ),
]


@pytest.mark.parametrize(("lang", "text", "fragment", "action", "vague"), ADVICE)
def test_advice_wording_maps_to_action(
    lang: str, text: str, fragment: str, action: str, vague: bool
) -> None:
    cues = _find(text, lang, "advice", fragment)
    assert [c.action for c in cues] == [action]
    assert bool(cues[0].alternatives) == vague


def test_slovak_steps_are_slovakia_s() -> None:
    text = "Pre krajinu platí tretí stupeň odporúčania."
    [cue] = [c for c in find_cues(text, "sk") if c.kind == "scale"]
    assert (cue.action, cue.value) == ("avoid_all_travel", "SK")


def test_considering_a_return_home_is_not_leave_now() -> None:
    text = "UD ber nordmenn om å vurdere å reise hjem så fort som mulig."
    actions = {c.action for c in find_cues(text, "no") if c.kind == "advice"}
    assert "leave_immediately" not in actions


@pytest.mark.parametrize(
    ("lang", "text", "fragment"),
    [
        ("is", "Ráðuneytið ráðleggur frá ferðalögum til útlanda.", "til útlanda"),
        ("sq", "Qytetarët të shmangin udhëtimet jashtë vendit.", "jashtë vendit"),
        ("bg", "Да се въздържат от пътувания в чужбина.", "в чужбина"),
        ("hr", "Savjetuje se odgoda putovanja u inozemstvo.", "inozemstvo"),
        ("sk", "Neodporúča sa cestovať do zahraničia.", "do zahraničia"),
        ("no", "UD fraråder reiser til utlandet.", "til utlandet"),
    ],
)
def test_abroad_wording(lang: str, text: str, fragment: str) -> None:
    assert _find(text, lang, "abroad", fragment)


def test_the_foreign_ministry_name_is_not_abroad() -> None:
    cues = find_cues("Ministria e Punëve të Jashtme njoftoi.", "sq")
    assert not [c for c in cues if c.kind == "abroad"]
