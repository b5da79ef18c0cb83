"""Places in text: countries, their people, capitals, seats of power, the EU as a
bloc and sub-national areas, each resolved to one ISO 3166-1 alpha-2 code.

The tables live in ``travelwatch/data/places`` (see ``docs/places.md``). Matching is
one token walk over an index of every form, case-sensitive because places are proper nouns (Title Case
and ALL CAPS variants are included for headlines), left to right, longest match
first, non-overlapping. Names that stand for several places are resolved from the
rest of the text or left out; place names that are also people's names are dropped
when the words around them show a person.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from travelwatch.pipeline.geo_tables import (
    Ambiguous,
    NotAPlace,
    Place,
    SurfaceIndex,
    Tables,
    canonical,
    country_display_name,
    load_tables,
    surface_key,
)

__all__ = ["Gazetteer", "PlaceMention", "get_gazetteer"]

_PREVIOUS_WORD = re.compile(r"(?<!\S)(\S+)[ \t]+\Z")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LINE_AROUND = 60
# Share of capitalised words above which a stretch is a headline, not prose.
_HEADLINE_SHARE = 0.7
_CONTEXT_CACHE_SIZE = 8

# code -> kinds of the unambiguous mentions of it in a text
_Cues = dict[str, set[str]]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place named in a text; ``text[start:end] == mention.text``."""

    start: int
    end: int
    text: str
    code: str
    kind: str
    region: str | None = None


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    text: str
    target: Place | Ambiguous


class Gazetteer:
    """Finds places in text and answers questions about their codes."""

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._index = SurfaceIndex(tables.surfaces)
        self._cue_cache: dict[str, _Cues] = {}
        self.eu_members: frozenset[str] = tables.eu_members

    def find(self, text: str, *, context: str | None = None) -> list[PlaceMention]:
        """Every place named in ``text``, left to right.

        Ambiguous names ("Congo", "Korea") are settled by the places named elsewhere
        in ``context`` (the whole article, when ``text`` is one sentence of it);
        without ``context``, ``text`` itself is the context.
        """
        matches = self._matches(text)
        if any(isinstance(m.target, Ambiguous) for m in matches):
            cues = _cues(matches) if context is None else self._context_cues(context)
        else:
            cues = {}
        mentions = []
        for match in matches:
            place = match.target
            if isinstance(place, Ambiguous):
                resolved = _resolve(place, cues)
                if resolved is None:
                    continue
                place = resolved
            mentions.append(
                PlaceMention(
                    match.start,
                    match.end,
                    match.text,
                    place.code,
                    place.kind,
                    place.region,
                )
            )
        return _drop_qualified_cities(text, mentions)

    def lookup(self, name: str) -> str | None:
        """The code one name, alias or demonym stands for, or None.

        Case does not matter except for acronyms ("US" yes, "us" no); an ambiguous
        name gives its default reading ("Georgia" -> GE) or None ("Congo").
        """
        clean = re.sub(r"^the\s+", "", canonical(name), flags=re.IGNORECASE)
        key = surface_key(clean)
        target = self._tables.targets.get(key)
        if target is None or isinstance(target, NotAPlace):
            return None
        if clean not in self._tables.surfaces and key in self._tables.acronym_keys:
            return None
        if isinstance(target, Ambiguous):
            return target.default.code if target.default else None
        return target.code

    def candidates(self, name: str) -> tuple[str, ...]:
        """The codes an ambiguous name may stand for ("Congo": CD, CG); () if none."""
        clean = re.sub(r"^the\s+", "", canonical(name), flags=re.IGNORECASE)
        target = self._tables.targets.get(surface_key(clean))
        if isinstance(target, Ambiguous):
            return tuple(sorted({c.place.code for c in target.candidates}))
        return ()

    def country_name(self, code: str) -> str:
        """Display name for a code ("United States", "European Union"); an unknown
        code is returned unchanged."""
        return country_display_name(self._tables, code.upper())

    def is_eu_member(self, code: str) -> bool:
        return code.upper() in self.eu_members

    def _matches(self, text: str) -> list[_Match]:
        targets = self._tables.targets
        raw = [
            (start, end, text[start:end], targets[surface_key(text[start:end])])
            for start, end in self._index.spans(text)
        ]
        starts = {start for start, _, _, _ in raw}
        kept = []
        for start, end, surface, target in raw:
            if isinstance(target, NotAPlace):
                continue
            if self._is_person(text, start, end, surface, starts):
                continue
            kept.append(_Match(start, end, surface, target))
        return kept

    def _is_person(
        self, text: str, start: int, end: int, surface: str, starts: set[int]
    ) -> bool:
        """True when a place name that doubles as a person's name means the person."""
        tables = self._tables
        if surface_key(surface) not in tables.person_names:
            return False
        before = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
        if before:
            word = before.group(1)
            if word in tables.preceders or word.title() in tables.given_names:
                return True
        after = _NEXT_WORD.match(text, end, min(len(text), end + 40))
        if not after or end + len(after.group(0)) - len(after.group(1)) in starts:
            return False
        if after.group(1) in tables.follower_ok:
            return False
        return not _is_headline(text, start, end)

    def _context_cues(self, context: str) -> _Cues:
        cues = self._cue_cache.get(context)
        if cues is None:
            if len(self._cue_cache) >= _CONTEXT_CACHE_SIZE:
                self._cue_cache.clear()
            cues = _cues(self._matches(context))
            self._cue_cache[context] = cues
        return cues


def _cues(matches: list[_Match]) -> _Cues:
    cues: _Cues = {}
    for match in matches:
        if isinstance(match.target, Place):
            cues.setdefault(match.target.code, set()).add(match.target.kind)
    return cues


def _resolve(ambiguous: Ambiguous, cues: _Cues) -> Place | None:
    evidenced = [
        c.place
        for c in ambiguous.candidates
        if c.place.code in cues
        and (c.cue_kinds is None or cues[c.place.code] & c.cue_kinds)
    ]
    if len(evidenced) == 1:
        return evidenced[0]
    return ambiguous.default


def _is_headline(text: str, start: int, end: int) -> bool:
    """ALL CAPS or Title Case around the mention, where capitals tell nothing."""
    line_start = text.rfind("\n", max(0, start - _LINE_AROUND), start) + 1
    line_end = text.find("\n", end, end + _LINE_AROUND)
    if line_end < 0:
        line_end = end + _LINE_AROUND
    window = text[max(line_start, start - _LINE_AROUND) : line_end]
    words = _WORD.findall(window)
    if len(words) < 3:
        return False
    capitalised = sum(word[0].isupper() for word in words)
    return capitalised / len(words) >= _HEADLINE_SHARE


def _drop_qualified_cities(
    text: str, mentions: list[PlaceMention]
) -> list[PlaceMention]:
    """A city followed by ", <place>" ("Tripoli, Lebanon", "Paris, Texas") is in
    that place, so a city reading that points to another country is dropped."""
    kept = []
    for i, mention in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and mention.kind in ("capital", "region")
            and nxt.kind in ("country", "region")
            and nxt.code != mention.code
            and re.fullmatch(r",\s*", text[mention.end : nxt.start])
        ):
            continue
        kept.append(mention)
    return kept


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, built from the data files on first use."""
    return Gazetteer(load_tables())
