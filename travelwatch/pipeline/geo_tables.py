"""The places tables (``travelwatch/data/places``) loaded into lookup structures.

Kept apart from :mod:`travelwatch.pipeline.geo` so that the matching rules there read
without the file plumbing. Every surface form a table names is registered under a
*key* (its canonical spelling, case-folded); the matcher finds surfaces in text and
looks the key up here.
"""

from __future__ import annotations

import gettext
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "places"

KINDS = ("country", "demonym", "adjective", "capital", "seat", "bloc", "region")

_ODD_CHARS = str.maketrans(
    {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"}
)
_SPACES = re.compile(r"\s+")
# Most text needs no canonicalising at all; checking that first is much cheaper.
_NEEDS_WORK = re.compile(r"[^\x21-\x7e ]|  |^ | $")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Upper-case variants of short names ("MALI", "IRAN") are fine; of three-letter
# words they would collide with acronyms in headlines.
_MIN_CAPS_VARIANT = 4


@dataclass(frozen=True, slots=True)
class Place:
    """What a surface form stands for."""

    code: str
    kind: str
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of an ambiguous name; ``cue_kinds`` None means any mention cues."""

    place: Place
    cue_kinds: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Ambiguous:
    candidates: tuple[Candidate, ...]
    default: Place | None


@dataclass(frozen=True, slots=True)
class NotAPlace:
    """A phrase that contains a place name without meaning it ("Indian Ocean")."""


Target = Place | Ambiguous | NotAPlace

# Lower wins when two tables claim the same surface form.
_PRIORITY = {
    "ambiguous": 0,
    "not_place": 1,
    "country": 2,
    "bloc": 2,
    "capital": 3,
    "seat": 3,
    "adjective": 4,
    "demonym": 4,
    "region": 5,
    "exonym": 6,
}


@dataclass(slots=True)
class Tables:
    targets: dict[str, Target] = field(default_factory=dict)
    surfaces: set[str] = field(default_factory=set)
    acronym_keys: set[str] = field(default_factory=set)
    display: dict[str, str] = field(default_factory=dict)
    eu_members: frozenset[str] = frozenset()
    person_names: frozenset[str] = frozenset()
    preceders: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    follower_ok: frozenset[str] = frozenset()
    conflicts: list[str] = field(default_factory=list)
    _priority: dict[str, int] = field(default_factory=dict)
    _acronym_only: dict[str, bool] = field(default_factory=dict)

    def add(self, name: str, target: Target, source: str) -> None:
        """Register ``name`` and its spelling variants for ``target``."""
        name = _LEADING_THE.sub("", canonical(name))
        if not name:
            return
        key = surface_key(name)
        rank = _PRIORITY[source]
        known = self.targets.get(key)
        if known is not None and known != target:
            if rank > self._priority[key]:
                return
            if rank == self._priority[key]:
                self.conflicts.append(f"{name!r}: {known} vs {target}")
                return
        self.targets[key] = target
        self._priority[key] = rank
        acronym = name == name.upper()
        self._acronym_only[key] = self._acronym_only.get(key, True) and acronym
        if self._acronym_only[key]:
            self.acronym_keys.add(key)
        else:
            self.acronym_keys.discard(key)
        for variant in spelling_variants(name):
            variant_key = surface_key(variant)
            if variant_key != key and variant_key not in self.targets:
                self.targets[variant_key] = target
                self._priority[variant_key] = rank
            self.surfaces.add(variant)


def canonical(text: str) -> str:
    """One spelling for comparison: NFC, straight apostrophes, ASCII hyphens."""
    if not _NEEDS_WORK.search(text):
        return text
    text = unicodedata.normalize("NFC", text).translate(_ODD_CHARS)
    return _SPACES.sub(" ", text).strip()


def surface_key(text: str) -> str:
    return canonical(text).casefold()


def ascii_fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spelling_variants(name: str) -> set[str]:
    """The forms a proper noun takes in running text and in headlines."""
    forms = {name, ascii_fold(name)}
    forms |= {form.replace("-", " ") for form in forms if "-" in form}
    if name == name.upper():
        return forms  # acronyms are written one way only
    variants = set(forms)
    for form in forms:
        if any(word[:1].islower() for word in form.split(" ")):
            variants.add(" ".join(w[:1].upper() + w[1:] for w in form.split(" ")))
        if len(form) >= _MIN_CAPS_VARIANT:
            variants.add(form.upper())
    return variants


def _rows(filename: str) -> Iterator[list[str]]:
    """Tab-separated rows of a data file, comments and blank lines skipped."""
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                yield [cell.strip() for cell in line.split("\t")]


def _names(cell: str) -> list[str]:
    return (
        [] if cell in ("", "-") else [n.strip() for n in cell.split(";") if n.strip()]
    )


def _json(filename: str) -> Any:
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        return json.load(handle)


def _pycountry_names() -> Iterator[tuple[str, str]]:
    """(code, name) for every ISO 3166-1 entry; inverted forms ("Korea, Republic
    of") and bracketed ones are skipped, the tables give the usable spelling."""
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                yield country.alpha_2, name


def _pycountry_exonyms() -> Iterator[tuple[str, str]]:
    """(code, name) in the languages exonyms.json lists, from pycountry's gettext
    catalogues of ISO 3166-1 names."""
    config = _json("exonyms.json")
    skip = set(config["skip"])
    catalogues = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in config["languages"]
    ]
    for code, name in _pycountry_names():
        for catalogue in catalogues:
            translated = catalogue.gettext(name)
            if translated != name and translated not in skip and "," not in translated:
                yield code, translated


def _load_ambiguous(tables: Tables) -> None:
    for group in _json("ambiguous.json")["groups"]:
        kind = group["kind"]
        candidates = []
        for item in group["candidates"]:
            place = Place(item["code"], item.get("kind", kind), item.get("region"))
            cues = item.get("cue_kinds")
            candidates.append(Candidate(place, frozenset(cues) if cues else None))
        default = next(
            (c.place for c in candidates if c.place.code == group["default"]), None
        )
        target = Ambiguous(tuple(candidates), default)
        for name in group["names"]:
            tables.add(name, target, "ambiguous")


def _load_people(tables: Tables) -> None:
    people = _json("people.json")
    tables.person_names = frozenset(surface_key(n) for n in people["place_names"])
    tables.preceders = frozenset(people["preceders"])
    tables.given_names = frozenset(people["given_names"])
    tables.follower_ok = frozenset(people["follower_ok"])


def _add_all(
    tables: Tables, rows: Iterable[tuple[str, str, str | None, str]], source: str
) -> None:
    for code, kind, region, names in rows:
        for name in _names(names):
            tables.add(name, Place(code, kind, region), source)


def load_tables() -> Tables:
    """Read every places table; cheap enough to run at first use (< 0.1 s)."""
    tables = Tables()
    _load_ambiguous(tables)
    for (phrase,) in _rows("not_places.tsv"):
        tables.add(phrase, NotAPlace(), "not_place")
    blocs = _json("blocs.json")
    eu = blocs["EU"]
    tables.eu_members = frozenset(eu["members"])
    tables.display["EU"] = eu["name"]
    tables.display["WORLD"] = blocs["WORLD"]["name"]
    for name in eu["names"]:
        tables.add(name, Place("EU", "bloc"), "bloc")
    _add_all(
        tables, ((c, "country", None, n) for c, n in _rows("countries.tsv")), "country"
    )
    for code, name in _pycountry_names():
        tables.add(name, Place(code, "country"), "country")
    for code, kind, names in _rows("capitals.tsv"):
        _add_all(tables, [(code, kind, None, names)], kind)
    for code, adjectives, demonyms in _rows("nationalities.tsv"):
        _add_all(tables, [(code, "adjective", None, adjectives)], "adjective")
        _add_all(tables, [(code, "demonym", None, demonyms)], "demonym")
    for code, region, aliases in _rows("regions.tsv"):
        names = region if aliases in ("", "-") else f"{region}; {aliases}"
        _add_all(tables, [(code, "region", region, names)], "region")
    for code, name in _pycountry_exonyms():
        tables.add(name, Place(code, "country"), "exonym")
    for code, name in _rows("display_names.tsv"):
        tables.display[code] = name
    _load_people(tables)
    for problem in tables.conflicts:
        log.warning("places tables disagree on %s", problem)
    return tables


def country_display_name(tables: Tables, code: str) -> str:
    if code in tables.display:
        return tables.display[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


# -- finding surface forms in text ---------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")


class SurfaceIndex:
    """Finds the registered surface forms in text, longest first, left to right.

    A token walk with dictionary look-ups rather than one big alternation: building
    it costs next to nothing (a compiled pattern over thousands of forms takes a
    good part of a second), and only tokens that can open a form are tried.
    """

    def __init__(self, surfaces: Iterable[str]) -> None:
        self._surfaces = frozenset(surfaces)
        widest: dict[str, int] = {}
        for surface in self._surfaces:
            tokens = _TOKEN.findall(surface)
            if tokens:
                widest[tokens[0]] = max(widest.get(tokens[0], 0), len(tokens))
        self._widest = widest

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        i = 0
        while i < len(tokens):
            start, end = tokens[i]
            width = self._widest.get(text[start:end], 0)
            found = None
            for k in range(min(width, len(tokens) - i), 0, -1):
                found = self._form_ending(text, start, tokens[i + k - 1][1])
                if found is not None:
                    i += k
                    break
            if found is None:
                i += 1
            else:
                yield start, found

    def _form_ending(self, text: str, start: int, end: int) -> int | None:
        """End of the form starting at ``start`` and ending at ``end`` (or one
        further, for a closing period as in "U.S."), or None."""
        ends = (end + 1, end) if text[end : end + 1] == "." else (end,)
        for stop in ends:
            if text[stop : stop + 1].isalnum():
                continue
            piece = text[start:stop]
            if piece in self._surfaces or canonical(piece) in self._surfaces:
                return stop
        return None
