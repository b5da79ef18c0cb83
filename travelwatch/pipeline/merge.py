"""One advisory, many reports: grouping reports of the same advice.

A :class:`Report` is one advisory as one document or feed item gave it. Reports
of the same decision (same issuer and audience, overlapping destinations,
compatible level, issue dates within ``merge.window_days``) become one
:class:`MergedAdvisory`, whose fields are voted by its reports
(:mod:`travelwatch.pipeline.consensus`).

Grouping is greedy over the reports in one canonical order (earliest first, then
official before news, then by key), so the result depends only on the *set* of
reports. Reports of one issuer whose destinations never overlap cannot affect each
other, which lets :func:`add_report` regroup just the affected part and still
match :func:`merge_reports` over everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from travelwatch.models import (
    ACTION_LEVEL,
    Advisory,
    Origin,
    Region,
    advisory_from_dict,
    advisory_to_dict,
)
from travelwatch.pipeline.consensus import Disagreement, build_consensus
from travelwatch.settings import load_settings

__all__ = [
    "MergedAdvisory",
    "Report",
    "add_report",
    "canonical",
    "cluster_date",
    "merge_reports",
    "news_reports",
    "primary_level",
    "report_date",
    "same_advice",
    "sorts_last",
]


@dataclass(slots=True)
class Report:
    """One advisory as one document or official feed item gave it."""

    key: str
    advisory: Advisory
    origin: Origin
    document_id: int | None
    source: str
    published: dt.date | None
    seen_at: dt.datetime

    @property
    def official(self) -> bool:
        return self.origin == Origin.OFFICIAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "origin": self.origin.value,
            "document_id": self.document_id,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "seen_at": self.seen_at.isoformat(),
            "advisory": advisory_to_dict(self.advisory),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        published = data.get("published")
        return cls(
            key=data["key"],
            advisory=advisory_from_dict(data["advisory"]),
            origin=Origin(data["origin"]),
            document_id=data.get("document_id"),
            source=data["source"],
            published=dt.date.fromisoformat(published) if published else None,
            seen_at=dt.datetime.fromisoformat(data["seen_at"]),
        )


def news_reports(
    advisories: Sequence[Advisory],
    *,
    content_hash: str,
    document_id: int | None,
    source: str,
    published: dt.date | None,
    seen_at: dt.datetime,
) -> list[Report]:
    """The reports one news document gives, keyed by its content hash and each
    advisory's place in it, so reading the document again replaces them."""
    return [
        Report(
            key=f"doc:{content_hash}#{n}",
            advisory=adv,
            origin=Origin.NEWS,
            document_id=document_id,
            source=source,
            published=published,
            seen_at=seen_at,
        )
        for n, adv in enumerate(advisories, start=1)
    ]


@dataclass(slots=True)
class MergedAdvisory:
    """One piece of advice with every report of it and where they differ."""

    id: str
    issuer: str
    audience: str
    destinations: list[str]
    destinations_except: list[str]
    level: int | None
    action: str | None
    reasons: list[str]
    change: str | None
    issued: dt.date | None
    period: str | None
    regions: list[Region]
    reports: list[Report]
    disagreements: list[Disagreement]
    reciprocal_ids: list[str]
    first_seen: dt.datetime
    last_seen: dt.datetime
    official: bool
    native_wording: str | None = None
    regions_known: bool | None = None
    scope: str | None = None
    #: An analyst's dismissal or override, with the original values
    #: (:mod:`travelwatch.pipeline.corrections`); None when uncorrected.
    correction: dict[str, Any] | None = None

    @property
    def dismissed(self) -> bool:
        return bool(self.correction and self.correction.get("action") == "dismiss")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "issuer": self.issuer,
            "audience": self.audience,
            "destinations": list(self.destinations),
            "destinations_except": list(self.destinations_except),
            "level": self.level,
            "action": self.action,
            "reasons": list(self.reasons),
            "change": self.change,
            "issued": self.issued.isoformat() if self.issued else None,
            "period": self.period,
            "native_wording": self.native_wording,
            "regions": [_region_dict(r) for r in self.regions],
            "regions_known": self.regions_known,
            "scope": self.scope,
            "correction": self.correction,
            "official": self.official,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "reciprocal_ids": list(self.reciprocal_ids),
            "disagreements": [d.to_dict() for d in self.disagreements],
            "reports": [r.to_dict() for r in self.reports],
        }

    def summary_dict(self, full: dict[str, Any] | None = None) -> dict[str, Any]:
        """:meth:`to_dict` without the reports, which lists never show (they can
        be large): only the levels the official ones state, which name the
        advice in the issuer's own words. ``full``: this advisory's
        :meth:`to_dict`, when the caller has it (the reports are its bulk)."""
        out = dict(full) if full is not None else self.to_dict()
        del out["reports"]
        out["official_levels"] = [
            {"level": r.advisory.level, "native_level": r.advisory.native_level}
            for r in self.reports
            if r.official
        ]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MergedAdvisory:
        issued = data.get("issued")
        return cls(
            id=data["id"],
            issuer=data["issuer"],
            audience=data["audience"],
            destinations=list(data["destinations"]),
            destinations_except=list(data.get("destinations_except") or []),
            level=data.get("level"),
            action=data.get("action"),
            reasons=list(data.get("reasons") or []),
            change=data.get("change"),
            issued=dt.date.fromisoformat(issued) if issued else None,
            period=data.get("period"),
            native_wording=data.get("native_wording"),
            regions=[Region(**r) for r in data.get("regions") or []],
            reports=[Report.from_dict(r) for r in data["reports"]],
            disagreements=[
                Disagreement.from_dict(d) for d in data.get("disagreements") or []
            ],
            reciprocal_ids=list(data.get("reciprocal_ids") or []),
            first_seen=dt.datetime.fromisoformat(data["first_seen"]),
            last_seen=dt.datetime.fromisoformat(data["last_seen"]),
            official=bool(data.get("official")),
            regions_known=data.get("regions_known"),
            scope=data.get("scope"),
            correction=data.get("correction"),
        )


