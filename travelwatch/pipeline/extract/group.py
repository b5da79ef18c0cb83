"""Candidates -> advisories: one per issuer, body and action.

For each issuer (and each separate issuing ministry, so that a tourism ministry's
alert and the foreign ministry's stay apart) every destination takes its strongest
country-wide advice; destinations with the same action form one advisory. Advice
about parts of a country becomes a region of the country's advisory, or an advisory
of its own when it is stronger than the country-wide one (Level 2 for Brazil, Level
4 for its border areas). A mention of an advisory without wording of its own (a
"frame": "issued a travel alert for Ghana") takes the level of nearby unplaced
advice from the same issuer, else "exercise increased caution".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from travelwatch.models import ACTION_LEVEL
from travelwatch.pipeline.extract.lexicon import plain_actor_pattern
from travelwatch.pipeline.extract.reading import Candidate

__all__ = ["Draft", "group_candidates"]

_FRAME_DEFAULT = "increased_caution"
_FRAME_ALTERNATIVES = (1, 3)


@dataclass(slots=True)
class Draft:
    """An advisory before its signals (reasons, dates) and evidence are read."""

    issuer: str
    action: str
    alternatives: tuple[int, ...]
    destinations: list[str]
    lead: Candidate
    members: list[Candidate] = field(default_factory=list)
    regions: list[Candidate] = field(default_factory=list)


def _key(c: Candidate, issuer: str, kinds: dict[str, set[str]]) -> tuple[str, str]:
    if c.body:
        return issuer, c.body.kind
    # Advice with no body of its own (a headline, "it said") belongs to the one
    # ministry the article names for that issuer.
    own = kinds.get(issuer, set())
    return issuer, (next(iter(own)) if len(own) == 1 else "foreign")


def _stronger(a: Candidate, b: Candidate | None) -> bool:
    """Advice that names its place beats advice that borrows it from context; then
    the higher level; on a tie, the article's own advice wording beats a scale's
    label ("a red warning" ... "should leave as soon as possible")."""
    if b is None:
        return True
    if a.borrowed != b.borrowed:
        return b.borrowed
    if (a.level or 0) != (b.level or 0):
        return (a.level or 0) > (b.level or 0)
    return a.hit.scale is None and b.hit.scale is not None


def group_candidates(candidates: list[Candidate]) -> list[Draft]:
    kinds: dict[str, set[str]] = {}
    for c in candidates:
        if c.body:
            for issuer in c.issuers:
                kinds.setdefault(issuer, set()).add(c.body.kind)
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        for issuer in c.issuers:
            groups.setdefault(_key(c, issuer, kinds), []).append(c)
    drafts: list[Draft] = []
    for (issuer, _kind), members in groups.items():
        drafts.extend(_group_drafts(issuer, members))
    return drafts


def _group_drafts(issuer: str, members: list[Candidate]) -> list[Draft]:
    country: dict[str, Candidate] = {}
    regional: dict[str, list[Candidate]] = {}
    framed: dict[str, Candidate] = {}
    order: list[str] = []
    for c in members:
        for p in c.destinations:
            if p.code not in order:
                order.append(p.code)
            if c.frame:
                framed.setdefault(p.code, c)
            elif c.regional:
                regional.setdefault(p.code, []).append(c)
            elif _stronger(c, country.get(p.code)):
                country[p.code] = c
    for code, frame in framed.items():
        if code not in country and code not in regional:
            country[code] = _level_for_frame(frame, members)
    buckets: dict[tuple[str, bool], Draft] = {}
    for code in order:
        chosen = [country[code]] if code in country else []
        extra = regional.get(code, [])
        if chosen:
            base = chosen[0]
            # "Avoid all travel to R and reconsider travel to the rest of C": the
            # rest-of-country advice is C's level and R stays a region of it.
            rest = plain_actor_pattern("country_rest").search(base.sentence.text)
            stronger = [
                r for r in extra if not rest and (r.level or 0) > (base.level or 0)
            ]
            _add(
                buckets,
                issuer,
                code,
                base,
                False,
                members,
                [r for r in extra if r not in stronger],
            )
            for r in stronger:
                _add(buckets, issuer, code, r, True, members, [r])
        else:
            by_action: dict[str, list[Candidate]] = {}
            for r in extra:
                if r.hit.action:
                    by_action.setdefault(r.hit.action, []).append(r)
            for group in by_action.values():
                _add(buckets, issuer, code, group[0], True, members, group)
    return list(buckets.values())


def _add(
    buckets: dict[tuple[str, bool], Draft],
    issuer: str,
    code: str,
    lead: Candidate,
    regional: bool,
    members: list[Candidate],
    regions: list[Candidate],
) -> None:
    action = lead.hit.action or _FRAME_DEFAULT
    key = (action, regional)
    draft = buckets.get(key)
    if draft is None:
        related = [m for m in members if any(p.code == code for p in m.destinations)]
        draft = buckets[key] = Draft(
            issuer, action, _alternatives(lead), [], lead, related
        )
    else:
        draft.members.extend(
            m
            for m in members
            if m not in draft.members and any(p.code == code for p in m.destinations)
        )
    if code not in draft.destinations:
        draft.destinations.append(code)
    draft.regions.extend(r for r in regions if r not in draft.regions)


def _alternatives(lead: Candidate) -> tuple[int, ...]:
    if lead.frame and lead.hit.action is None:
        return _FRAME_ALTERNATIVES
    level = ACTION_LEVEL.get(lead.hit.action or "", 0)
    return tuple(a for a in lead.hit.alternatives if a != level)


def _level_for_frame(frame: Candidate, members: list[Candidate]) -> Candidate:
    """The frame itself, or the nearest advice without a place that follows it."""
    near = [
        m
        for m in members
        if not m.frame
        and m.hit.action
        and 0 <= m.index - frame.index <= 4
        and m.borrowed
    ]
    return near[0] if near else frame
