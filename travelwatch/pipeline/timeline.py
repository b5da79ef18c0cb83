"""How one issuer's advice about one destination changed over time.

A timeline is a list of steps; a step starts where the level changes, and holds
every report (and advisory) that stated that level until the next change. Built
from merged advisories it follows their voted levels; built from bare reports it
follows each report's own level, so outlets that disagree on the same day show
up as separate steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from travelwatch.models import ACTION_LEVEL
from travelwatch.pipeline.merge import MergedAdvisory, Report, report_date
from travelwatch.pipeline.reciprocity import advisory_date, covers

__all__ = ["TimelineStep", "build_timeline"]


@dataclass(slots=True)
class TimelineStep:
    """One level held from ``start`` until ``end`` (the next step; None: still held)."""

    level: int
    action: str | None
    start: dt.date
    end: dt.date | None
    reports: list[Report] = field(default_factory=list)
    advisory_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "action": self.action,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "advisory_ids": list(self.advisory_ids),
            "reports": [r.to_dict() for r in self.reports],
        }


@dataclass(slots=True)
class _Point:
    when: dt.date
    rank: tuple[int, str]
    level: int
    action: str | None
    reports: list[Report]
    advisory_id: str | None


def _report_point(report: Report) -> _Point | None:
    adv = report.advisory
    level = adv.level
    if level is None and adv.action:
        level = ACTION_LEVEL.get(adv.action)
    if level is None:
        return None
    when = report_date(report)
    if when is None:
        # An undated report cannot be placed in time.
        return None
    rank = (0 if report.official else 1, report.key)
    return _Point(when, rank, level, adv.action, [report], None)


def _advisory_point(advisory: MergedAdvisory) -> _Point | None:
    when = advisory_date(advisory)
    if advisory.level is None or when is None:
        return None
    rank = (0 if advisory.official else 1, advisory.id)
    return _Point(
        when,
        rank,
        advisory.level,
        advisory.action,
        list(advisory.reports),
        advisory.id,
    )


def build_timeline(
    items: Iterable[MergedAdvisory | Report], issuer: str, destination: str
) -> list[TimelineStep]:
    """The steps of ``issuer``'s advice about ``destination``, oldest first.

    Advice about ``EU`` counts for each member state; items without a level are
    left out (they say nothing about the level over time), and so are undated
    ones (their time is unknown, and never taken to be the day they were seen).
    """
    points: list[_Point] = []
    for item in items:
        if isinstance(item, MergedAdvisory):
            about = (item.issuer, item.destinations, item.destinations_except)
            point = _advisory_point(item)
        else:
            adv = item.advisory
            about = (adv.issuer, adv.destinations, adv.destinations_except)
            point = _report_point(item)
        if point is None or about[0] != issuer:
            continue
        if covers(about[1], about[2], destination):
            points.append(point)
    points.sort(key=lambda p: (p.when, p.rank))

    steps: list[TimelineStep] = []
    for point in points:
        if steps and steps[-1].level == point.level:
            step = steps[-1]
        else:
            if steps:
                steps[-1].end = point.when
            step = TimelineStep(point.level, point.action, point.when, None)
            steps.append(step)
        step.reports.extend(point.reports)
        if point.advisory_id and point.advisory_id not in step.advisory_ids:
            step.advisory_ids.append(point.advisory_id)
    return steps
