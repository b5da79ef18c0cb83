"""Travel-advice wording in many languages, as cues for a multilingual reader.

The wording is data: one ``data/lexicon/i18n/<lang>.json`` per language (format in
``docs/wording.md``). :func:`find_cues` runs a language's patterns over a text and
returns typed, offset-carrying :class:`Cue` objects: advice phrases and issuers' own
scales (each with the SCHEMA action it means), issuing bodies (with the government
they name, or ``"home"``), travel words, change wording and hazard words.

Patterns are Python regexes matched case-insensitively on the raw text; they carry
their own word boundaries (spaceless scripts have none). Within one kind, where two
matches overlap, the pattern listed earlier in the file wins, so files list the more
specific wording first. Each language is compiled once.

Speed: case-insensitive matching is done by folding both the text and the patterns
character by character to lower case (a fold that never changes a string's length,
so offsets still index the raw text) and matching case-sensitively, which lets the
regex engine skip quickly to each pattern's first letters. A leading ``\b`` is
checked by hand for the same reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Cue", "find_cues", "has_advice", "home_government", "wording_languages"]

_WORD_START = "\\b"


class _Fold(dict[int, str]):
    """Per-character lower case that never changes a string's length."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        low = char.lower()
        folded = low if len(low) == 1 else char
        folded = "σ" if folded == "ς" else folded
        self[code] = folded
        return folded


_FOLD = _Fold()


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _fold_pattern(pattern: str) -> str:
    """``pattern`` with its literal characters folded; escapes are kept as written."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else _fold(char))
        escaped = not escaped and char == "\\"
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(text: str, pos: int) -> bool:
    before = pos > 0 and _is_word(text[pos - 1])
    after = pos < len(text) and _is_word(text[pos])
    return before != after


_KINDS = ("advice", "scale", "body", "travel", "abroad", "change", "reason")


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    kind: str  # "advice" | "scale" | "body" | "travel" | "abroad" | "change" | "reason"
    action: str | None = None  # advice, scale
    alternatives: tuple[int, ...] = ()
    value: str | None = (
        None  # body: issuer code or "home"; change; reason; scale issuer
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    word_start: bool
    kind: str
    action: str | None
    alternatives: tuple[int, ...]
    value: str | None


@dataclass(frozen=True, slots=True)
class _Wording:
    language: str
    home: str | None
    rules: tuple[_Rule, ...]


def _folder() -> Any:
    return resources.files("travelwatch") / "data" / "lexicon" / "i18n"


@cache
def wording_languages() -> frozenset[str]:
    """The languages that have a wording file."""
    return frozenset(
        entry.name[: -len(".json")]
        for entry in _folder().iterdir()
        if entry.name.endswith(".json")
    )


def _rules(data: dict[str, Any]) -> list[_Rule]:
    rules: list[_Rule] = []
    for entry in data.get("advice", []):
        alts = tuple(int(a) for a in entry.get("alternatives", ()))
        rules.append(_rule(entry["re"], "advice", entry["action"], alts, None))
    for entry in data.get("scales", []):
        alts = tuple(int(a) for a in entry.get("alternatives", ()))
        rules.append(
            _rule(entry["re"], "scale", entry["action"], alts, entry.get("issuer"))
        )
    for entry in data.get("bodies", []):
        rules.append(_rule(entry["re"], "body", None, (), entry["issuer"]))
    for pattern in data.get("travel", []):
        rules.append(_rule(pattern, "travel", None, (), None))
    for pattern in data.get("abroad", []):
        rules.append(_rule(pattern, "abroad", None, (), None))
    for entry in data.get("changes", []):
        rules.append(_rule(entry["re"], "change", None, (), entry["change"]))
    for entry in data.get("reasons", []):
        rules.append(_rule(entry["re"], "reason", None, (), entry["reason"]))
    return rules


def _rule(
    pattern: str,
    kind: str,
    action: str | None,
    alternatives: tuple[int, ...],
    value: str | None,
) -> _Rule:
    word_start = pattern.startswith(_WORD_START)
    body = pattern[len(_WORD_START) :] if word_start else pattern
    compiled = re.compile(_fold_pattern(body))
    return _Rule(compiled, word_start, kind, action, alternatives, value)


@cache
def _wording(language: str) -> _Wording | None:
    if language not in wording_languages():
        return None
    ref = _folder() / f"{language}.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return _Wording(language, data.get("home"), tuple(_rules(data)))


def _matches(rule: _Rule, text: str) -> list[tuple[int, int]]:
    """Non-empty, non-overlapping match spans of ``rule``, leftmost first."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text):
        match = rule.pattern.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        if rule.word_start and not _boundary(text, start):
            pos = start + 1
            continue
        if end > start:
            spans.append((start, end))
        pos = end if end > start else start + 1
    return spans


def home_government(language: str) -> str | None:
    """The government a bare "the foreign ministry" means in that language's press."""
    wording = _wording(language)
    return wording.home if wording else None


def has_advice(text: str, language: str) -> bool:
    """Whether ``text`` holds any advice or scale wording of ``language``: the
    reader's screen for languages the hand rules do not read (first hit wins)."""
    wording = _wording(language)
    if wording is None or not text:
        return False
    folded = _fold(text)
    return any(
        _first(rule, folded)
        for rule in wording.rules
        if rule.kind in ("advice", "scale")
    )


def _first(rule: _Rule, text: str) -> bool:
    pos = 0
    while (match := rule.pattern.search(text, pos)) is not None:
        start, end = match.span()
        if end > start and (not rule.word_start or _boundary(text, start)):
            return True
        pos = start + 1
    return False


def find_cues(text: str, language: str) -> list[Cue]:
    """Every wording cue of ``language`` in ``text``, sorted by start offset.

    Unknown languages give ``[]``. Within one kind, overlapping matches keep the one
    whose pattern comes first in the language file.
    """
    wording = _wording(language)
    if wording is None or not text:
        return []
    folded = _fold(text)
    taken: dict[str, list[tuple[int, int]]] = {kind: [] for kind in _KINDS}
    cues: list[Cue] = []
    for rule in wording.rules:
        spans = taken[rule.kind]
        for start, end in _matches(rule, folded):
            if any(s < end and start < e for s, e in spans):
                continue
            spans.append((start, end))
            cues.append(
                Cue(start, end, rule.kind, rule.action, rule.alternatives, rule.value)
            )
    cues.sort(key=lambda cue: (cue.start, cue.end, _KINDS.index(cue.kind)))
    return cues
