"""The extraction lexicons (``data/lexicon/advice*.json``), loaded and compiled once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_FLAGS = re.IGNORECASE


@cache
def load(name: str) -> dict[str, Any]:
    ref = resources.files("travelwatch") / "data" / "lexicon" / f"{name}.json"
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


def bounded(pattern: str, flags: int = _FLAGS) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)", flags)


@cache
def actor_pattern(key: str) -> re.Pattern[str]:
    """A compiled entry of ``advice_actors.json`` (governors, citizen_nouns, ...)."""
    return bounded(load("advice_actors")[key])


@cache
def plain_actor_pattern(key: str) -> re.Pattern[str]:
    """An entry of ``advice_actors.json`` compiled without word boundaries."""
    return re.compile(load("advice_actors")[key], _FLAGS)


@dataclass(frozen=True, slots=True)
class Phrase:
    pattern: re.Pattern[str]
    action: str
    governed: bool
    vague: tuple[int, ...]
    qualifier: bool
    needs_place_after: bool
    order: int


@cache
def phrases() -> tuple[Phrase, ...]:
    data = load("advice")
    travel = data["travel_word"]
    out = []
    for i, item in enumerate(data["phrases"]):
        out.append(
            Phrase(
                pattern=bounded(item["re"].replace("{T}", travel)),
                action=item["action"],
                governed=bool(item.get("governed")),
                vague=tuple(item.get("vague", ())),
                qualifier=bool(item.get("qualifier")),
                needs_place_after=bool(item.get("needs_place_after")),
                order=i,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Body:
    pattern: re.Pattern[str]
    country: str | None
    kind: str
    weak: bool


@cache
def bodies() -> tuple[Body, ...]:
    out = []
    for item in load("advice_actors")["bodies"]:
        flags = 0 if item.get("case") else _FLAGS
        out.append(
            Body(
                pattern=bounded(item["re"], flags),
                country=item.get("country"),
                kind=item["kind"],
                weak=bool(item.get("weak")),
            )
        )
    return tuple(out)


@cache
def scales() -> dict[str, Any]:
    return load("advice_scales")


@cache
def scale_pattern(key: str) -> re.Pattern[str]:
    return bounded(scales()[key])
