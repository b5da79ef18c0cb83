"""The time travel advice covers, in the article's own words.

"over the Christmas holidays" gives "Christmas holidays" (the lead-in preposition is
not part of the period); open-ended phrases keep their words whole: "until further
notice", "in the near future", "until the situation stabilizes". The phrases are
data (``data/lexicon/periods.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from travelwatch.pipeline.signals.lexicon import alternation, load

_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True, slots=True)
class PeriodHit:
    """The period as the article words it; ``text[start:end]`` is where it stands.

    ``text`` drops editorial brackets ("these [Christmas] holidays" gives
    "Christmas holidays"), so it may differ from the span by those characters.
    """

    text: str
    start: int
    end: int


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    lex = load("periods")
    holiday = (
        rf"(?<!\w){lex['holiday_lead']}(?P<period>\[?(?:{alternation(lex['holidays'])})"
        rf"\]?{lex['holiday_tail']})(?!\w)"
    )
    patterns = [re.compile(holiday, _FLAGS)]
    patterns += [re.compile(rf"(?<!\w){p}(?!\w)", _FLAGS) for p in lex["patterns"]]
    return tuple(patterns)


def find_period(text: str) -> PeriodHit | None:
    """The first period phrase in ``text``, or None."""
    best: re.Match[str] | None = None
    for pattern in _patterns():
        m = pattern.search(text)
        if m and (best is None or m.start("period") < best.start("period")):
            best = m
    if best is None:
        return None
    start, end = best.span("period")
    words = re.sub(r"[\[\]]", "", text[start:end])
    return PeriodHit(_balance_quotes(" ".join(words.split())), start, end)


_OPENING_QUOTE = re.compile(r"(?:(?<=\s)|^)['‘\"“](?=\w)")
_CLOSING_QUOTE = re.compile(r"(?<=\w)['’\"”](?=\s|$|[.,;!?])")


def _balance_quotes(words: str) -> str:
    """Drop an opening quote whose closing one lies beyond the period's end."""
    openings = list(_OPENING_QUOTE.finditer(words))
    if len(openings) > len(_CLOSING_QUOTE.findall(words)):
        at = openings[0].start()
        return words[:at] + words[at + 1 :]
    return words
