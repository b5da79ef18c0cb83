"""What several reports of one advisory agree on, and where they differ.

Each field of a merged advisory is voted on by its reports. Official feed items
outvote news whenever they give the field at all; otherwise more reports beat
fewer, then reports with more evidence for the field, then the earliest report
(the caller passes reports in canonical order, so ties always fall the same way).
Fields on which reports give different values are listed as disagreements, each
value with the reports and the evidence behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from travelwatch.models import ACTION_LEVEL, REASONS, Evidence, Region

if TYPE_CHECKING:
    from travelwatch.pipeline.merge import Report

__all__ = ["Consensus", "Disagreement", "DisagreementValue", "build_consensus"]

# Evidence spans that support each voted field (extractors cite the level through
# the action phrase or the native wording as often as through the level itself).
_EVIDENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "level": ("level", "action", "native_wording", "native_level"),
    "action": ("action", "level", "native_wording"),
    "destinations": ("destinations",),
    "destinations_except": ("destinations_except",),
    "issued": ("issued",),
    "change": ("change",),
}

# Fields reported as disagreements. Reasons are merged instead (each report may
# name only some of them), and periods differ mostly in wording.
_DISPUTED = (
    "level",
    "action",
    "destinations",
    "destinations_except",
    "issued",
    "change",
)

_LISTS = frozenset({"destinations", "destinations_except"})


@dataclass(slots=True)
class DisagreementValue:
    """One value some reports give for a disputed field."""

    value: Any
    report_keys: list[str]
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, dt.date):
            value = value.isoformat()
        return {
            "value": value,
            "report_keys": list(self.report_keys),
            "evidence": [_evidence_dict(ev) for ev in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], field_name: str) -> DisagreementValue:
        value = data["value"]
        if field_name == "issued" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        evidence = [Evidence(**ev) for ev in data.get("evidence") or []]
        return cls(value, list(data["report_keys"]), evidence)


@dataclass(slots=True)
class Disagreement:
    """A field on which the reports of one advisory differ."""

    field: str
    values: list[DisagreementValue]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "values": [v.to_dict() for v in self.values]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Disagreement:
        name = data["field"]
        return cls(name, [DisagreementValue.from_dict(v, name) for v in data["values"]])


@dataclass(slots=True)
class Consensus:
    """The voted fields of one merged advisory."""

    destinations: list[str]
    destinations_except: list[str]
    level: int | None
    action: str | None
    reasons: list[str]
    change: str | None
    issued: dt.date | None
    period: str | None
    native_wording: str | None
    regions: list[Region]
    disagreements: list[Disagreement]
    regions_known: bool | None = None
    scope: str | None = None


def _evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "field": ev.field,
        "start": ev.start,
        "end": ev.end,
        "quote": ev.quote,
        "sentence": ev.sentence,
    }


def _value(report: Report, name: str) -> Any:
    value = getattr(report.advisory, name)
    if name in _LISTS:
        return tuple(sorted(value))
    return value


def _evidence(report: Report, name: str) -> list[Evidence]:
    wanted = _EVIDENCE_FIELDS.get(name, (name,))
    return [ev for ev in report.advisory.evidence if ev.field in wanted]


def _tally(
    reports: Sequence[Report], name: str, *, keep_empty: bool
) -> list[tuple[Any, list[int]]]:
    """Distinct values of a field with the positions of the reports giving them.

    Ordered best first: more reports, more evidence, earliest report.
    """
    groups: dict[Any, list[int]] = {}
    for pos, report in enumerate(reports):
        value = _value(report, name)
        if value is None or (value == () and not keep_empty):
            continue
        groups.setdefault(value, []).append(pos)

    def rank(item: tuple[Any, list[int]]) -> tuple[int, int, int]:
        _, positions = item
        evidence = sum(len(_evidence(reports[p], name)) for p in positions)
        return (-len(positions), -evidence, positions[0])

    return sorted(groups.items(), key=rank)


def _top_tier(
    reports: Sequence[Report], has_value: Callable[[Report], bool]
) -> list[Report]:
    official = [r for r in reports if r.official and has_value(r)]
    return official or list(reports)


def _vote(reports: Sequence[Report], name: str) -> Any:
    tier = _top_tier(reports, lambda r: _value(r, name) not in (None, ()))
    tally = _tally(tier, name, keep_empty=False)
    if not tally:
        return () if name in _LISTS else None
    return tally[0][0]


def _disagreement(reports: Sequence[Report], name: str) -> Disagreement | None:
    tally = _tally(reports, name, keep_empty=name in _LISTS)
    if len(tally) < 2:
        return None
    values = []
    for value, positions in tally:
        shown = list(value) if name in _LISTS else value
        keys = [reports[p].key for p in positions]
        evidence = [ev for p in positions for ev in _evidence(reports[p], name)]
        values.append(DisagreementValue(shown, keys, evidence))
    return Disagreement(name, values)


def _report_level(report: Report) -> int | None:
    adv = report.advisory
    if adv.level is not None:
        return adv.level
    return ACTION_LEVEL.get(adv.action) if adv.action else None


def _reasons(reports: Sequence[Report]) -> list[str]:
    tier = _top_tier(reports, lambda r: bool(r.advisory.reasons))
    named = {code for r in tier for code in r.advisory.reasons}
    order = {code: i for i, code in enumerate(REASONS)}
    return sorted(named, key=lambda code: (order.get(code, len(order)), code))


def _best_report(
    reports: Sequence[Report], wanted: Callable[[Report], bool]
) -> Report | None:
    """The official, else the earliest, report satisfying ``wanted``."""
    candidates = [r for r in reports if wanted(r)]
    official = [r for r in candidates if r.official]
    chosen = official or candidates
    return chosen[0] if chosen else None


def build_consensus(reports: Sequence[Report]) -> Consensus:
    """Vote every field over ``reports`` (given in canonical order, founder first)."""
    level = _vote(reports, "level")
    if level is None:
        action = _vote(reports, "action")
        level = ACTION_LEVEL.get(action) if action else None
    else:
        agreeing = [r for r in reports if _report_level(r) == level]
        action = _vote(agreeing, "action") or _vote(reports, "action")
    worded = _best_report(
        reports,
        lambda r: bool(r.advisory.native_wording) and _report_level(r) == level,
    )
    # An official record's regions are the official word, even when it has none
    # or they are not known: news never fills in an official record's regions.
    official = [r for r in reports if r.official]
    regional = _best_report(official or reports, lambda r: bool(r.advisory.regions))
    regions = [
        Region(
            reg.name,
            reg.country,
            reg.level,
            reg.action,
            reg.native_wording,
            list(reg.places),
            list(reg.excepted),
        )
        for reg in (regional.advisory.regions if regional else [])
    ]
    # Whether the regions are all there are: the official record's word, if any.
    stated = _best_report(reports, lambda r: r.advisory.regions_known is not None)
    regions_known = stated.advisory.regions_known if stated else None
    scoped = _best_report(reports, lambda r: r.advisory.scope is not None)
    disagreements = [
        d for name in _DISPUTED if (d := _disagreement(reports, name)) is not None
    ]
    return Consensus(
        destinations=list(_vote(reports, "destinations")),
        destinations_except=list(_vote(reports, "destinations_except")),
        level=level,
        action=action,
        reasons=_reasons(reports),
        change=_vote(reports, "change"),
        issued=_vote(reports, "issued"),
        period=_vote(reports, "period"),
        native_wording=worded.advisory.native_wording if worded else None,
        regions=regions,
        disagreements=disagreements,
        regions_known=regions_known,
        scope=scoped.advisory.scope if scoped else None,
    )
