"""Language of a text, as an ISO 639-1 code, or None when the text does not say.

py3langid gives calibrated probabilities when ``norm_probs`` is on; a text too short
to carry evidence, or whose best guess is not confident enough, gets None rather
than a guess. Labels outside ISO 639-1 (three-letter codes, ``zxx``) also give None.

Some of the model's labels are one written language for travelwatch: Nynorsk (``nn``)
is read as Norwegian (``no``) and Bosnian (``bs``) as Croatian (``hr``), whose wording
and places cover them. Their probabilities are added before the best label is taken,
so a Norwegian text split between ``no`` and ``nn`` is still confidently ``no``.
"""

from __future__ import annotations

import functools

from py3langid import langid

from travelwatch.settings import Settings, load_settings

__all__ = ["detect_language"]

#: Characters of a text's beginning that its language is identified from. The
#: model's cost grows with the text and its answer stops changing long before:
#: the first 1,000 agreed with the whole text on 667 of the 668 real news texts
#: of the shared corpus and on all 41 gold dev texts (benchmarks/language_bench.py).
SAMPLE_CHARS = 1000

# model label -> the language travelwatch reads it as
_SAME_LANGUAGE = {"nn": "no", "nb": "no", "bs": "hr"}


@functools.cache
def _identifier() -> langid.LanguageIdentifier:
    return langid.LanguageIdentifier.from_modelpath(
        langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True
    )


def _has_letters(text: str, wanted: int) -> bool:
    # Stops counting as soon as there are enough: most texts pass within a line.
    for ch in text:
        if ch.isalpha():
            wanted -= 1
            if wanted <= 0:
                return True
    return wanted <= 0


def detect_language(
    text: str, *, settings: Settings | None = None, sample_chars: int = SAMPLE_CHARS
) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None for short or ambiguous text."""
    settings = settings or load_settings()
    sample = text[:sample_chars]
    if not _has_letters(sample, int(settings["language.min_letters"])):
        return None
    scores: dict[str, float] = {}
    for model_label, probability in _identifier().rank(sample):
        label = _SAME_LANGUAGE.get(model_label, model_label)
        scores[label] = scores.get(label, 0.0) + float(probability)
    label = max(scores, key=scores.__getitem__)
    confidence = scores[label]
    if confidence < float(settings["language.min_confidence"]):
        return None
    return label if len(label) == 2 and label.isalpha() else None