def _region_dict(region: Region) -> dict[str, Any]:
    return {
        "name": region.name,
        "country": region.country,
        "level": region.level,
        "action": region.action,
        "native_wording": region.native_wording,
        "places": list(region.places),
        "excepted": list(region.excepted),
    }


def report_date(report: Report) -> dt.date | None:
    """When the advice was given: its issue date, else its publication; None unknown.

    Never the day it was seen: an undated report's date is unknown, and it ranks
    below every dated report (see :func:`travelwatch.storage.advisories`).
    """
    return report.advisory.issued or report.published


# Undated reports sort after every dated one in the canonical order.
_UNDATED = dt.date.max


def _utc(moment: dt.datetime) -> dt.datetime:
    # Naive timestamps are taken as UTC so that mixed inputs still compare.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _canonical(report: Report) -> tuple[dt.date, int, str]:
    return (report_date(report) or _UNDATED, 0 if report.official else 1, report.key)


def canonical(report: Report) -> tuple[dt.date, int, str]:
    """The order reports are grouped in: earliest first, official first, by key."""
    return _canonical(report)


def sorts_last(report: Report, advisories: Iterable[MergedAdvisory]) -> bool:
    """Whether ``report`` comes after every report of ``advisories`` in the
    canonical order (then adding it is one greedy step: see :func:`add_report`)."""
    own = _canonical(report)
    return all(_canonical(r) < own for adv in advisories for r in adv.reports)


def _levels(adv: Advisory) -> tuple[int | None, set[int]]:
    level = adv.level
    if level is None and adv.action:
        level = ACTION_LEVEL.get(adv.action)
    return level, set(adv.level_alternatives)


def _levels_compatible(a: Advisory, b: Advisory) -> bool:
    level_a, alt_a = _levels(a)
    level_b, alt_b = _levels(b)
    if level_a is None or level_b is None:
        return True
    return level_a == level_b or level_a in alt_b or level_b in alt_a


def _dates_compatible(a: Advisory, b: Advisory, window_days: int) -> bool:
    if a.issued is None or b.issued is None:
        return True
    return abs((a.issued - b.issued).days) <= window_days


# An official report's key is "feed:<source>:<entry key>:<sha256>[:n]".
_FEED_ENTRY = re.compile(r"^(feed:.+?):[0-9a-f]{64}(?::\d+)?$")


def _feed_entry(report: Report) -> str | None:
    match = _FEED_ENTRY.match(report.key) if report.official else None
    return match.group(1) if match else None


def _pair_same_advice(a: Report, b: Report, window_days: int) -> bool:
    x, y = a.advisory, b.advisory
    entry_a, entry_b = _feed_entry(a), _feed_entry(b)
    if entry_a and entry_b and entry_a != entry_b:
        # Two entries of a feed (Israel vs. Gaza) are separate records by design.
        return False
    return (
        x.issuer == y.issuer
        and x.audience == y.audience
        and not set(x.destinations).isdisjoint(y.destinations)
        and _levels_compatible(x, y)
        and _dates_compatible(x, y, window_days)
    )


