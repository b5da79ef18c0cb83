"""Place mentions for extraction, from the shared gazetteer (``pipeline.geo``).

Extraction only needs (start, end, text, code, kind) per mention; this module keeps
that narrow view in one place so the rest of the package does not depend on the
gazetteer's other details.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

__all__ = ["Place", "find_places", "is_eu_member"]

COUNTRY_KINDS = frozenset({"country", "capital", "seat", "bloc", "region"})


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a sentence; offsets index the sentence text."""

    start: int
    end: int
    text: str
    code: str
    kind: str


class _Gazetteer(Protocol):
    def find(self, text: str) -> list[Any]: ...

    def is_eu_member(self, code: str) -> bool: ...


@cache
def _gazetteer() -> _Gazetteer:
    from travelwatch.pipeline.geo import get_gazetteer

    gaz: _Gazetteer = get_gazetteer()
    return gaz


def find_places(text: str) -> list[Place]:
    """Every country, capital, bloc, region, demonym or adjective named in ``text``."""
    return [
        Place(m.start, m.end, m.text, m.code, m.kind) for m in _gazetteer().find(text)
    ]


def is_eu_member(code: str) -> bool:
    return _gazetteer().is_eu_member(code)
