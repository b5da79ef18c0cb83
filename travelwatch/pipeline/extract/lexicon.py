"""The extraction lexicons (``data/lexicon/advice*.json``), loaded and compiled once.

English wording lives in ``<name>.json``; another language's wording in
``<name>.<lang>.json``, whose keys replace the English ones key by key (keys it does
not give keep the English value, which only structural entries rely on). The
language is a property of the whole document, so it is set once per document with
:func:`using_language` rather than threaded through every rule function; a context
variable keeps concurrent documents apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_FLAGS = re.IGNORECASE
_LANGUAGE: ContextVar[str] = ContextVar("extract_language", default="en")


@contextmanager
def using_language(lang: str) -> Iterator[None]:
    """Rules read inside the block use the wording of ``lang``."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def _lexicon_dir() -> Any:
    return resources.files("travelwatch") / "data" / "lexicon"


@cache
def supported_languages() -> frozenset[str]:
    """Languages with advice wording of their own (English plus ``advice.<xx>.json``)."""
    out = {"en"}
    for entry in _lexicon_dir().iterdir():
        parts = entry.name.split(".")
        if len(parts) == 3 and parts[0] == "advice" and parts[2] == "json":
            out.add(parts[1])
    return frozenset(out)


def _read(filename: str) -> dict[str, Any] | None:
    ref = _lexicon_dir() / filename
    if not ref.is_file():
        return None
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


@cache
def load_for(name: str, lang: str) -> dict[str, Any]:
    base = _read(f"{name}.json")
    if base is None:
        raise FileNotFoundError(f"{name}.json")
    if lang == "en":
        return base
    own = _read(f"{name}.{lang}.json") or {}
    return {**base, **own}


def load(name: str) -> dict[str, Any]:
    return load_for(name, current_language())


def bounded(pattern: str, flags: int = _FLAGS) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)", flags)


@cache
def _actor_pattern(key: str, lang: str) -> re.Pattern[str]:
    return bounded(load_for("advice_actors", lang)[key])


def actor_pattern(key: str) -> re.Pattern[str]:
    """A compiled entry of ``advice_actors.json`` (governors, citizen_nouns, ...)."""
    return _actor_pattern(key, current_language())


@cache
def _plain_actor_pattern(key: str, lang: str) -> re.Pattern[str]:
    return re.compile(load_for("advice_actors", lang)[key], _FLAGS)


def plain_actor_pattern(key: str) -> re.Pattern[str]:
    """An entry of ``advice_actors.json`` compiled without word boundaries."""
    return _plain_actor_pattern(key, current_language())


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
def _phrases(lang: str) -> tuple[Phrase, ...]:
    data = load_for("advice", lang)
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


def phrases() -> tuple[Phrase, ...]:
    return _phrases(current_language())


@dataclass(frozen=True, slots=True)
class Body:
    pattern: re.Pattern[str]
    country: str | None
    kind: str
    weak: bool


@cache
def _bodies(lang: str) -> tuple[Body, ...]:
    out = []
    for item in load_for("advice_actors", lang)["bodies"]:
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


def bodies() -> tuple[Body, ...]:
    return _bodies(current_language())


def scales() -> dict[str, Any]:
    return load("advice_scales")


@cache
def _scale_pattern(key: str, lang: str) -> re.Pattern[str]:
    return bounded(load_for("advice_scales", lang)[key])


def scale_pattern(key: str) -> re.Pattern[str]:
    return _scale_pattern(key, current_language())


@cache
def _scale_context(key: str, lang: str) -> re.Pattern[str]:
    return re.compile(load_for("advice_scales", lang)[key], _FLAGS)


def scale_context(key: str) -> re.Pattern[str]:
    """``context`` / ``not_context`` of ``advice_scales.json``, compiled."""
    return _scale_context(key, current_language())


@cache
def _exact_actor_pattern(key: str, lang: str) -> re.Pattern[str]:
    return re.compile(load_for("advice_actors", lang)[key])


def exact_actor_pattern(key: str) -> re.Pattern[str]:
    """An entry of ``advice_actors.json`` compiled case-sensitively, as written."""
    return _exact_actor_pattern(key, current_language())
