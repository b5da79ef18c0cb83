"""Who gives the advice (issuer, issuing body) and to whom (audience).

The issuer is read from the subject of the advising verb: the words before it that
name a government ("Ghana has warned", "China's embassy in Japan warned", "the
authorities of Germany and the Czech Republic have advised", "Ankara recommends").
A place after "in", "to", "from"... in that stretch is somewhere, not someone. When
the subject is a pronoun or an unnamed body ("She said", "the ministry"), the
audience ("Taiwanese citizens", "Malaysians") or the article's last issuer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from travelwatch.pipeline.extract.lexicon import (
    bodies,
    exact_actor_pattern,
    load,
    plain_actor_pattern,
)
from travelwatch.pipeline.extract.places import Place

__all__ = ["BodyMention", "audience_codes", "find_bodies", "subject_issuers"]

_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b")
_PEOPLE_KINDS = frozenset({"demonym", "adjective"})
_COUNTRY_KINDS = frozenset({"country", "capital", "seat"})


@dataclass(frozen=True, slots=True)
class BodyMention:
    start: int
    end: int
    text: str
    country: str | None
    kind: str
    weak: bool


def find_bodies(sentence: str, places: list[Place]) -> list[BodyMention]:
    """Issuing bodies named in ``sentence``, with the country each belongs to."""
    taken: list[tuple[int, int]] = []
    found: list[BodyMention] = []
    for body in bodies():
        for m in body.pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            owner = _owner_place(sentence, m.start(), places)
            # "Germany's Federal Foreign Office": a named owner outranks the
            # country a bare body name usually stands for.
            country = (
                owner.code
                if owner is not None
                else body.country or _owner(sentence, m.start(), m.end(), places)
            )
            start = m.start()
            if owner is not None:
                start = owner.start
            found.append(
                BodyMention(
                    start,
                    m.end(),
                    sentence[start : m.end()],
                    country,
                    body.kind,
                    body.weak and country is None,
                )
            )
    return sorted(found, key=lambda b: b.start)


def _owner_place(sentence: str, start: int, places: list[Place]) -> Place | None:
    for p in places:
        if p.end <= start and plain_actor_pattern("body_gap").match(
            sentence[p.end : start]
        ):
            return p
    return None


def _owner(sentence: str, start: int, end: int, places: list[Place]) -> str | None:
    owner = _owner_place(sentence, start, places)
    if owner is not None:
        return owner.code
    for p in places:
        if p.start >= end and plain_actor_pattern("of_body").match(
            sentence[end : p.start]
        ):
            return p.code
    return None


def _people_after() -> re.Pattern[str]:
    return _people_pattern(load("advice_actors")["citizen_nouns"])


@cache
def _people_pattern(nouns: str) -> re.Pattern[str]:
    return re.compile(rf"\s+(?:[\w-]+\s+)?{nouns}\b", re.IGNORECASE)


def _is_people_phrase(sentence: str, place: Place) -> bool:
    """'Chinese citizens', 'U.S. nationals', 'Malaysians': a people, not a place."""
    if place.kind == "demonym":
        return True
    after = sentence[place.end : place.end + 40]
    return _people_after().match(after) is not None


def audience_codes(sentence: str, places: list[Place]) -> list[str]:
    """Countries whose people the sentence addresses ("Taiwanese citizens")."""
    out: list[str] = []
    for p in places:
        if p.code != "EU" and _is_people_phrase(sentence, p) and p.code not in out:
            out.append(p.code)
    return out


def coordinated(sentence: str, left: Place, right: Place) -> bool:
    """True for "Germany and the Czech Republic", "the US, UK": one list."""
    return bool(
        plain_actor_pattern("coordination").match(sentence[left.end : right.start])
    )


def _issuer_like(sentence: str, p: Place) -> bool:
    if p.code == "EU":
        return False
    if p.kind in _PEOPLE_KINDS:
        after = sentence[p.end : p.end + 30]
        return _is_people_phrase(sentence, p) or bool(
            plain_actor_pattern("body_after_people").match(after)
        )
    return p.kind in _COUNTRY_KINDS


def subject_issuers(
    sentence: str, subject_end: int, places: list[Place], found: list[BodyMention]
) -> list[str]:
    """Governments named as the subject in ``sentence[:subject_end]``.

    The subject is the list of governments closest before the verb ("the US, UK,
    Ireland ... issued"); a place after a preposition ("embassy in Japan") is not one,
    nor is anything in an earlier clause ("After an attack in Cote d'Ivoire, ...").
    """
    before = [p for p in places if p.end <= subject_end]
    blocked: dict[Place, bool] = {}
    prev: Place | None = None
    for p in before:
        if prev is not None and coordinated(sentence, prev, p):
            blocked[p] = blocked[prev]
        else:
            blocked[p] = _is_dateline(sentence, p) or bool(
                plain_actor_pattern("preposition_before").search(
                    sentence[max(0, p.start - 40) : p.start]
                )
            )
        prev = p
    owners = {b.start for b in found if b.country}
    usable = [
        p
        for p in before
        if not blocked[p] and (_issuer_like(sentence, p) or p.start in owners)
    ]
    out: list[str] = []
    named = _named_body_after(
        sentence, subject_end, found, usable[-1] if usable else None
    )
    if named is not None:
        return [named]
    if usable:
        run = [usable[-1]]
        for p in reversed(before[: before.index(usable[-1])]):
            if coordinated(sentence, p, run[-1]) and not blocked[p]:
                run.append(p)
            else:
                break
        out = [p.code for p in reversed(run) if p.code != "EU"]
    if not out:
        for b in found:
            head = sentence[max(0, b.start - 40) : b.start]
            if (
                b.start < subject_end
                and b.country
                and not plain_actor_pattern("preposition_before").search(head)
            ):
                out.append(b.country)
    return list(dict.fromkeys(out))


def _named_body_after(
    sentence: str, subject_end: int, found: list[BodyMention], last: Place | None
) -> str | None:
    """A body whose name fixes its government ("the State Department"), standing
    between the last named place and the verb, is the subject itself."""
    if last is None:
        return None
    for b in reversed(found):
        if b.weak or not b.country or b.end > subject_end or b.start < last.end:
            continue
        head = sentence[max(0, b.start - 40) : b.start]
        if not plain_actor_pattern("preposition_before").search(head):
            return b.country
    return None


def _is_dateline(sentence: str, p: Place) -> bool:
    """ "MEXICO CITY (Reuters) -", "México.-": where the story is filed, not who acts."""
    if p.start > 30:
        return False
    return exact_actor_pattern("dateline_after").match(sentence, p.end) is not None
