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
from dataclasses import dataclass

import numpy as np
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


@dataclass(frozen=True, slots=True)
class _Labels:
    """The model's columns as :func:`detect_language` reads them, worked out once."""

    #: First column of each label that is alone in being read as its language, in
    #: column order, and that language.
    plain_cols: np.ndarray
    plain_langs: tuple[str, ...]
    #: A language several labels are read as, and those labels' first columns.
    groups: tuple[tuple[str, tuple[int, ...]], ...]


@functools.cache
def _labels() -> _Labels:
    firsts: dict[str, int] = {}
    for col, label in enumerate(_identifier().nb_classes):
        firsts.setdefault(label, col)
    members: dict[str, list[int]] = {}
    for label, col in firsts.items():
        members.setdefault(_SAME_LANGUAGE.get(label, label), []).append(col)
    plain = sorted((cols[0], lang) for lang, cols in members.items() if len(cols) == 1)
    return _Labels(
        plain_cols=np.array([col for col, _ in plain], dtype=np.intp),
        plain_langs=tuple(lang for _, lang in plain),
        groups=tuple(
            (lang, tuple(cols)) for lang, cols in members.items() if len(cols) > 1
        ),
    )


def _best_language(scores: np.ndarray) -> tuple[str, float]:
    """The language of highest probability in the model's ``scores``, and that
    probability: what summing ``rank()``'s list per language in its order and
    taking the first maximum gives, without sorting and adding up every label.

    ``rank()`` lists each label's first column best first, equal scores in column
    order; the labels of one language add up in that order, and of equal totals
    the language listed first wins (``tests/pipeline/test_language.py`` checks
    this against that reference, ties included).
    """
    labels = _labels()
    plain = scores[labels.plain_cols]
    at = int(plain.argmax())  # the first of equal maxima: the lowest column
    value = float(plain[at])
    # (total, then the rank of its first label: its score negated, its column)
    best = (value, -value, int(labels.plain_cols[at]))
    lang = labels.plain_langs[at]
    for group_lang, cols in labels.groups:
        ordered = sorted(cols, key=lambda c: (-float(scores[c]), c))
        total = 0.0
        for col in ordered:
            total += float(scores[col])
        candidate = (total, -float(scores[ordered[0]]), ordered[0])
        if total > best[0] or (total == best[0] and candidate[1:] < best[1:]):
            best, lang = candidate, group_lang
    return lang, best[0]


def detect_language(
    text: str, *, settings: Settings | None = None, sample_chars: int = SAMPLE_CHARS
) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None for short or ambiguous text."""
    settings = settings or load_settings()
    sample = text[:sample_chars]
    if not _has_letters(sample, int(settings["language.min_letters"])):
        return None
    identifier = _identifier()
    # ``_decide`` (the scores ``rank()`` sorts) is py3langid's own, not public:
    # where a release drops it, the public ``rank()`` gives the same answer.
    decide = getattr(identifier, "_decide", None)
    if decide is not None:
        label, confidence = _best_language(decide(sample))
    else:
        totals: dict[str, float] = {}
        for model_label, probability in identifier.rank(sample):
            key = _SAME_LANGUAGE.get(model_label, model_label)
            totals[key] = totals.get(key, 0.0) + float(probability)
        label = max(totals, key=totals.__getitem__)
        confidence = totals[label]
    if confidence < float(settings["language.min_confidence"]):
        return None
    return label if len(label) == 2 and label.isalpha() else None
