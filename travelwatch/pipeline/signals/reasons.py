"""Reason codes an article gives for travel advice, found by lexicon cues.

The lexicon (``data/lexicon/reasons.json``) lists, per SCHEMA reason code, regex cues
with optional guards for the words just before or after them. A cue preceded by a
negation in its own clause ("not because of political retaliation", "no specific,
credible threat") does not count. Cues marked ``fallback`` (a bare "the security
situation") only yield ``other`` when nothing more specific was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from travelwatch.pipeline.signals.lexicon import compile_cue, compile_plain, load

# How far back a negation or guard may sit from its cue, in characters.
_LOOKBACK = 60
_LOOKAHEAD = 40
_CLAUSE_BREAK = re.compile(r"[.;:!?]|,\s+(?:but|while|and)\b|\bbut\b")
# Quotation marks inside a phrase ("the “severe limitations” on") hide it from the
# cues; they are blanked out (same length, so offsets hold) before matching.
_QUOTES = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")


@dataclass(frozen=True, slots=True)
class ReasonHit:
    """A reason ``code`` whose ``cue`` occupies ``text[start:end]``."""

    code: str
    start: int
    end: int
    cue: str


@dataclass(frozen=True, slots=True)
class _Cue:
    code: str
    not_before: re.Pattern[str] | None
    not_after: re.Pattern[str] | None
    fallback: bool


@dataclass(frozen=True, slots=True)
class _CodeCues:
    """All cues of one code as one alternation (one pass over the text per code);
    group ``c<i>`` is cue ``i``, whose guards sit in ``cues[i]``."""

    pattern: re.Pattern[str]
    cues: tuple[_Cue, ...]


@cache
def _cues() -> tuple[_CodeCues, ...]:
    data = load("reasons")
    groups: list[_CodeCues] = []
    for code, items in data["codes"].items():
        specs = [{"re": item} if isinstance(item, str) else item for item in items]
        alternation = "|".join(
            f"(?P<c{i}>{spec['re']})" for i, spec in enumerate(specs)
        )
        cues = tuple(
            _Cue(
                code=code,
                not_before=_optional(spec.get("not_before")),
                not_after=_optional(spec.get("not_after")),
                fallback=bool(spec.get("fallback", False)),
            )
            for spec in specs
        )
        groups.append(_CodeCues(compile_cue(alternation), cues))
    return tuple(groups)


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return compile_plain(pattern) if pattern else None


@cache
def _negation() -> re.Pattern[str]:
    return compile_plain(load("reasons")["negation_before"])


@cache
def _precaution() -> tuple[frozenset[str], re.Pattern[str]]:
    spec = load("reasons")["precaution_before"]
    return frozenset(spec["codes"]), compile_plain(spec["re"])


def find_reasons(
    text: str, spans: Sequence[tuple[int, int]] | None = None
) -> list[ReasonHit]:
    """Reason codes ``text`` gives, one hit per code, in order of first occurrence.

    ``spans`` limits the search to those character ranges of ``text`` (the advice
    sentence and its neighbours); offsets are always into ``text``.
    """
    ranges = _merge(spans) if spans is not None else [(0, len(text))]
    view = _QUOTES.sub(" ", text)
    found: list[ReasonHit] = []
    fallback: list[ReasonHit] = []
    for start, end in ranges:
        for group in _cues():
            for m in group.pattern.finditer(view, start, end):
                cue = group.cues[int((m.lastgroup or "c0")[1:])]
                if _blocked(view, start, end, m, cue):
                    continue
                hit = ReasonHit(cue.code, m.start(), m.end(), text[m.start() : m.end()])
                (fallback if cue.fallback else found).append(hit)
    if not found:
        found = fallback
    first: dict[str, ReasonHit] = {}
    for hit in sorted(found, key=lambda h: (h.start, -h.end)):
        first.setdefault(hit.code, hit)
    return list(first.values())


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        elif e > s:
            merged.append((s, e))
    return merged


def _blocked(text: str, lo: int, hi: int, m: re.Match[str], cue: _Cue) -> bool:
    before = _clause_before(text[max(lo, m.start() - _LOOKBACK) : m.start()])
    after = text[m.end() : min(hi, m.end() + _LOOKAHEAD)]
    if _negation().search(before):
        return True
    codes, precaution = _precaution()
    if cue.code in codes and precaution.search(before):
        return True
    if cue.not_before and cue.not_before.search(before):
        return True
    return bool(cue.not_after and cue.not_after.search(after))


def _clause_before(window: str) -> str:
    """The part of ``window`` in the same clause as the text that follows it."""
    cut = 0
    for m in _CLAUSE_BREAK.finditer(window):
        cut = m.end()
    return window[cut:]
