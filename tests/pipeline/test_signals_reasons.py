"""Reason codes found in advice sentences (travelwatch.pipeline.signals.reasons)."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.signals import find_reasons


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Avoid the north because of ongoing hostilities and drone strikes.",
            ["armed_conflict"],
        ),
        (
            "Tension on the border with the neighbour could turn into an invasion.",
            ["armed_conflict"],
        ),
        ("Terrorists are likely to try to carry out attacks there.", ["terrorism"]),
        ("Violent crime, such as armed robbery and carjacking, is common.", ["crime"]),
        ("Protests may turn violent and a curfew is in place.", ["civil_unrest"]),
        ("Foreigners have been kidnapped for ransom in the region.", ["kidnapping"]),
        (
            "Citizens risk arbitrary detention by the security services.",
            ["wrongful_detention"],
        ),
        (
            "Travellers could be hunted by the local authorities.",
            ["wrongful_detention"],
        ),
        (
            "Visitors face selective enforcement of local laws and exit bans.",
            ["arbitrary_law_enforcement"],
        ),
        (
            "The ministry cited a diplomatic spat between the two capitals.",
            ["political_tension"],
        ),
        (
            "The embassy has limited ability to assist citizens in an emergency.",
            ["limited_consular_support"],
        ),
        (
            "Foreign bank cards do not work and money transfers are blocked.",
            ["financial_restrictions"],
        ),
        (
            "Commercial flights are suspended and the airspace is closed.",
            ["transport_disruption"],
        ),
        ("An Ebola outbreak has hit the region.", ["health"]),
        (
            "A series of earthquakes and tsunami warnings prompted the alert.",
            ["natural_disaster"],
        ),
        ("Unexploded ordnance and landmines remain near the front.", ["landmines_uxo"]),
        ("The advice cites rising antisemitism abroad.", ["discrimination"]),
        ("Citizens were told to leave in view of the security situation.", ["other"]),
        (
            "The warning cites terrorism and the unpredictable security situation.",
            ["terrorism"],
        ),
        ("Citizens could be conscripted after the mobilisation.", ["other"]),
    ],
)
def test_codes_in_sentence(sentence: str, expected: list[str]) -> None:
    assert [h.code for h in find_reasons(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        (
            "It reflects safety concerns rather than political retaliation.",
            "political_tension",
        ),
        (
            "Officials were unaware of any specific, credible threat of terrorism.",
            "terrorism",
        ),
        ("There is no sign of fighting near the capital.", "armed_conflict"),
        ("Citizens should avoid demonstrations and large gatherings.", "civil_unrest"),
        ("Localised outbreaks of civil unrest can occur.", "health"),
        ("Fans gathered to watch the price war between airlines.", "armed_conflict"),
    ],
)
def test_guarded_cue_is_not_a_reason(sentence: str, absent: str) -> None:
    assert absent not in {h.code for h in find_reasons(sentence)}


def test_trade_war_is_political_not_armed() -> None:
    assert [h.code for h in find_reasons("It comes amid a bitter trade war.")] == [
        "political_tension"
    ]


def test_sanctions_alone_are_not_financial() -> None:
    assert find_reasons("New sanctions were announced last week.") == []


def test_airspace_ban_under_sanctions_is_transport() -> None:
    codes = [
        h.code for h in find_reasons("Sanctions closed the airspace to its airlines.")
    ]
    assert codes == ["transport_disruption"]


def test_quotation_marks_do_not_hide_a_cue() -> None:
    text = 'It warned of the "severe limitations" on its ability to serve citizens.'
    assert [h.code for h in find_reasons(text)] == ["limited_consular_support"]


def test_hits_point_at_their_cue() -> None:
    text = "Stay away: crime is rising and floods have closed roads."
    hits = find_reasons(text)
    assert [h.code for h in hits] == ["crime", "natural_disaster"]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.cue


def test_duplicates_keep_the_first_hit() -> None:
    text = "Crime is high. Petty crime is common too."
    hits = find_reasons(text)
    assert len(hits) == 1
    assert hits[0].start == 0


def test_spans_limit_the_search() -> None:
    text = "Earthquakes shook the coast. Travel is advised against due to crime."
    second = (text.index("Travel"), len(text))
    assert [h.code for h in find_reasons(text, [second])] == ["crime"]
    assert [h.code for h in find_reasons(text)] == ["natural_disaster", "crime"]


def test_overlapping_spans_are_merged() -> None:
    text = "Riots broke out near the port."
    assert [h.code for h in find_reasons(text, [(0, 12), (5, 30)])] == ["civil_unrest"]


def test_fallback_other_needs_no_specific_reason_in_spans() -> None:
    text = "The security situation is poor. Kidnapping is a risk."
    first = (0, text.index(".") + 1)
    assert [h.code for h in find_reasons(text, [first])] == ["other"]
    assert [h.code for h in find_reasons(text)] == ["kidnapping"]
