"""Which places a piece of advice is about.

A destination is a place in the advice's own clause: after the advising verb and
before the clause that gives reasons ("..., citing", "following the attack on ...").
Places named as a comparison ("the same level as Syria"), an origin ("travellers
from Italy"), a border ("land borders with Peru") or as the issuer itself are not
destinations, nor are nationalities ("Indian police").
"""

from __future__ import annotations

from travelwatch.pipeline.extract.actors import BodyMention, coordinated
from travelwatch.pipeline.extract.lexicon import (
    actor_pattern,
    exact_actor_pattern,
    plain_actor_pattern,
)
from travelwatch.pipeline.extract.places import Place

__all__ = [
    "clause_end",
    "destination_places",
    "has_anaphora",
    "host_places",
    "is_regional",
    "singular_anaphora",
]

_DEST_KINDS = frozenset({"country", "capital", "seat", "bloc", "region"})


def clause_end(sentence: str, after: int) -> int:
    m = actor_pattern("clause_stop").search(sentence, after)
    return m.start() if m else len(sentence)


def _excluded(sentence: str, place: Place, bodies: list[BodyMention]) -> bool:
    if place.kind not in _DEST_KINDS:
        return True
    head = sentence[max(0, place.start - 40) : place.start]
    if plain_actor_pattern("not_destination_before").search(head):
        return True
    # "China's embassy", "the Chinese Foreign Ministry": the owner of a body.
    return any(b.start == place.start and b.end > place.end for b in bodies)


def destination_places(
    sentence: str,
    places: list[Place],
    subject_end: int,
    end: int,
    issuers: list[str],
    bodies: list[BodyMention],
) -> list[Place]:
    """Destinations named before ``end``; before ``subject_end`` only after "to"..."""
    out: list[Place] = []
    excluded: dict[Place, bool] = {}
    prev: Place | None = None
    for p in places:
        if p.end > end:
            break
        if prev is not None and coordinated(sentence, prev, p):
            excluded[p] = excluded[prev]
        else:
            excluded[p] = _excluded(sentence, p, bodies) or (
                p.start < subject_end
                and not plain_actor_pattern("travel_preposition").search(
                    sentence[max(0, p.start - 30) : p.start]
                )
            )
        prev = p
        if p.code in issuers or excluded[p] or p.kind not in _DEST_KINDS:
            continue
        out.append(p)
    return out


def host_places(sentence: str, places: list[Place], issuers: list[str]) -> list[Place]:
    """Places where the addressed people are ("citizens in Japan", "embassy in X")."""
    host = plain_actor_pattern("host_before")
    return [
        p
        for p in places
        if p.kind in _DEST_KINDS
        and p.code not in issuers
        and host.search(sentence[max(0, p.start - 40) : p.start])
    ]


def has_anaphora(sentence: str, start: int) -> bool:
    return actor_pattern("anaphora").search(sentence, start) is not None


def singular_anaphora(sentence: str, start: int) -> bool:
    """ "the country", "that nation": one place, not "both countries"."""
    return actor_pattern("singular_anaphora").search(sentence, start) is not None


def is_regional(sentence: str, start: int, end: int, places: list[Place]) -> bool:
    """Advice about parts of a country ("the northern areas", "Rostov regions")."""
    m = exact_actor_pattern("regional").search(sentence, start, end)
    if m and not any(
        p.kind == "country" and start <= p.start < m.start() for p in places
    ):
        return True
    return any(p.kind == "region" and start <= p.start < end for p in places)
