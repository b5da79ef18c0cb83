"""Signals for advisory extraction: reasons, issue dates, periods, claims, changes.

Pure, fast functions over plain text (no spaCy); every offset is into the text the
caller passes. The cue lexicons are data files under ``travelwatch/data/lexicon``.
"""

from travelwatch.pipeline.signals.change import ChangeHit, find_change
from travelwatch.pipeline.signals.claims import find_unsupported_claims
from travelwatch.pipeline.signals.dates import (
    DateHit,
    dates_advice,
    find_dateline,
    resolve_issued,
)
from travelwatch.pipeline.signals.period import PeriodHit, find_period
from travelwatch.pipeline.signals.reasons import ReasonHit, find_reasons
from travelwatch.pipeline.signals.sentences import sentence_spans

__all__ = [
    "ChangeHit",
    "DateHit",
    "PeriodHit",
    "ReasonHit",
    "dates_advice",
    "find_change",
    "find_dateline",
    "find_period",
    "find_reasons",
    "find_unsupported_claims",
    "resolve_issued",
    "sentence_spans",
]
