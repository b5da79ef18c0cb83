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
    singular_anaphora,
)
from travelwatch.pipeline.extract.lexicon import (
    actor_pattern,
    current_language,
    plain_actor_pattern,
)
from travelwatch.pipeline.extract.parse import (
    SentenceParse,
    Span,
    parse_sentences,
    speech_cue,
)
from travelwatch.pipeline.extract.places import Place, find_places
from travelwatch.pipeline.sentences import Sentence

__all__ = ["Candidate", "read_candidates"]

_LOOKBACK_SENTENCES = 2
_SUBJECT_KINDS = frozenset({"country", "capital", "seat"})
_CLAUSE_LEAD = re.compile(r"(?:the|its|their)\s+", re.IGNORECASE)
# How far after a frame ("a travel alert for ...") its places may stand.
_FRAME_REACH = 60


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
    speaker: tuple[Sentence, Span] | None = None

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
    lifted = plain_actor_pattern("lifted_scale_before")
    # "withdrew the travel warning": what remains is normal precautions.
    return [
        AdviceHit(
            m.start(),
            m.end(),
            m.group(),
            "normal_precautions" if lifted.search(text, 0, m.start()) else None,
        )
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


def _assign_nearest(
    hits: list[AdviceHit],
    dests: list[list[Place]],
    parse: SentenceParse | None,
    issuers: list[list[str]],
) -> None:
    """A place claimed by one government's hits of different actions goes to the
    hit whose words govern it in the parse ("leave Iran and avoid travel to
    Israel"), else to the nearest one. A scale's step and wording that mean the same
    ("Level 3, ... reconsider travel") are no rivals, nor are two governments."""
    actions = [
        resolve_scale(h, iss[0] if iss else None).action if h.scale else h.action
        for h, iss in zip(hits, issuers, strict=True)
    ]
    for i, hi in enumerate(hits):
        for p in list(dests[i]):
            # A bare frame ("raised its travel advice for X") never takes a place
            # from the advice wording that follows it.
            rivals = [
                j
                for j, hj in enumerate(hits)
                if j != i
                and actions[j] != actions[i]
                and issuers[j] == issuers[i]
                and p in dests[j]
                and not _bare_frame(hj)
            ]
            if not rivals:
                continue
            owner = _governing_hit(hits, [i, *rivals], p, parse)
            if owner is not None:
                if owner != i:
                    dests[i].remove(p)
                continue
            if any(_distance(hits[j], p) < _distance(hi, p) for j in rivals):
                dests[i].remove(p)


def _bare_frame(hit: AdviceHit) -> bool:
    return hit.action is None and hit.scale is None


def _governing_hit(
    hits: list[AdviceHit], among: list[int], p: Place, parse: SentenceParse | None
) -> int | None:
    if parse is None:
        return None
    for head in parse.ancestors(p.start, p.end):
        inside = [k for k in among if hits[k].start <= head < hits[k].end]
        if inside:
            return inside[0]
    return None


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
    parses = _parses(sentences, hits_by) if current_language() == "en" else {}
    ctx = _Context(home=_home(sentences, places))
    out: list[Candidate] = []
    for i in sorted(hits_by):
        out.extend(
            _read_sentence(i, sentences, places, hits_by[i], frames_by[i], ctx, parses)
        )
    return out


def _read_sentence(
    i: int,
    sentences: list[Sentence],
    places_by: dict[int, list[Place]],
    hits: list[AdviceHit],
    frames: list[AdviceHit],
    ctx: _Context,
    parses: dict[int, SentenceParse],
) -> list[Candidate]:
    s = sentences[i]
    parse = parses.get(i)
    text = s.text
    places = places_by[i]
    found = find_bodies(text, places)
    all_hits = hits + frames
    issuers_for: list[list[str]] = []
    dests_for: list[list[Place]] = []
    explicit: list[bool] = []
    for h in all_hits:
        since = _own_clause_start(text, h.start, places, found)
        gov = actor_pattern("governors").search(text, since, h.start)
        verb = actor_pattern("issue_verbs").search(text, since, h.start)
        subject_end = min(
            gov.start() if gov else h.start, verb.start() if verb else h.start
        )
        issuers = subject_issuers(text, subject_end, places, found)
        if not issuers and gov is not None and parse is not None:
            issuers = _parsed_subject(text, parse, gov.start(), places)
        if not issuers:
            issuers = [b.country for b in found if b.country and not b.weak][:1]
        if not issuers:
            issuers = audience_codes(text, places)[:1]
        explicit.append(bool(issuers))
        if not issuers:
            issuers = list(ctx.issuers) or ([ctx.home] if ctx.home else [])
        issuers_for.append(issuers)
        end = clause_end(text, h.end)
        if h in frames and not plain_actor_pattern("passive_frame").search(h.wording):
            end = min(end, h.end + _FRAME_REACH)
            subject_end = h.start
        dests_for.append(
            destination_places(text, places, subject_end, end, issuers, found)
        )
    _assign_nearest(all_hits, dests_for, parse, issuers_for)
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
            or (is_frame and plain_actor_pattern("to_citizens").match(text, h.start))
        )
        if not dests and has_anaphora(text, h.start):
            dests = _antecedent(text, places, h.start, issuers)
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
        body = (
            _body_for(found, h.start, issuers)
            or (None if found else _parsed_body(parse))
            or (None if found else ctx.body)
        )
        later = [x.start for x in all_hits if x.start > h.start]
        window_end = min([clause_end(text, h.end), *later])
        # Advice naming only parts of countries is regional wherever they stand.
        regional = is_regional(text, h.start, window_end, places) or all(
            p.kind == "region" for p in dests
        )
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
                _speaker(i, sentences, parses),
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


