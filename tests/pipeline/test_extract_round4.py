"""Round-4 rules: contrasting clauses with their own government, cancelled scale
alerts, "the advice remains to ...", border areas between two countries, reasons
in headlines and shared by governments reported together, and issue dates from a
byline or a sentence dating the advisory (texts written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from travelwatch.models import Advisory, Document, TextMap
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.extract.advice import find_advice
from travelwatch.pipeline.signals import find_reasons


def _doc(text: str) -> Document:
    return Document.from_text(text, source="t.txt", language="en")


def _by_issuer(text: str) -> dict[str, Advisory]:
    return {a.issuer: a for a in extract_advisories(_doc(text))}


def test_contrasting_clause_with_its_own_government_is_a_second_issuer() -> None:
    found = _by_issuer(
        "The State Department raised its advice for Honduras, telling Americans to "
        "reconsider travel, while Canada told Canadians to exercise a high degree "
        "of caution."
    )
    assert found["CA"].destinations == ["HN"]
    assert found["CA"].level == 2
    assert found["US"].destinations == ["HN"]
    assert found["US"].level == 3


def test_other_governments_body_does_not_speak_for_the_second_issuer() -> None:
    found = _by_issuer(
        "The State Department told Americans to reconsider travel to Honduras, "
        "while Canada told Canadians to exercise a high degree of caution there."
    )
    assert found["CA"].issuing_body is None


def test_possessive_label_after_while_is_not_a_new_issuer() -> None:
    found = _by_issuer(
        "Taiwan's foreign ministry raised its warnings: an orange alert for Jordan "
        "means avoiding travel there, while Syria's red alert means citizens should "
        "leave the country."
    )
    assert set(found) == {"TW"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The bureau has cancelled the Red Outbound Travel Alert on Peru.",
        "Officials lifted the amber travel alert on Peru on Friday.",
    ],
)
def test_cancelled_scale_alert_reads_as_normal_precautions(sentence: str) -> None:
    hits = [h for h in find_advice(sentence) if h.action]
    assert [h.action for h in hits] == ["normal_precautions"]


def test_scale_alert_that_is_not_cancelled_keeps_its_step() -> None:
    hits = find_advice("The bureau has issued the Red Outbound Travel Alert on Peru.")
    assert [h.scale for h in hits] == [("coloured", "red")]


def test_advice_that_remains_governs_its_wording() -> None:
    text = (
        "For the rest of Kenya, the department's advice remains to exercise a high "
        "degree of caution."
    )
    assert [h.action for h in find_advice(text)] == ["increased_caution"]


def test_rest_of_a_country_is_not_the_issuer() -> None:
    advisories = extract_advisories(
        _doc(
            "Australia's foreign ministry told Australians to avoid all travel to "
            "Somalia. For the rest of Kenya, the department's advice remains to "
            "exercise a high degree of caution."
        )
    )
    assert ("AU", ["KE"], 2) in [
        (a.issuer, a.destinations, a.level) for a in advisories
    ]


def test_border_areas_between_two_countries_are_both_destinations() -> None:
    found = _by_issuer(
        "Indonesia's foreign ministry advised Indonesians to avoid all travel to the "
        "border areas between Armenia and Azerbaijan."
    )
    assert sorted(found["ID"].destinations) == ["AM", "AZ"]


def test_clashes_between_two_countries_are_no_destinations() -> None:
    found = _by_issuer(
        "Indonesia's foreign ministry advised Indonesians to avoid all travel to "
        "Georgia following clashes between Armenia and Azerbaijan."
    )
    assert found["ID"].destinations == ["GE"]


def test_headline_naming_the_destination_gives_reasons() -> None:
    text = (
        "Floods and a closed airport: Japan warns against trips to Fiji\n\n"
        "Japan's Foreign Ministry advised its citizens to avoid non-essential travel "
        "to Fiji.\n"
    )
    assert set(_by_issuer(text)["JP"].reasons) == {
        "natural_disaster",
        "transport_disruption",
    }


def test_first_line_ending_as_a_sentence_is_not_a_headline() -> None:
    text = (
        "Floods have hit the region this week.\n\n"
        "Separately, Japan's Foreign Ministry advised its citizens to avoid "
        "non-essential travel to Fiji.\n"
        "Officials in Tokyo met on Monday.\n"
        "Trade talks resumed.\n"
        "Markets were calm.\n"
    )
    assert _by_issuer(text)["JP"].reasons == []


def test_governments_in_one_advice_sentence_share_its_reasons() -> None:
    found = _by_issuer(
        "Norway told Norwegians to avoid all travel to Chad, while Denmark told "
        "Danes to avoid all travel to Chad.\n"
        "Parliament in Oslo debated the budget.\n"
        "Fishing quotas were also discussed.\n"
        "The session ended late.\n"
        "Norway's foreign ministry again advised Norwegians to avoid all travel to "
        "Chad.\n"
        "It pointed to the risk of kidnapping.\n"
    )
    assert found["NO"].reasons == ["kidnapping"]
    assert found["DK"].reasons == ["kidnapping"]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("citing the risk that visitors could be detained", "wrongful_detention"),
        (
            "strikes can disrupt transportation across the country",
            "transport_disruption",
        ),
        ("roadblocks have cut the main highway", "transport_disruption"),
        ("floods that have left hikers stranded", "transport_disruption"),
        ("rebel fighters have reached the city", "armed_conflict"),
        ("artillery exchanges continued overnight", "armed_conflict"),
    ],
)
def test_new_reason_cues(sentence: str, code: str) -> None:
    assert code in [h.code for h in find_reasons(sentence)]


def test_byline_update_label_dates_a_weekday() -> None:
    text = (
        "Staff writer | Updated 18/09/2024 10:30\n"
        "Italy's foreign ministry on Wednesday advised Italians against all travel "
        "to Chad.\n"
    )
    assert _by_issuer(text)["IT"].issued == dt.date(2024, 9, 18)


def test_sentence_dating_the_advisory_gives_the_issue_date() -> None:
    text = (
        "The State Department tells Americans to exercise increased caution in Peru.\n"
        "Crime is common in Lima.\n"
        "The advisory was last updated on May 2, 2024.\n"
    )
    assert _by_issuer(text)["US"].issued == dt.date(2024, 5, 2)


def test_a_later_unrelated_date_is_not_the_issue_date() -> None:
    text = (
        "The State Department tells Americans to exercise increased caution in Peru.\n"
        "Crime is common in Lima.\n"
        "Elections are scheduled for May 2, 2026.\n"
    )
    assert _by_issuer(text)["US"].issued is None


def test_a_region_named_twice_is_listed_once() -> None:
    from travelwatch.models import Document
    from travelwatch.pipeline.extract import extract_advisories

    text = (
        "Norway told its citizens to avoid all travel to the Transnistria region and "
        "to reconsider travel to the rest of Moldova. 'Avoid all travel to "
        "Transnistria until further notice,' the Norwegian foreign ministry said."
    )
    doc = Document("n.txt", text, text, TextMap.identity(len(text)), "h", language="en")
    (adv,) = extract_advisories(doc)
    assert [r.name for r in adv.regions] == ["Transnistria"]
