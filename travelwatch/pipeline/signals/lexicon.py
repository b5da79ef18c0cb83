"""Loading and compiling the signal lexicons kept under ``travelwatch/data/lexicon``.

Cue phrases are data, not code: each file maps names to regular expressions that
are compiled once, case-insensitively, with word boundaries added around them.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

_FLAGS = re.IGNORECASE | re.UNICODE


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON of ``data/lexicon/<name>.json``."""
    ref = resources.files("travelwatch") / "data" / "lexicon" / f"{name}.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def bounded(pattern: str) -> str:
    """``pattern`` with word boundaries where its ends are word characters.

    A boundary next to punctuation would never match, so it is only added where the
    pattern starts or ends with something that can be a word character.
    """
    return rf"(?<!\w)(?:{pattern})(?!\w)"


@cache
def compile_cue(pattern: str) -> re.Pattern[str]:
    return re.compile(bounded(pattern), _FLAGS)


@cache
def compile_plain(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


def alternation(patterns: list[str]) -> str:
    """One regex matching any of ``patterns``, longest listed first wins ties."""
    return "|".join(f"(?:{p})" for p in patterns)
