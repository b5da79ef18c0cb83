"""Geometry of the small inline SVG charts (computed here, drawn by templates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 16, 30


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    level: int
    label: str


@dataclass(slots=True)
class TimelineChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    rows: list[tuple[float, int]]


def _y(level: int) -> float:
    band = (HEIGHT - TOP - BOTTOM) / 4
    return TOP + (4 - level) * band + band / 2


def timeline_chart(
    steps: list[dict[str, Any]], today: dt.date | None = None
) -> TimelineChart:
    """One horizontal bar per step, at the height of its level, spanning its dates."""
    today = today or dt.date.today()
    if not steps:
        return TimelineChart(
            WIDTH, HEIGHT, [], [], [(_y(lv), lv) for lv in (1, 2, 3, 4)]
        )
    starts = [dt.date.fromisoformat(s["start"]) for s in steps]
    ends = [
        dt.date.fromisoformat(s["end"]) if s["end"] else max(today, starts[i])
        for i, s in enumerate(steps)
    ]
    first, last = min(starts), max(ends)
    span = max((last - first).days, 1)
    usable = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return round(LEFT + (day - first).days / span * usable, 1)

    bars = [
        Bar(
            x(start),
            round(_y(step["level"]) - 6, 1),
            max(round(x(end) - x(start), 1), 3.0),
            step["level"],
            f"level {step['level']} from {start.isoformat()}"
            + (f" to {step['end']}" if step["end"] else " (still held)"),
        )
        for step, start, end in zip(steps, starts, ends, strict=True)
    ]
    ticks = [(x(first), first.isoformat()), (x(last), last.isoformat())]
    return TimelineChart(
        WIDTH, HEIGHT, bars, ticks, [(_y(lv), lv) for lv in (1, 2, 3, 4)]
    )