def _window(window_days: int | None) -> int:
    if window_days is not None:
        return window_days
    return int(load_settings()["merge.window_days"])


def same_advice(
    a: Report | MergedAdvisory, b: Report, *, window_days: int | None = None
) -> bool:
    """Whether ``b`` reports the same advice as ``a``.

    Two reports: same issuer and audience, overlapping destinations, equal levels
    (or one among the other's ``level_alternatives``; an unknown level fits any),
    issue dates at most ``window_days`` apart (an unknown date fits any). A merged
    advisory: ``b`` must fit at least one of its reports and lie within the window
    of every dated one, so that an advisory never drifts across months.
    ``window_days`` defaults to the ``merge.window_days`` setting.
    """
    window = _window(window_days)
    if isinstance(a, Report):
        return _pair_same_advice(a, b, window)
    return _fits(a.reports, b, window)


def _fits(members: Sequence[Report], report: Report, window: int) -> bool:
    return all(
        _dates_compatible(m.advisory, report.advisory, window) for m in members
    ) and any(_pair_same_advice(m, report, window) for m in members)


def _advisory_id(founder: Report) -> str:
    digest = hashlib.sha1(founder.key.encode("utf-8")).hexdigest()[:16]
    return f"adv:{digest}"


def primary_level(adv: Advisory) -> int | None:
    """The level grouping compares exactly (the stated one, else the action's)."""
    return _levels(adv)[0]


def cluster_date(members: Sequence[Report]) -> dt.date | None:
    """The date a group is ranked by for a newcomer (see :func:`_rank`)."""
    return _cluster_date(members)


def _cluster_date(members: Sequence[Report]) -> dt.date | None:
    dated = [m.advisory.issued for m in members if m.advisory.issued]
    return min(dated) if dated else report_date(members[0])


def _rank(
    members: Sequence[Report], report: Report, order: int
) -> tuple[int, int, int, float, int]:
    """Sort key of a candidate group for ``report``: smaller is better.

    :func:`travelwatch.pipeline.incremental.rank_floor` computes the first three
    keys from a stored summary: keep the two in step.
    """
    level, _ = _levels(report.advisory)
    exact = any(_levels(m.advisory)[0] == level for m in members)
    official = any(m.official for m in members)
    cluster, own = _cluster_date(members), report_date(report)
    # An unknown date is no distance at all: it fits any group equally.
    distance = abs((cluster - own).days) if cluster and own else 0
    covered = {d for m in members for d in m.advisory.destinations}
    dests = set(report.advisory.destinations)
    overlap = len(covered & dests) / len(covered | dests)
    return (0 if exact else 1, 0 if official else 1, distance, -overlap, order)


def _dedupe(reports: Iterable[Report]) -> list[Report]:
    by_key: dict[str, Report] = {}
    for report in reports:
        seen = by_key.get(report.key)
        if seen is None or _tiebreak(report) > _tiebreak(seen):
            by_key[report.key] = report
    return sorted(by_key.values(), key=_canonical)


def _tiebreak(report: Report) -> tuple[dt.datetime, str]:
    # The same key twice: keep the later sighting; identical sightings by content.
    return (_utc(report.seen_at), json.dumps(report.to_dict(), sort_keys=True))


def _build(members: list[Report]) -> MergedAdvisory:
    first = members[0]
    consensus = build_consensus(members)
    return MergedAdvisory(
        id=_advisory_id(first),
        issuer=first.advisory.issuer,
        audience=first.advisory.audience,
        destinations=consensus.destinations,
        destinations_except=consensus.destinations_except,
        level=consensus.level,
        action=consensus.action,
        reasons=consensus.reasons,
        change=consensus.change,
        issued=consensus.issued,
        period=consensus.period,
        native_wording=consensus.native_wording,
        regions=consensus.regions,
        reports=list(members),
        disagreements=consensus.disagreements,
        reciprocal_ids=[],
        first_seen=min(members, key=lambda r: _utc(r.seen_at)).seen_at,
        last_seen=max(members, key=lambda r: _utc(r.seen_at)).seen_at,
        official=any(m.official for m in members),
        regions_known=consensus.regions_known,
        scope=consensus.scope,
    )


