"""A cheap first look: can this text hold travel advice at all?

Most news is about something else. One precompiled regex over the raw text decides
whether the costlier extraction (places, parsing) is worth running; it never loads
spaCy. The cues (``data/lexicon/advice_cues.json``) are broad on purpose: a missed
advisory costs more than an article extracted for nothing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

__all__ = ["screen"]


@cache
def screen_pattern() -> re.Pattern[str]:
    ref = resources.files("travelwatch") / "data" / "lexicon" / "advice_cues.json"
    cues = json.loads(ref.read_text(encoding="utf-8"))["screen"]
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(f"(?:{c})" for c in cues) + r")(?!\w)",
        re.IGNORECASE,
    )


def screen(text: str) -> bool:
    """True when ``text`` has a cue of travel advice and deserves extraction."""
    return screen_pattern().search(text) is not None
