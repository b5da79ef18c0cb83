"""ISO 3166-1 alpha-2 codes for the ways official feeds name places.

The US feed tags entries with FIPS-style codes (``fips_to_iso.json``), GOV.UK with
slugs (``uk_slugs.json``), Smartraveller with display names
(``au_destinations.json``). Only exact lookups are used: pycountry's fuzzy search
maps "curacao" to NL and "kosovo" to RS, which is worse than not knowing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry

_LINK_CODE = re.compile(r"destination\.([a-z]{2,3})\.html", re.IGNORECASE)


@cache
def _data(name: str) -> dict[str, Any]:
    text = (
        resources.files("travelwatch.data").joinpath(name).read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def country_code(name: str) -> str | None:
    """Alpha-2 code for an exact country name, official name or code; else None."""
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        return None


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country else code


@dataclass(frozen=True, slots=True)
class UsPlace:
    """Where one US feed entry points: its ISO codes and, for a sub-area, its name."""

    iso: tuple[str, ...]
    region: str | None = None
    by_title: bool = False


def us_tag_table() -> dict[str, list[str]]:
    """Country-Tag -> ISO codes, as the US feed uses the tags."""
    return {
        tag: list(row["iso"]) for tag, row in _data("fips_to_iso.json")["tags"].items()
    }


def us_link_code(link: str | None) -> tuple[str, ...] | None:
    """ISO codes from a new-style advisory URL (``.../destination.sau.html``)."""
    match = _LINK_CODE.search(link or "")
    if not match:
        return None
    code = match.group(1).lower()
    aliases = _data("fips_to_iso.json")["link_codes"]
    if code in aliases:
        return tuple(aliases[code])
    if len(code) == 3:
        country = pycountry.countries.get(alpha_3=code.upper())
    else:
        country = pycountry.countries.get(alpha_2=code.upper())
    return (str(country.alpha_2),) if country else None


def us_place(tag: str, name: str, link: str | None = None) -> UsPlace | None:
    """Resolve one US entry: title overrides, then the page URL, then the tag table.

    The title decides first because the feed reuses tags (IS for Israel, the West
    Bank and Gaza; KN for North Korea and Saint Kitts and Nevis). The URL of a
    new-style page carries an ISO alpha-3 code and is more reliable than the tag,
    which on those pages is sometimes ISO rather than FIPS (TN, NA, SV, MM).
    """
    table = _data("fips_to_iso.json")
    override = table["by_title"].get(tag, {}).get(_plain(name))
    if override:
        # An entry narrowing its tag's own place (Israel of IS) keeps the tag as its
        # key; one that names another place or an area gets a key of its own.
        default = table["tags"].get(tag, {}).get("iso") or []
        narrows = not override.get("region") and set(override["iso"]) <= set(default)
        return UsPlace(
            tuple(override["iso"]), override.get("region"), by_title=not narrows
        )
    from_link = us_link_code(link)
    if from_link:
        return UsPlace(from_link)
    row = table["tags"].get(tag)
    if row:
        return UsPlace(tuple(row["iso"]))
    # No (or an unknown) Country-Tag: the title names the place.
    code = country_code(name) if name else None
    return UsPlace((code,)) if code else None


def uk_slug_codes(slug: str, name: str | None = None) -> list[str]:
    """ISO codes for a GOV.UK travel-advice slug (or the country's display name)."""
    known = _data("uk_slugs.json")["slugs"].get(slug)
    if known is not None:
        return list(known)
    for candidate in (name, slug.replace("-", " ")):
        code = country_code(candidate) if candidate else None
        if code:
            return [code]
    return []


def uk_slug_region(slug: str) -> str | None:
    """The area a GOV.UK page covers when it is about one part of a country."""
    row = _data("uk_slugs.json").get("regions", {}).get(slug)
    return str(row["name"]) if row else None


def au_destination_codes(name: str) -> list[str] | None:
    """ISO codes for a Smartraveller destination name; [] for a non-place, None unknown."""
    known = _data("au_destinations.json")["names"].get(_plain(name))
    if known is not None:
        return list(known)
    code = country_code(name)
    return [code] if code else None


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()