def _own_clause_start(
    text: str, before: int, places: list[Place], found: list[BodyMention]
) -> int:
    """Where the clause of the advice at ``before`` starts, when a contrasting clause
    names its own government ("X raised its advice, while Canada told Canadians to
    ..."); 0 when the advice shares the sentence's first subject."""
    start = 0
    for m in plain_actor_pattern("clause_switch").finditer(text, 0, before):
        start = m.end()
    if not start:
        return 0
    gov = actor_pattern("governors").search(text, start, before)
    if gov is None:
        return 0
    lead = _CLAUSE_LEAD.match(text, start)
    at = lead.end() if lead else start
    bodies = [b for b in found if b.start == at and b.country]
    # "while Iran's red warning says ...": a possessive place owns the advice's
    # label, not the advice, unless it owns a body ("Britain's Foreign Office").
    subjects = [
        p
        for p in places
        if p.start == at
        and p.kind in _SUBJECT_KINDS
        and (bodies or not text.startswith(("'s", "’s"), p.end))
    ]
    return start if (subjects or bodies) and at < gov.start() else 0


def _body_for(
    found: list[BodyMention], before: int, issuers: list[str]
) -> BodyMention | None:
    # Another government's body ("the U.S. State Department ..., while Canada ...")
    # never speaks for this issuer.
    own = [b for b in found if b.country is None or b.country in issuers]
    strong = [b for b in own if not b.weak]
    for pool in (
        [b for b in strong if b.start < before and b.country in issuers],
        [b for b in strong if b.start < before],
        strong,
        own,
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


def _antecedent(
    text: str, places: list[Place], start: int, issuers: list[str]
) -> list[Place]:
    """ "Iran's red warning says people should leave the country": a singular
    "the country" points at the nearest country named before it in its sentence."""
    if not singular_anaphora(text, start):
        return []
    before = [
        p
        for p in places
        if p.end <= start and p.code not in issuers and p.kind in {"country", "capital"}
    ]
    return before[-1:]


def _parses(
    sentences: list[Sentence], hits_by: dict[int, list[AdviceHit]]
) -> dict[int, SentenceParse]:
    """Parse the advice sentences, and their neighbours when they report speech."""
    wanted = set(hits_by)
    for i in hits_by:
        for j in (i - 1, i + 1):
            if 0 <= j < len(sentences) and speech_cue(sentences[j].text):
                wanted.add(j)
    order = sorted(wanted)
    return dict(
        zip(order, parse_sentences([sentences[i].text for i in order]), strict=True)
    )


def _parsed_subject(
    text: str, parse: SentenceParse, verb_start: int, places: list[Place]
) -> list[str]:
    """Governments named in the parsed subject of the advising verb."""
    subject = parse.subjects.get(verb_start)
    if subject is None:
        return []
    inside = [
        p
        for p in places
        if subject.start <= p.start
        and p.end <= subject.end
        and p.kind in {"country", "capital", "seat", "demonym", "adjective"}
        and p.code != "EU"
        and not plain_actor_pattern("preposition_before").search(
            text[max(0, p.start - 40) : p.start]
        )
    ]
    if not inside:
        return []
    # "The embassy of China in Japan": the first government is the owner.
    return [inside[0].code]


def _parsed_body(parse: SentenceParse | None) -> BodyMention | None:
    if parse is None or not parse.bodies:
        return None
    b = parse.bodies[0]
    return BodyMention(b.start, b.end, b.text, None, "foreign", True)


def _speaker(
    i: int, sentences: list[Sentence], parses: dict[int, SentenceParse]
) -> tuple[Sentence, Span] | None:
    for j in (i, i + 1, i - 1):
        parse = parses.get(j)
        if parse is not None and parse.speakers:
            return sentences[j], parse.speakers[0]
    return None
