"""Language detection: ISO 639-1 codes, None when the text does not say."""

from __future__ import annotations

from pathlib import Path

import pytest

from travelwatch.pipeline.language import detect_language
from travelwatch.settings import load_settings


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The ministry told its citizens to avoid all travel to the region.", "en"),
        ("Le ministère a demandé à ses ressortissants de quitter le pays.", "fr"),
        ("El ministerio recomendó a sus ciudadanos no viajar a la región.", "es"),
        ("Das Auswärtige Amt rät von Reisen in das Land dringend ab.", "de"),
        ("Министерство рекомендовало гражданам воздержаться от поездок.", "ru"),
        ("Ráðuneytið ráðleggur fólki frá öllum ferðum til landsins í sumar.", "is"),
        ("Ministria u kërkon qytetarëve të mos udhëtojnë në atë vend.", "sq"),
        ("Departementet fraråder alle reiser til landet på grunn av uroen.", "no"),
        ("Ministarstvo savjetuje građanima da ne putuju u tu zemlju.", "hr"),
        ("Ministerstvo neodporúča občanom cestovať do tejto krajiny.", "sk"),
        ("Министерството съветва гражданите да не пътуват натам.", "bg"),
    ],
)
def test_language_of_a_sentence(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "8:14", "Hello", "2024-01-03 12:00 16 px"])
def test_short_text_has_no_language(text: str) -> None:
    assert detect_language(text) is None


def test_low_confidence_gives_none() -> None:
    strict = load_settings(
        {"language.min_confidence": 1.01}, environ={}, config_file=Path("/nonexistent")
    )
    text = "The ministry told its citizens to avoid all travel to the region."
    assert detect_language(text, settings=strict) is None


def test_nynorsk_is_read_as_norwegian() -> None:
    text = (
        "Departementet rår folk til å ikkje reise til landet no, sidan det er uro der."
    )
    assert detect_language(text) == "no"
