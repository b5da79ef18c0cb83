"""Month, weekday and relative-day words from CLDR (through babel).

The date lexicon (``data/lexicon/dates_i18n.json``) has hand-checked tables for the
languages the corpus holds most of; for every other language CLDR's own names fill
in, so a Greek "σήμερα" or a Romanian "marți" is read without a typed list. Words
CLDR gives two meanings are left out rather than guessed: a weekday that CLDR also
writes in its phrases for a span of time (Romanian "luni" is Monday and "months";
Urdu "ہفتہ" Saturday and "week"), and a relative-day word that is also a word of
another relative day (Urdu "کل" yesterday, in "آئندہ کل" tomorrow; Hindi "कल"
both). Weekday names take endings where CLDR itself writes them with endings
(Hungarian "szombaton"). Only today and the days before it are kept: a day after
the article is never the day advice was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["CldrWords", "cldr_words"]

# Month abbreviations shorter than this ("I", "v") are not words to look for.
_MIN_ABBREVIATION = 3
# CLDR's units of time whose phrases ("{0} months ago") may hold a weekday's name.
_UNITS = ("year", "quarter", "month", "week", "day", "hour", "minute")
# CLDR's fields of phrases about one weekday ("last Monday", "{0} Mondays ago").
_DAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The longest ending a weekday's name takes in the languages that inflect it.
_MAX_SUFFIX = 3


@dataclass(frozen=True, slots=True)
class CldrWords:
    """Lowercased words of one language: month -> 1-12, weekday -> 0 (Monday)-6,
    relative day -> offset in days (0 today, -1 yesterday)."""

    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    relative: dict[str, int] = field(default_factory=dict)
    #: Letters a weekday's name may take as an ending ("szombaton", Hungarian "on
    #: Saturday"): up to this many where CLDR itself writes weekday names with
    #: endings ("{0} szombattal ezelőtt"), else 0.
    weekday_suffix: int = 0


def _locale_data(language: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@cache
def cldr_words(language: str) -> CldrWords:
    """The month, weekday and relative-day words CLDR has for ``language`` (empty
    for a language CLDR does not know)."""
    locale = _locale_data(language)
    if locale is None:
        return CldrWords()
    fields: dict[str, Any] = dict(locale._data.get("date_fields", {}))
    weekdays = _weekdays(locale, fields)
    return CldrWords(
        _months(locale), weekdays, _relative(fields), _suffix(weekdays, fields)
    )


def _months(locale: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in dict(locale.months[context][width]).items():
                word = str(name).strip().rstrip(".").casefold()
                if len(word) >= _MIN_ABBREVIATION and not word.isdigit():
                    out.setdefault(word, int(number))
    return out


def _unit_words(fields: dict[str, Any]) -> set[str]:
    words: set[str] = set()
    for unit in _UNITS:
        for direction in ("future", "past"):
            phrases = dict(fields.get(unit, {}).get(direction, {}))
            for phrase in phrases.values():
                words.update(str(phrase).replace("{0}", " ").casefold().split())
    return words


def _weekdays(locale: Any, fields: dict[str, Any]) -> dict[str, int]:
    taken = _unit_words(fields)
    out: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in dict(locale.days[context]["wide"]).items():
            word = str(name).strip().casefold()
            if word and word not in taken:
                out.setdefault(word, int(number))
    return out


def _suffix(weekdays: dict[str, int], fields: dict[str, Any]) -> int:
    words: set[str] = set()
    for key in _DAY_FIELDS:
        for part in ("relative", "future", "past"):
            for phrase in dict(fields.get(key, {}).get(part, {})).values():
                text = str(phrase).replace("{0}", " ").casefold()
                words.update(w.strip(".,;:()") for w in text.split())
    inflected = any(
        w.startswith(day) and 0 < len(w) - len(day) <= _MAX_SUFFIX
        for w in words
        for day in weekdays
    )
    return _MAX_SUFFIX if inflected else 0


def _relative(fields: dict[str, Any]) -> dict[str, int]:
    phrases = [
        (str(word).strip().casefold(), int(offset))
        for offset, word in dict(fields.get("day", {}).get("relative", {})).items()
    ]
    return {
        word: offset
        for word, offset in phrases
        if word
        and offset <= 0
        and not any(
            other != offset and word in phrase.split() for phrase, other in phrases
        )
    }
