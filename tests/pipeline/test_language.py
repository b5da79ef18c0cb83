"""Language detection: ISO 639-1 codes, None when the text does not say."""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path

import numpy as np
import pytest

from travelwatch.pipeline.language import (
    _SAME_LANGUAGE,
    SAMPLE_CHARS,
    _best_language,
    _identifier,
    detect_language,
)
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


def _reference(scores: np.ndarray) -> tuple[str, float]:
    """The language and probability as detect_language read them from ``rank()``'s
    sorted list (its code before it stopped sorting every label)."""
    merged: dict[str, float] = {}
    for label, score in zip(_identifier().nb_classes, scores.tolist(), strict=True):
        merged.setdefault(label, score)
    ranked = sorted(merged.items(), key=itemgetter(1), reverse=True)
    totals: dict[str, float] = {}
    for model_label, probability in ranked:
        label = _SAME_LANGUAGE.get(model_label, model_label)
        totals[label] = totals.get(label, 0.0) + float(probability)
    label = max(totals, key=totals.__getitem__)
    return label, totals[label]


def test_best_language_is_ranks_answer_ties_included() -> None:
    columns = len(_identifier().nb_classes)
    rng = np.random.default_rng(16)
    for trial in range(3000):
        # Few distinct values, so that equal scores and equal totals are common;
        # some vectors put weight on Norwegian/Nynorsk and Croatian/Bosnian alone.
        values = rng.choice([0.0, 0.125, 0.25, 0.375, 0.5], size=columns)
        if trial % 3 == 0:
            values[:] = 0.0
            for label in rng.choice(["no", "nn", "hr", "bs", "en", "sr", "uz"], 3):
                cols = [i for i, c in enumerate(_identifier().nb_classes) if c == label]
                values[cols[0]] = rng.choice([0.125, 0.25, 0.5])
        scores = values.astype(np.float32)
        assert _best_language(scores) == _reference(scores), trial


def test_detect_language_same_as_from_rank_on_texts() -> None:
    texts = [
        "Departementet rår folk til å ikkje reise til landet no, sidan det er uro der.",
        "Ministarstvo savjetuje građanima da ne putuju u tu zemlju.",
        "Ministarstvo savjetuje građane BiH da ne putuju u tu zemlju zbog nemira.",
        "Министарство саветује грађане да не путују у ту земљу.",
        "Vazirlik fuqarolarga u mamlakatga borishni tavsiya qilmaydi.",
        "The ministry told its citizens to avoid all travel to the region.",
    ]
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "texts"
    if corpus.is_dir():  # every language of the shared corpus, when present
        texts += [p.read_text("utf-8", "replace") for p in sorted(corpus.glob("*.txt"))]
    identifier = _identifier()
    for text in texts:
        sample = text[:SAMPLE_CHARS]
        label, confidence = _reference(identifier._decide(sample))
        assert _best_language(identifier._decide(sample)) == (label, confidence)


def test_without_the_private_scores_rank_gives_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A py3langid release without ``_decide`` is read through public ``rank()``."""
    import travelwatch.pipeline.language as language

    real = _identifier()

    class PublicOnly:
        nb_classes = real.nb_classes

        def rank(self, text: str) -> list[tuple[str, float]]:
            return list(real.rank(text))

    texts = [
        "Departementet rår folk til å ikkje reise til landet no, sidan det er uro der.",
        "The ministry told its citizens to avoid all travel to the region.",
        "Le ministère déconseille formellement de se rendre dans ce pays.",
    ]
    expected = [detect_language(t) for t in texts]
    monkeypatch.setattr(language, "_identifier", lambda: PublicOnly())
    assert [detect_language(t) for t in texts] == expected
    assert expected[0] == "no"
