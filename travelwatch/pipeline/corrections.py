"""Analysts' corrections applied to merged advisories (pure: no storage).

An analyst can dismiss an advisory (it stays on record but is never current) or
override its level; a later ``restore`` undoes either. Corrections name the
advisory by id and keep its report keys, so that one still finds its advisory
when new reports regroup it under another id. The reports themselves are never
changed: the original values stay in ``correction`` beside the corrected ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from travelwatch.pipeline.merge import MergedAdvisory

__all__ = ["ADVISORY_ACTIONS", "Correction", "apply_corrections", "effective"]

#: What an analyst can do to an advisory.
ADVISORY_ACTIONS = ("dismiss", "override", "restore")

# The action an overridden level stands for (the common scale's own words).
_LEVEL_ACTION = {
    1: "normal_precautions",
    2: "increased_caution",
    3: "reconsider_travel",
    4: "avoid_all_travel",
}


@dataclass(slots=True)
class Correction:
    """One entry of the audit trail about one advisory."""

    id: int
    action: str
    target: str
    reason: str
    at: dt.datetime
    level: int | None = None
    actor: str | None = None
    report_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "target": self.target,
            "level": self.level,
            "reason": self.reason,
            "actor": self.actor,
            "at": self.at.isoformat(),
        }


def effective(corrections: Sequence[Correction]) -> list[Correction]:
    """The latest dismissal or override of each advisory (a restore cancels)."""
    latest: dict[str, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.id):
        if c.action in ADVISORY_ACTIONS:
            latest[c.target] = c
    return [c for c in latest.values() if c.action != "restore"]


def _find(merged: Sequence[MergedAdvisory], c: Correction) -> MergedAdvisory | None:
    for adv in merged:
        if adv.id == c.target:
            return adv
    keys = set(c.report_keys)
    for adv in merged:
        if keys and any(r.key in keys for r in adv.reports):
            return adv
    return None


def apply_corrections(
    merged: Sequence[MergedAdvisory], corrections: Sequence[Correction]
) -> None:
    """Apply the effective corrections to ``merged`` (changed in place)."""
    for c in effective(corrections):
        adv = _find(merged, c)
        if adv is None:
            continue
        record = {
            **c.to_dict(),
            "original_level": adv.level,
            "original_action": adv.action,
        }
        if c.action == "override" and c.level is not None:
            adv.level = c.level
            adv.action = _LEVEL_ACTION.get(c.level)
        adv.correction = record
