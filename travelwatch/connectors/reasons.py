"""Reason codes from an official summary's own "due to ..." wording.

No NLP: the hazard list after "due to" is split on commas and "and", and each
phrase is matched against ``data/official_reasons.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_DUE_TO = re.compile(
    r"\bdue to\b(?:\s+(?:the\s+)?(?:a\s+)?(?:risk|threat|threats|potential|risks)"
    r"\s+(?:of|for)\b)?(?P<list>[^.;:]*)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r",|\band\b|\bor\b|\bincluding\b", re.IGNORECASE)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    path = resources.files("travelwatch.data").joinpath("official_reasons.json")
    rows = json.loads(path.read_text(encoding="utf-8"))["patterns"]
    return tuple((re.compile(p, re.IGNORECASE), code) for p, code in rows)


def phrase_reason(phrase: str) -> str:
    for pattern, code in _patterns():
        if pattern.search(phrase):
            return code
    return "other"


def reasons_from_text(text: str) -> list[str]:
    """Reason codes, in order of first mention, from every "due to" list in text."""
    found: list[str] = []
    for match in _DUE_TO.finditer(text):
        for phrase in _SPLIT.split(match.group("list")):
            phrase = phrase.strip(" \t-–")
            if len(phrase) < 3 or phrase.lower() in {"the", "a", "risk of", "to"}:
                continue
            code = phrase_reason(phrase)
            if code not in found:
                found.append(code)
    return found
