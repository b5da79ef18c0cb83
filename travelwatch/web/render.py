"""Jinja2 environment and the helpers templates use (autoescape always on)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from travelwatch.queries.rows import country_name

TEMPLATES = Path(__file__).resolve().parent / "templates"

LEVEL_NAMES = {
    1: "exercise normal precautions",
    2: "exercise increased caution",
    3: "reconsider travel",
    4: "do not travel",
}


def level_label(level: int | None) -> str:
    if level is None:
        return "no information"
    return f"level {level}: {LEVEL_NAMES.get(level, '?')}"


def level_class(level: int | None) -> str:
    return f"lvl-{level}" if level in LEVEL_NAMES else "lvl-none"


def words(code: str | None) -> str:
    return (code or "—").replace("_", " ")


@cache
def safe_name(code: str) -> str:
    # Cached: the names never change while the process runs, and the matrix page
    # asks for them some ten thousand times.
    try:
        return country_name(code)
    except (KeyError, LookupError):
        return code


class Memo(dict[Hashable, Any]):
    """``memo[x]`` is ``function(x)``, computed once: a template indexing a Memo
    in a loop of thousands of cells skips Jinja's per-call overhead."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: Hashable) -> Any:
        value = self[key] = self.function(key)
        return value


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        level_label=level_label,
        level_class=level_class,
        country=safe_name,
        words=words,
        LEVEL_NAMES=LEVEL_NAMES,
        # The same helpers as lookups, for the matrix's thousands of cells.
        names=Memo(safe_name),
        level_classes=Memo(level_class),
        level_labels=Memo(level_label),
    )
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


_PRIORITY = {"claim": 3, "quote": 2, "sentence": 1}


def highlight(
    text: str, spans: list[tuple[int, int, str, str]]
) -> list[tuple[str, str | None, str]]:
    """Split ``text`` into runs of (piece, kind, note); kind None is unmarked text.

    ``spans`` are (start, end, kind, note) with kind ``claim``, ``quote`` or
    ``sentence``; where they overlap the stronger kind wins (a claim over a quoted
    span over its sentence). Pieces stay plain text: the template escapes them
    and wraps the marked ones in <mark>.
    """
    n = len(text)
    kinds: list[str | None] = [None] * n
    notes: list[str] = [""] * n
    for start, end, kind, note in spans:
        for i in range(max(start, 0), min(end, n)):
            current = kinds[i]
            if current is None or _PRIORITY[kind] > _PRIORITY[current]:
                kinds[i] = kind
                notes[i] = note
    pieces: list[tuple[str, str | None, str]] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or kinds[i] != kinds[start] or notes[i] != notes[start]:
            pieces.append((text[start:i], kinds[start], notes[start]))
            start = i
    return pieces


def evidence_spans(
    text: str, advisory: dict[str, Any]
) -> list[tuple[int, int, str, str]]:
    """The spans to mark in a report's article: evidence and unsupported claims."""
    spans: list[tuple[int, int, str, str]] = []
    for field, items in (advisory.get("evidence") or {}).items():
        for ev in items:
            start, end = int(ev["start"]), int(ev["end"])
            spans.append((start, end, "quote", field))
            sentence = ev.get("sentence") or ""
            at = text.rfind(sentence, 0, end) if sentence else -1
            if at >= 0 and at <= start:
                spans.append((at, at + len(sentence), "sentence", field))
    for claim in advisory.get("unsupported_claims") or []:
        note = f"unsupported claim ({claim.get('marker') or 'no evidence given'})"
        spans.append((int(claim["start"]), int(claim["end"]), "claim", note))
    return spans
