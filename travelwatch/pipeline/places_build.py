"""Build the place tables of other languages: ``python -m
travelwatch.pipeline.places_build``.

For every language in ``data/places/i18n_extra/build.json`` it merges, in this
order of precedence:

1. the hand table ``data/places/i18n_extra/<lang>.tsv`` (short forms, demonyms,
   adjectives, regions, and the stoplist: code ``-`` with kind ``skip`` drops a
   name, kind ``block`` keeps it as a phrase that is matched but never a place);
2. CLDR territory names (through babel);
3. pycountry's ISO 3166-1 translations (gettext catalogues);
4. CLDR time-zone exemplar cities (capitals and large cities).

A name two sources of the same rank give to different codes is ambiguous and left
out. The result, ``data/places/i18n/<lang>.tsv`` (surface, code, kind), is sorted,
so a rebuild with the same library versions gives the same bytes.
"""

from __future__ import annotations

import fnmatch
import gettext
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

PLACES_DIR = Path(__file__).resolve().parent.parent / "data" / "places"
EXTRA_DIR = PLACES_DIR / "i18n_extra"
OUT_DIR = PLACES_DIR / "i18n"
BLOCK = "-"

# (surface, code, kind)
Row = tuple[str, str, str]

_PARENS = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]\s*")
_SPACES = re.compile(r"\s+")


def load_config() -> dict[str, Any]:
    with (EXTRA_DIR / "build.json").open(encoding="utf-8") as f:
        config: dict[str, Any] = json.load(f)
    return config


def read_table(path: Path) -> list[Row]:
    """Rows of a ``surface<TAB>code<TAB>kind`` file; ``#`` starts a comment line."""
    rows: list[Row] = []
    if not path.exists():
        return rows
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise ValueError(f"{path.name}:{number}: want surface<TAB>code<TAB>kind")
        surface, code, kind = (p.strip() for p in parts)
        rows.append((surface, code, kind))
    return rows


def clean_name(name: str, min_length: int = 2) -> str | None:
    """A CLDR or ISO name as it would appear in running text, or None."""
    name = _SPACES.sub(" ", _PARENS.sub(" ", name)).strip()
    if len(name) < min_length or "," in name or "/" in name:
        return None
    return name


def _valid_codes(extra: Iterable[str]) -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | frozenset(extra)


def babel_names(locales: list[str], codes: frozenset[str]) -> Iterator[Row]:
    from babel import Locale

    for name in locales:
        territories = Locale.parse(name).territories
        for code, label in territories.items():
            if code == "EU":
                yield label, "EU", "bloc"
            elif code in codes:
                yield label, code, "country"


def pycountry_names(locales: list[str]) -> Iterator[Row]:
    import pycountry

    for name in locales:
        try:
            catalogue = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[name]
            )
        except OSError:
            continue
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(country, attr, None)
                if not english:
                    continue
                local = catalogue.gettext(english)
                if local != english:
                    yield local, country.alpha_2, "country"


def _english_capitals() -> dict[str, set[str]]:
    capitals: dict[str, set[str]] = {}
    for line in (PLACES_DIR / "capitals.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, kind, names = line.split("\t")[:3]
        if kind == "capital":
            capitals.setdefault(code, set()).update(n.strip() for n in names.split(";"))
    return capitals


def city_names(
    locales: list[str], codes: frozenset[str], skip: list[str]
) -> Iterator[Row]:
    from babel import Locale
    from babel.core import get_global

    zone_territories: Mapping[str, str] = get_global("zone_territories")
    capitals = _english_capitals()
    for name in locales:
        locale = Locale.parse(name)
        zones = locale.time_zones
        # CLDR lists a city only when its name differs from the time zone's; in a
        # language written in Latin letters a capital not listed keeps that name.
        latin = _is_latin(locale.territories.get("FR", ""))
        for zone in sorted(zone_territories):
            code = zone_territories[zone]
            if code not in codes or any(fnmatch.fnmatch(zone, p) for p in skip):
                continue
            english = zone.rsplit("/", 1)[-1].replace("_", " ")
            kind = "capital" if english in capitals.get(code, ()) else "city"
            city = zones[zone].get("city") if zone in zones else None
            if not city and latin and kind == "capital":
                city = english
            if city:
                yield city, code, kind


def _is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def merge(ranked: list[list[Row]]) -> list[Row]:
    """One row per surface: the highest-ranked source wins; a surface that one
    rank gives to several codes is dropped (and hides lower ranks)."""
    decided: dict[str, Row | None] = {}
    skipped: set[str] = set()
    for rank, rows in enumerate(ranked):
        here: dict[str, set[Row]] = {}
        for surface, code, kind in rows:
            if code == BLOCK and kind == "skip":
                skipped.add(surface)
                continue
            # hand rows (rank 0) may be one letter long ("Ý" is Italy in Vietnamese)
            cleaned = surface if code == BLOCK else clean_name(surface, 2 - (rank == 0))
            if cleaned is None:
                continue
            here.setdefault(cleaned, set()).add((cleaned, code, kind))
        for surface, options in here.items():
            if surface in decided or surface in skipped:
                continue
            codes = {code for _, code, _ in options}
            if len(codes) > 1:
                decided[surface] = None
            else:
                # one code: the most specific kind wins (country over city)
                decided[surface] = min(options, key=lambda r: _KIND_ORDER.get(r[2], 9))
    return sorted(row for row in decided.values() if row is not None)


_KIND_ORDER = {"country": 0, "bloc": 1, "capital": 2, "region": 3, "city": 4}


def build_language(lang: str, config: dict[str, Any]) -> list[Row]:
    codes = _valid_codes(config.get("extra_codes", []))
    babel_locales: list[str] = config["babel_locales"].get(lang, [lang])
    py_locales: list[str] = config["pycountry_locales"].get(lang, [lang])
    extra = read_table(EXTRA_DIR / f"{lang}.tsv")
    for surface, code, _ in extra:
        if code != BLOCK and code not in codes and code != "EU":
            raise ValueError(f"{lang}.tsv: {surface!r} has unknown code {code}")
    return merge(
        [
            extra,
            list(babel_names(babel_locales, codes)),
            list(pycountry_names(py_locales)),
            list(city_names(babel_locales, codes, config["skip_timezones"])),
        ]
    )


def write_table(lang: str, rows: list[Row]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{lang}.tsv"
    lines = [
        f"# Places in language {lang!r}: surface<TAB>code<TAB>kind. Generated by",
        "# python -m travelwatch.pipeline.places_build; edit i18n_extra/, not this.",
    ]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    config = load_config()
    for lang in config["languages"]:
        rows = build_language(lang, config)
        path = write_table(lang, rows)
        print(f"{lang}: {len(rows)} names -> {path.relative_to(PLACES_DIR)}")


if __name__ == "__main__":
    main()