def merge_reports(
    reports: Iterable[Report], *, window_days: int
) -> list[MergedAdvisory]:
    """Group reports into advisories; the same set in any order gives the same result.

    Advisories come back sorted by issuer, audience, date and id. Their
    ``reciprocal_ids`` are left empty: call
    :func:`travelwatch.pipeline.reciprocity.link_reciprocals` on the full list.
    """
    groups: list[list[Report]] = []
    # Groups by (issuer, audience, destination): only those can take a report.
    by_place: dict[tuple[str, str, str], set[int]] = {}
    for report in _dedupe(reports):
        adv = report.advisory
        places = [(adv.issuer, adv.audience, d) for d in adv.destinations]
        near = set().union(*(by_place.get(p, set()) for p in places))
        candidates = [
            (_rank(groups[g], report, g), g)
            for g in near
            if _fits(groups[g], report, window_days)
        ]
        if candidates:
            chosen = min(candidates)[1]
            groups[chosen].append(report)
        else:
            chosen = len(groups)
            groups.append([report])
        for place in places:
            by_place.setdefault(place, set()).add(chosen)
    merged = [_build(members) for members in groups]
    merged.sort(key=lambda m: (m.issuer, m.audience, _canonical(m.reports[0]), m.id))
    return merged


def _connected(existing: Sequence[MergedAdvisory], report: Report) -> list[int]:
    """Positions of the advisories whose reports connect to ``report``.

    Only these can be regrouped by the new report: grouping needs the same issuer
    and audience and a shared destination, so advisories outside this closure are
    untouched. An earlier version of the same report (same key) is replaced, so its
    advisory and everything connected to it are regrouped too.
    """
    at_place: dict[tuple[str, str, str], list[int]] = {}
    places: list[set[tuple[str, str, str]]] = []
    start: list[int] = []
    for i, m in enumerate(existing):
        own = {
            (m.issuer, m.audience, d)
            for r in m.reports
            for d in r.advisory.destinations
        }
        places.append(own)
        for place in own:
            at_place.setdefault(place, []).append(i)
        if any(r.key == report.key for r in m.reports):
            start.append(i)
    adv = report.advisory
    queue = [(adv.issuer, adv.audience, d) for d in adv.destinations]
    queue += [place for i in start for place in places[i]]
    found = set(start)
    seen_places: set[tuple[str, str, str]] = set()
    while queue:
        place = queue.pop()
        if place in seen_places:
            continue
        seen_places.add(place)
        for i in at_place.get(place, []):
            if i not in found:
                found.add(i)
                queue.extend(places[i])
    return sorted(found)


def _join_last(
    existing: list[MergedAdvisory],
    touched: list[int],
    report: Report,
    window_days: int,
) -> MergedAdvisory:
    """The greedy step for a report that sorts after everything it touches.

    Grouping the touched reports replays exactly as before, so the result is the
    old groups plus this one step; groups are ranked in founding order, as in
    :func:`merge_reports`.
    """
    founded = sorted(touched, key=lambda i: _canonical(existing[i].reports[0]))
    candidates = [
        (_rank(existing[i].reports, report, order), i)
        for order, i in enumerate(founded)
        if _fits(existing[i].reports, report, window_days)
    ]
    if not candidates:
        merged = _build([report])
        existing.append(merged)
        return merged
    chosen = min(candidates)[1]
    merged = _build([*existing[chosen].reports, report])
    existing[chosen] = merged
    return merged


def add_report(
    existing: list[MergedAdvisory], report: Report, *, window_days: int
) -> MergedAdvisory:
    """Add one report to ``existing`` (changed in place); return its advisory.

    ``existing`` must come from :func:`merge_reports` / :func:`add_report`; the
    result is exactly what :func:`merge_reports` over all reports would give. The
    usual case, a report newer than everything it connects to, is one greedy step.
    Otherwise the connected advisories are regrouped with it: they leave the list
    and their successors are appended (ids may change when the report becomes the
    founder of a group). Call ``link_reciprocals`` afterwards for new advisories.
    """
    touched = _connected(existing, report)
    members = [r for i in touched for r in existing[i].reports]
    replaces = any(r.key == report.key for r in members)
    if not replaces and all(_canonical(r) < _canonical(report) for r in members):
        return _join_last(existing, touched, report, window_days)
    regrouped = merge_reports([*members, report], window_days=window_days)
    for i in reversed(touched):
        del existing[i]
    existing.extend(regrouped)
    return next(m for m in regrouped if any(r.key == report.key for r in m.reports))
