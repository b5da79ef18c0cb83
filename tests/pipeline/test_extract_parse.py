"""spaCy on candidate sentences: speakers, subjects, governing verbs (own sentences)."""

from __future__ import annotations

from travelwatch.models import Document
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.extract.parse import parse_sentences, speech_cue


def _doc(text: str) -> Document:
    return Document.from_text(text, source="t.txt", language="en")


def test_speaker_is_the_person_who_said_it() -> None:
    (parse,) = parse_sentences(
        ["Foreign ministry spokeswoman Anna Berg said Sweden urged citizens to leave."]
    )
    assert [s.text for s in parse.speakers] == ["Anna Berg"]


def test_person_who_is_only_mentioned_is_no_speaker() -> None:
    (parse,) = parse_sentences(["The ministry warned tourists after Anna Berg left."])
    assert parse.speakers == []


def test_subject_of_the_advising_verb() -> None:
    text = "The Ministry of Culture and Tourism warned travellers against the trip."
    (parse,) = parse_sentences([text])
    verb = text.index("warned")
    assert parse.subjects[verb].text == "The Ministry of Culture and Tourism"


def test_unlisted_ministry_is_read_as_a_body() -> None:
    (parse,) = parse_sentences(
        ["The Ministry of Civil Protection urged residents to stay alert."]
    )
    assert [b.text for b in parse.bodies] == ["The Ministry of Civil Protection"]


def test_each_advice_of_one_sentence_keeps_its_own_places() -> None:
    text = (
        "Sweden urged its citizens to leave Iran immediately and to avoid all "
        "travel to Israel."
    )
    got = sorted((a.destinations[0], a.action) for a in extract_advisories(_doc(text)))
    assert got == [("IL", "avoid_all_travel"), ("IR", "leave_immediately")]


def test_advisory_carries_the_parsed_speaker() -> None:
    text = (
        "Norway told its citizens not to travel to Chile. "
        "Spokesman Lars Holm said the warning stays in place."
    )
    (adv,) = extract_advisories(_doc(text))
    assert adv.speaker == "Lars Holm"


def test_speech_cue_is_cheap_and_specific() -> None:
    assert speech_cue("Officials said the border stays shut.")
    assert not speech_cue("The border stays shut.")
