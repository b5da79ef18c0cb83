"""Advice wording per language: Spanish and French articles written for these tests."""

from __future__ import annotations

import pytest

from travelwatch.models import Document
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.screen import screen


def _doc(text: str, language: str | None) -> Document:
    return Document.from_text(text, source="t.txt", language=language)


def _summary(text: str, language: str) -> list[tuple[str, list[str], int, str]]:
    return sorted(
        (a.issuer, sorted(a.destinations), a.level, a.action)
        for a in extract_advisories(_doc(text, language))
    )


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Canadá pidió a sus ciudadanos no viajar a Haití debido a la violencia.",
            "es",
            [("CA", ["HT"], 4, "avoid_all_travel")],
        ),
        (
            "El Departamento de Estado recomienda a sus ciudadanos reconsiderar el "
            "viaje a Nicaragua por la situación de seguridad.",
            "es",
            [("US", ["NI"], 3, "reconsider_travel")],
        ),
        (
            "L'Allemagne a demandé à ses ressortissants de quitter le pays, "
            "y compris au Niger, sans délai.",
            "fr",
            [("DE", ["NE"], 4, "leave_immediately")],
        ),
        (
            "La Belgique recommande à ses ressortissants d'éviter tout voyage "
            "au Burkina Faso.",
            "fr",
            [("BE", ["BF"], 4, "avoid_all_travel")],
        ),
    ],
)
def test_advice_in_its_own_language(
    text: str, language: str, expected: list[tuple[str, list[str], int, str]]
) -> None:
    assert _summary(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Perú y Chile firmaron un acuerdo para promover el turismo y los viajes.",
            "es",
        ),
        ("El equipo de México viajará a Brasil para el partido del domingo.", "es"),
        ("La France et le Mali ont signé un accord sur les voyages d'étudiants.", "fr"),
        ("Le ministre a visité le Sénégal pour parler du commerce.", "fr"),
    ],
)
def test_distractors_give_nothing(text: str, language: str) -> None:
    assert extract_advisories(_doc(text, language)) == []


def test_language_without_wording_gives_nothing() -> None:
    text = "Norway has told its citizens not to travel to Chile."
    assert extract_advisories(_doc(text, "nl")) == []


def test_regions_only_advice_is_regional_wherever_the_places_stand() -> None:
    text = (
        "El Departamento de Estado recomienda a sus ciudadanos una mayor cautela "
        "en México.\nPara los estados de Sinaloa y Colima, recomiendan no viajar."
    )
    levels = sorted(a.level for a in extract_advisories(_doc(text, "es")))
    assert levels == [2, 4]


@pytest.mark.parametrize(
    ("text", "language", "passes"),
    [
        ("Emitieron una alerta de viaje para Perú.", "es", True),
        ("Il est formellement déconseillé de s'y rendre.", "fr", True),
        ("Emitieron una alerta de viaje para Perú.", "en", False),
        ("El mercado abrió con subidas.", None, False),
        ("Il est formellement déconseillé de s'y rendre.", None, True),
    ],
)
def test_screen_uses_the_language_cues(
    text: str, language: str | None, passes: bool
) -> None:
    assert screen(text, language) is passes
