"""Advice phrases in one sentence -> action, level and the article's own wording.

Phrases come from ``data/lexicon/advice.json``; numbered and colour scales from
``advice_scales.json`` are read here but mapped only once the issuer is known (Japan's
"Level 3" is not the State Department's). A phrase that is only advice when someone
advises it ("not to travel", "to leave") needs an advising verb before it, and an
advising verb that is itself negated ("did not advise against travel") cancels it.
Advice named as withdrawn ("lifted its warning against all travel") reads as normal
precautions, the level it was lifted to. Advice addressed to staff rather than citizens ("directed its non-emergency staff to
depart") is not travel advice for the public and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from travelwatch.models import ACTION_LEVEL
from travelwatch.pipeline.extract.lexicon import (
    actor_pattern,
    exact_actor_pattern,
    phrases,
    plain_actor_pattern,
    scale_context,
    scale_pattern,
    scales,
)

__all__ = ["AdviceHit", "find_advice", "first_governor", "resolve_scale"]

_NEGATION_WINDOW = 70


@dataclass(slots=True)
class AdviceHit:
    """One piece of advice wording; offsets index the sentence."""

    start: int
    end: int
    wording: str
    action: str | None
    alternatives: tuple[int, ...] = ()
    scale: tuple[str, str] | None = None  # ("numbered" | "coloured", step)
    governed_at: int | None = None
    qualifier: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def level(self) -> int | None:
        return ACTION_LEVEL[self.action] if self.action else None


# How far before an advice phrase a "from" can open the old level it replaced.
_FROM_WINDOW = 60


def first_governor(sentence: str, before: int) -> re.Match[str] | None:
    """The first advising verb of ``sentence`` that starts before ``before``."""
    m = actor_pattern("governors").search(sentence, 0, before)
    return m


def _last_governor(sentence: str, before: int) -> re.Match[str] | None:
    last = None
    for m in actor_pattern("governors").finditer(sentence, 0, before):
        last = m
    return last


def _lifted(sentence: str, start: int) -> bool:
    """ "removed its advisory against non-essential travel": the phrase names the
    advice that was withdrawn, so what remains is normal precautions."""
    window = sentence[max(0, start - _NEGATION_WINDOW) : start]
    if plain_actor_pattern("lifted_before").search(window) is not None:
        return True
    # "withdrew the travel warning": the verb takes the advice phrase itself.
    return plain_actor_pattern("lifted_scale_before").search(window) is not None


def _negated(sentence: str, start: int) -> bool:
    window = sentence[max(0, start - _NEGATION_WINDOW) : start]
    return actor_pattern("negated_governor").search(window) is not None


def _addressed_to_staff(sentence: str, gov_end: int, start: int) -> bool:
    between = sentence[gov_end:start]
    if not actor_pattern("staff_nouns").search(between):
        return False
    return actor_pattern("citizen_nouns").search(between) is None


def _phrase_hits(sentence: str) -> list[AdviceHit]:
    taken: list[tuple[int, int]] = []
    hits: list[AdviceHit] = []
    for ph in phrases():
        for m in ph.pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            gov = _last_governor(sentence, m.start())
            lifted = _lifted(sentence, m.start())
            if ph.governed and gov is None and not lifted:
                continue
            if ph.needs_place_after and not exact_actor_pattern("place_after").match(
                sentence, m.end()
            ):
                continue
            if not lifted and _negated(sentence, m.start()):
                continue
            if gov is not None and _addressed_to_staff(sentence, gov.end(), m.start()):
                continue
            taken.append((m.start(), m.end()))
            hits.append(
                AdviceHit(
                    start=m.start(),
                    end=m.end(),
                    wording=m.group(),
                    action="normal_precautions" if lifted else ph.action,
                    alternatives=() if lifted else ph.vague,
                    governed_at=gov.start() if gov else None,
                    qualifier=ph.qualifier,
                )
            )
    return hits


def _scale_hits(sentence: str) -> list[AdviceHit]:
    data = scales()
    if not scale_context("context").search(sentence):
        return []
    if scale_context("not_context").search(sentence):
        return []
    words = data["number_words"]
    found: list[AdviceHit] = []
    for m in scale_pattern("level").finditer(sentence):
        found.append(
            AdviceHit(
                m.start(),
                m.end(),
                m.group(),
                None,
                scale=("numbered", str(words[m.group(1).lower()])),
            )
        )
    for m in scale_pattern("colour").finditer(sentence):
        colour = (m.group(1) or m.group(2)).lower()
        found.append(
            AdviceHit(m.start(), m.end(), m.group(), None, scale=("coloured", colour))
        )
    # "from Level 3 to Level 2": only the level it moved to is the advice.
    moved = [
        h
        for h in found
        if plain_actor_pattern("moved_from").search(
            sentence[max(0, h.start - 12) : h.start]
        )
    ]
    kept = [h for h in found if h not in moved and not _negated(sentence, h.start)]
    return [_lifted_scale(sentence, h) for h in kept]


def _lifted_scale(sentence: str, hit: AdviceHit) -> AdviceHit:
    """ "cancelled the Amber alert on X": the step named is the one withdrawn."""
    window = sentence[max(0, hit.start - _NEGATION_WINDOW) : hit.start]
    if not plain_actor_pattern("lifted_scale_before").search(window):
        return hit
    return replace(hit, action="normal_precautions", scale=None)


def find_advice(sentence: str) -> list[AdviceHit]:
    """Advice in ``sentence``: phrase hits (action set) and scale hits (action None)."""
    if sentence.rstrip().endswith("?"):
        return []
    hits = _phrase_hits(sentence)
    qualifiers = [h for h in hits if h.qualifier]
    hits = [h for h in hits if not h.qualifier]
    for q in qualifiers:
        strong = [
            h for h in hits if h.action in ("avoid_all_travel", "reconsider_travel")
        ]
        if strong:
            target = min(strong, key=lambda h: abs(h.start - q.start))
            hits[hits.index(target)] = replace(
                target,
                action=q.action,
                alternatives=q.alternatives,
                end=max(target.end, q.end),
                wording=sentence[target.start : max(target.end, q.end)],
            )
        elif q.governed_at is not None or first_governor(sentence, q.start):
            hits.append(q)
    hits.extend(_scale_hits(sentence))
    return _without_old_levels(sentence, sorted(hits, key=lambda h: h.start))


def _without_old_levels(sentence: str, hits: list[AdviceHit]) -> list[AdviceHit]:
    """ "raised from advising against all but essential travel to advising against
    all travel": the wording between "from" and "to" is the advice it replaced,
    so it goes when advice follows it."""
    moved = plain_actor_pattern("moved_from_phrase")
    kept = []
    for i, h in enumerate(hits):
        later = any(o.start >= h.end for o in hits[i + 1 :])
        window = sentence[max(0, h.start - _FROM_WINDOW) : h.start]
        if later and moved.search(window):
            continue
        kept.append(h)
    return kept


def resolve_scale(hit: AdviceHit, issuer: str | None) -> AdviceHit:
    """The hit with its scale step mapped to an action by ``issuer``'s own scale."""
    if hit.scale is None:
        return hit
    kind, step = hit.scale
    table = scales()[kind]
    own = table.get(issuer or "", {})
    action = own.get(step) or table["default"].get(step)
    return replace(hit, action=action)
