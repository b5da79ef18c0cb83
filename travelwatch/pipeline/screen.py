"""A cheap first look: can this text hold travel advice at all?

Most news is about something else. One precompiled regex over the raw text decides
whether the costlier extraction (places, parsing) is worth running; it never loads
spaCy. The cues (``data/lexicon/advice_cues.json``, and ``advice_cues.<lang>.json``
for other languages) are broad on purpose: a missed advisory costs more than an
article extracted for nothing. Without a language, the cues of every language with
wording of its own are tried, so callers that do not know the language lose nothing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

__all__ = ["screen", "screen_languages"]


def _cue_file(lang: str) -> str:
    return "advice_cues.json" if lang == "en" else f"advice_cues.{lang}.json"


@cache
@cache
def screen_languages() -> tuple[str, ...]:
    """Languages the screen has cues for; English first."""
    folder = resources.files("travelwatch") / "data" / "lexicon"
    others = sorted(
        e.name.split(".")[1]
        for e in folder.iterdir()
        if e.name.startswith("advice_cues.") and e.name.count(".") == 2
    )
    return ("en", *others)


@cache
def _cues(lang: str) -> tuple[str, ...]:
    ref = resources.files("travelwatch") / "data" / "lexicon" / _cue_file(lang)
    return tuple(json.loads(ref.read_text(encoding="utf-8"))["screen"])


@cache
@cache
def screen_pattern(lang: str | None = None) -> re.Pattern[str]:
    langs = screen_languages() if lang is None else (lang,)
    cues = [c for code in langs if code in screen_languages() for c in _cues(code)]
    if not cues:
        return re.compile(r"(?!x)x")  # a language without cues: nothing passes
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(f"(?:{c})" for c in cues) + r")(?!\w)",
        re.IGNORECASE,
    )


def screen(text: str, language: str | None = None) -> bool:
    """True when ``text`` has a cue of travel advice and deserves extraction.

    ``language`` (ISO 639-1) limits the cues to that language's; None tries all.
    """
    return screen_pattern(language).search(text) is not None
