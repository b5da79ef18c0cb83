"""How an article says travel advice changed: issued, raised, lowered, lifted, reiterated.

Cues are tiered data (``data/lexicon/changes.json``): an explicit level move
("raised the travel warning", "lifted the advisory", "from level 3 to level 2")
outranks a renewal ("reiterated", "continue to refrain"), which outranks a softer
move ("tightened its guidance") and plain issuing ("issued", "announced"). Within a
tier the earliest cue wins. Nothing said gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from travelwatch.pipeline.signals.lexicon import compile_cue, compile_plain, load

_LEVEL_SHIFT_TIER = 4


@dataclass(frozen=True, slots=True)
class ChangeHit:
    """A SCHEMA ``change`` and the ``cue`` at ``text[start:end]`` that says it."""

    change: str
    start: int
    end: int
    cue: str


@cache
def _cues() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    lex = load("changes")
    advice, modifiers = lex["advice"], lex["modifiers"]
    cues: list[tuple[str, int, re.Pattern[str]]] = []
    for name, spec in lex["changes"].items():
        change = spec.get("change", name)
        for cue in spec["cues"]:
            cues.append(
                (
                    change,
                    spec["tier"],
                    compile_cue(
                        cue.replace("{advice}", advice).replace("{mod}", modifiers)
                    ),
                )
            )
    return tuple(cues)


def find_change(text: str) -> ChangeHit | None:
    """The change ``text`` (an advice sentence and its context) states, or None."""
    best: tuple[int, int] | None = None
    hit: ChangeHit | None = None
    candidates: list[tuple[int, ChangeHit]] = []
    for change, tier, pattern in _cues():
        for m in pattern.finditer(text):
            candidates.append((tier, ChangeHit(change, m.start(), m.end(), m.group())))
    shift = compile_plain(load("changes")["level_shift"])
    for m in shift.finditer(text):
        old, new = int(m.group("old")), int(m.group("new"))
        if old != new:
            change = "raised" if new > old else "lowered"
            candidates.append(
                (_LEVEL_SHIFT_TIER, ChangeHit(change, m.start(), m.end(), m.group()))
            )
    for tier, candidate in candidates:
        rank = (tier, -candidate.start)
        if best is None or rank > best:
            best, hit = rank, candidate
    return hit
