"""Codes and names people type, as the ISO codes the store uses.

``UK`` is GB, ``Russia`` is RU, ``gbr`` is GB, ``EU`` the European Union bloc and
``XK`` Kosovo. An unknown code is an error (TW006), never an empty result.
"""

from __future__ import annotations

import pycountry

from travelwatch.errors import ConfigError
from travelwatch.queries.rows import gazetteer

# Codes the store uses that ISO 3166-1 does not assign.
_EXTRA = {"EU", "XK"}


def place_code(text: str) -> str:
    """The ISO 3166-1 alpha-2 code (or ``EU``/``XK``) for a code, alias or name.

    Raises ConfigError TW006 when nothing matches.
    """
    clean = text.strip()
    upper = clean.upper()
    known = upper in _EXTRA or pycountry.countries.get(alpha_2=upper) is not None
    if len(clean) == 2 and clean.isalpha() and known:
        return upper
    if len(clean) == 3 and clean.isalpha():
        country = pycountry.countries.get(alpha_3=upper)
        if country is not None:
            return str(country.alpha_2)
    # Names, aliases and acronyms ("UK", "uk", "Russia", "Ivory Coast").
    for candidate in (clean, upper) if len(clean) <= 3 else (clean,):
        code = gazetteer().lookup(candidate) if candidate else None
        if code:
            return str(code)
    raise ConfigError("TW006", name=text)


def optional_place_code(text: str | None) -> str | None:
    """:func:`place_code` for an optional filter; empty means no filter."""
    if text is None or not text.strip():
        return None
    return place_code(text)
