"""Sentence by sentence: advice hits with their issuer, body and destinations.

Reading keeps a little context between sentences, as a reader does: the last
government that spoke (for "She added", "the ministry also advised") and the places
it spoke about (for "leave the country", "travel there"). A hit that names no place
borrows them only when it is addressed to someone (an advising verb) or the
sentence points back ("the country", "there"); bare imperatives such as a list of a
scale's levels ("Level 4 - Do Not Travel") never do.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from travelwatch.pipeline.extract.actors import (
    BodyMention,
    audience_codes,
    find_bodies,
    subject_issuers,
)
from travelwatch.pipeline.extract.advice import (
    AdviceHit,
    find_advice,
    first_governor,
    resolve_scale,
)
from travelwatch.pipeline.extract.destinations import (
    clause_end,
    destination_places,
    has_anaphora,
    host_places,
    is_regional,
)
from travelwatch.pipeline.extract.lexicon import actor_pattern
from travelwatch.pipeline.extract.places import Place, find_places
from travelwatch.pipeline.sentences import Sentence

__all__ = ["Candidate", "read_candidates"]

_LOOKBACK_SENTENCES = 2
# How far after a frame ("a travel alert for ...") its places may stand.
_FRAME_REACH = 60
_PASSIVE_FRAME = re.compile(r"^(?:been|was|were)\b", re.IGNORECASE)
_TO_CITIZENS = re.compile(
    r".{0,40}?\bto\s+(?:its|their)\s+(?:own\s+)?(?:citizens|nationals)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Candidate:
    """One hit in one sentence, resolved to issuers and destinations."""

    index: int
    sentence: Sentence
    hit: AdviceHit
    issuers: list[str]
    body: BodyMention | None
    destinations: list[Place]
    regional: bool
    frame: bool
    issuer_places: list[Place] = field(default_factory=list)
    borrowed: bool = False

    @property
    def level(self) -> int | None:
        return self.hit.level


@dataclass(slots=True)
class _Context:
    issuers: list[str] = field(default_factory=list)
    destinations: list[Place] = field(default_factory=list)
    dest_sentence: int = -1
    body: BodyMention | None = None
    home: str | None = None


def _frames(text: str) -> list[AdviceHit]:
    if not actor_pattern("issue_verbs").search(text) and not first_governor(
        text, len(text)
    ):
        return []
    return [
        AdviceHit(m.start(), m.end(), m.group(), None)
        for m in actor_pattern("frame_nouns").finditer(text)
    ]


def _home(sentences: list[Sentence], places: dict[int, list[Place]]) -> str | None:
    """The country whose people the article addresses most often."""
    counts: Counter[str] = Counter()
    for i, s in enumerate(sentences):
        counts.update(audience_codes(s.text, places[i]))
    counts.update(
        p.code
        for i in places
        for p in places[i]
        if p.kind == "demonym" and p.code != "EU"
    )
    return counts.most_common(1)[0][0] if counts else None


def _assign_nearest(hits: list[AdviceHit], dests: list[list[Place]]) -> None:
    """A place claimed by hits of different actions goes to the nearest one."""
    for i, hi in enumerate(hits):
        for p in list(dests[i]):
            for j, hj in enumerate(hits):
                if j == i or hj.action == hi.action or p not in dests[j]:
                    continue
                if _distance(hj, p) < _distance(hi, p):
                    dests[i].remove(p)
                    break


def _distance(hit: AdviceHit, p: Place) -> int:
    if p.end <= hit.start:
        return hit.start - p.end
    if p.start >= hit.end:
        return p.start - hit.end
    return 0


def read_candidates(sentences: list[Sentence]) -> list[Candidate]:
    """Every advice hit of the document, resolved against its context."""
    hits_by: dict[int, list[AdviceHit]] = {}
    frames_by: dict[int, list[AdviceHit]] = {}
    for i, s in enumerate(sentences):
        hits = find_advice(s.text)
        frames = _frames(s.text)
        if hits or frames:
            hits_by[i], frames_by[i] = hits, frames
    if not hits_by:
        return []
    places = {i: find_places(s.text) for i, s in enumerate(sentences)}
    ctx = _Context(home=_home(sentences, places))
    out: list[Candidate] = []
    for i in sorted(hits_by):
        out.extend(_read_sentence(i, sentences, places, hits_by[i], frames_by[i], ctx))
    return out


def _read_sentence(
    i: int,
    sentences: list[Sentence],
    places_by: dict[int, list[Place]],
    hits: list[AdviceHit],
    frames: list[AdviceHit],
    ctx: _Context,
) -> list[Candidate]:
    s = sentences[i]
    text = s.text
    places = places_by[i]
    found = find_bodies(text, places)
    all_hits = hits + frames
    issuers_for: list[list[str]] = []
    dests_for: list[list[Place]] = []
    explicit: list[bool] = []
    for h in all_hits:
        gov = first_governor(text, h.start)
        verb = actor_pattern("issue_verbs").search(text, 0, h.start)
        subject_end = min(
            gov.start() if gov else h.start, verb.start() if verb else h.start
        )
        issuers = subject_issuers(text, subject_end, places, found)
        if not issuers:
            issuers = [b.country for b in found if b.country and not b.weak][:1]
        if not issuers:
            issuers = audience_codes(text, places)[:1]
        explicit.append(bool(issuers))
        if not issuers:
            issuers = list(ctx.issuers) or ([ctx.home] if ctx.home else [])
        issuers_for.append(issuers)
        end = clause_end(text, h.end)
        if h in frames and not _PASSIVE_FRAME.search(h.wording):
            end = min(end, h.end + _FRAME_REACH)
            subject_end = h.start
        dests_for.append(
            destination_places(text, places, subject_end, end, issuers, found)
        )
    _assign_nearest(all_hits, dests_for)
    out: list[Candidate] = []
    for k, h in enumerate(all_hits):
        issuers = issuers_for[k]
        if not issuers:
            continue
        dests = dests_for[k]
        is_frame = h in frames
        governed = h.governed_at is not None or first_governor(text, h.start)
        if not dests:
            dests = host_places(text, places, issuers)
        borrowed = False
        may_borrow = (
            (governed and not is_frame)
            or has_anaphora(text, h.start)
            or (is_frame and _TO_CITIZENS.match(text, h.start))
        )
        if not dests and may_borrow:
            dests = _context_places(i, ctx, places_by, issuers)
            borrowed = True
        dests = [p for p in dests if p.code not in issuers]
        if not dests:
            continue
        if h.scale is not None:
            h = resolve_scale(h, issuers[0])
            if h.action is None:
                continue
        if is_frame and any(c.frame is False and c.index == i for c in out):
            continue
        body = _body_for(found, h.start, issuers) or (None if found else ctx.body)
        later = [x.start for x in all_hits if x.start > h.start]
        window_end = min([clause_end(text, h.end), *later])
        regional = is_regional(text, h.start, window_end, places)
        out.append(
            Candidate(
                i,
                s,
                h,
                issuers,
                body,
                dests,
                regional,
                is_frame,
                [p for p in places if p.code in issuers],
                borrowed,
            )
        )
        if explicit[k]:
            ctx.issuers = issuers
    if out:
        last = out[-1]
        if any(p for p in last.destinations):
            ctx.destinations = last.destinations
            ctx.dest_sentence = i
    if found:
        ctx.body = _body_for(found, len(text), ctx.issuers) or ctx.body
    return out


def _body_for(
    found: list[BodyMention], before: int, issuers: list[str]
) -> BodyMention | None:
    strong = [b for b in found if not b.weak]
    for pool in (
        [b for b in strong if b.start < before and b.country in issuers],
        [b for b in strong if b.start < before],
        strong,
        found,
    ):
        if pool:
            return pool[0]
    return None


def _context_places(
    i: int, ctx: _Context, places_by: dict[int, list[Place]], issuers: list[str]
) -> list[Place]:
    if ctx.destinations:
        return ctx.destinations
    for j in range(i - 1, max(-1, i - 1 - _LOOKBACK_SENTENCES), -1):
        near = [
            p
            for p in places_by.get(j, [])
            if p.kind in {"country", "capital", "bloc", "region"}
            and p.code not in issuers
        ]
        if len({p.code for p in near}) >= 2:
            return near
    return []
