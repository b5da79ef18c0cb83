"""Codes and names people type, as the ISO codes the store uses.

``UK`` is GB, ``Russia`` is RU, ``gbr`` is GB, ``EU`` the European Union bloc,
``WORLD`` advice about travel anywhere abroad and ``XK`` Kosovo. An unknown code is an error (TW006) and an ambiguous name such as
"Congo" another (TW007, with the candidates), never an empty result or a guess.
"""

from __future__ import annotations

import re

import pycountry

from travelwatch.errors import ConfigError
from travelwatch.queries.rows import gazetteer

# Codes the store uses that ISO 3166-1 does not assign.
_EXTRA = {"EU", "WORLD", "XK"}


def place_code(text: str) -> str:
    """The ISO 3166-1 alpha-2 code (or ``EU``/``WORLD``/``XK``) for a code, alias or name.

    Raises ConfigError TW006 when nothing matches.
    """
    clean = text.strip()
    upper = clean.upper()
    if upper in _EXTRA:
        return upper
    if len(clean) == 2 and clean.isalpha() and pycountry.countries.get(alpha_2=upper):
        return upper
    if len(clean) == 3 and clean.isalpha():
        country = pycountry.countries.get(alpha_3=upper)
        if country is not None:
            return str(country.alpha_2)
    # Names, aliases and acronyms ("UK", "uk", "Russia", "Ivory Coast").
    spelled = re.sub(r"\s*&\s*", " and ", clean)
    for candidate in (spelled, upper) if len(clean) <= 3 else (spelled,):
        code = gazetteer().lookup(candidate) if candidate else None
        if code:
            return str(code)
    # A name that stands for several places ("Congo", "Korea") is never guessed.
    options = gazetteer().candidates(spelled) if spelled else ()
    if options:
        raise ConfigError("TW007", name=text, candidates=" or ".join(options))
    # ISO's own names ("Korea, Republic of"), exactly; never a fuzzy guess.
    try:
        return str(pycountry.countries.lookup(spelled).alpha_2)
    except LookupError:
        raise ConfigError("TW006", name=text) from None


def optional_place_code(text: str | None) -> str | None:
    """:func:`place_code` for an optional filter; empty means no filter."""
    if text is None or not text.strip():
        return None
    return place_code(text)
