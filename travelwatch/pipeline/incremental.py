"""One new report into stored advisories without regrouping the issuer (pure).

Grouping is greedy in the canonical order (:func:`travelwatch.pipeline.merge.\
canonical`), so a report that sorts after every report around it changes one
group and nothing else: it joins the best fitting advisory at its destinations,
or starts one. "Around it" is exact: the advisories at its destinations (its
candidates) and those at every destination of the advisory it ends up in (the
reports that could have ranked that advisory differently). When a report there
sorts after the new one, or an analyst's correction concerns the advisory, the
step does not apply and the caller regroups the connected advisories instead
(:func:`travelwatch.storage.advisories.merge_new_reports`).

The storing side loads what the step needs and writes the result; this module
decides: the join (:func:`join`) and which advisory is current at each
destination whose choice can have changed (:func:`settle`).

What the step needs must not grow with the history stored at a place, or the
cost of a report grows with the store. So every stored advisory carries a
:class:`Summary` (columns of its place rows) from which the storing side tells,
without loading the advisory, whether it can sort after the new report
(``last_day``), whether its dates can fit the report at all (``issued_min``,
``issued_max``) and a floor of its rank as the report's group
(:func:`rank_floor`); it loads advisories in order of that floor and stops once
no unloaded one can rank better than the best fitting one found. Which
advisory is current is decided against the current ones alone (their rank
only grows as reports join, see :func:`settle`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from travelwatch.pipeline.corrections import Correction, effective
from travelwatch.pipeline.current import CurrentAdvice, choose_current, slot
from travelwatch.pipeline.merge import (
    MergedAdvisory,
    Report,
    add_report,
    canonical,
    cluster_date,
    primary_level,
    report_date,
    sorts_last,
)

__all__ = [
    "Joined",
    "Summary",
    "day",
    "join",
    "may_fit_dates",
    "places",
    "rank_floor",
    "reopened",
    "settle",
    "summarize",
]

# Levels are 1-4; a bit each (bit 0: unknown). Anything else sets every bit, so
# that the floor stays a floor.
_MAX_LEVEL_BIT = 30
ALL_LEVELS = -1


def _level_bit(level: int | None) -> int:
    if level is None:
        return 1
    if 0 < level <= _MAX_LEVEL_BIT:
        return 1 << level
    return ALL_LEVELS


def day(report: Report) -> int:
    """The report's date in the canonical order, as a day number (undated last)."""
    return canonical(report)[0].toordinal()


def _ordinal(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


@dataclass(frozen=True, slots=True)
class Summary:
    """What a stored advisory's place rows say about it (``advisory_places``).

    Days are ``date.toordinal()`` numbers, so that both databases compare and
    subtract them alike.
    """

    #: The canonical day of its last report (an undated report's is ``date.max``).
    last_day: int
    #: Earliest and latest issue date among its reports (None: none is dated).
    issued_min: int | None
    issued_max: int | None
    #: The date it is ranked by for a newcomer (:func:`merge.cluster_date`).
    cluster_day: int | None
    official: bool
    #: Bit ``n`` set when a report's primary level is ``n`` (bit 0: unknown).
    levels: int


def summarize(adv: MergedAdvisory) -> Summary:
    issued = [r.advisory.issued for r in adv.reports if r.advisory.issued]
    levels = 0
    for r in adv.reports:
        levels |= _level_bit(primary_level(r.advisory))
    return Summary(
        last_day=max(day(r) for r in adv.reports),
        issued_min=_ordinal(min(issued)) if issued else None,
        issued_max=_ordinal(max(issued)) if issued else None,
        cluster_day=_ordinal(cluster_date(adv.reports)),
        official=any(r.official for r in adv.reports),
        levels=levels,
    )


def may_fit_dates(summary: Summary, report: Report, window_days: int) -> bool:
    """False when the advisory cannot take ``report``: a dated report of it lies
    outside the window of the report's issue date (see ``merge._fits``)."""
    issued = report.advisory.issued
    if issued is None or summary.issued_min is None or summary.issued_max is None:
        return True
    own = issued.toordinal()
    return summary.issued_min >= own - window_days and (
        summary.issued_max <= own + window_days
    )


def rank_floor(summary: Summary, report: Report) -> tuple[int, int, int]:
    """The first three keys of ``merge._rank`` for this advisory as ``report``'s
    group (exact level, official, distance): equal to them for a summary made by
    :func:`summarize`, never above them, so advisories can be weighed in this
    order and the rest left unloaded."""
    exact = summary.levels & _level_bit(primary_level(report.advisory)) != 0
    own = report_date(report)
    distance = (
        abs(summary.cluster_day - own.toordinal())
        if summary.cluster_day is not None and own is not None
        else 0
    )
    return (0 if exact else 1, 0 if summary.official else 1, distance)


def places(adv: MergedAdvisory) -> set[str]:
    """Every destination the advisory's reports name (wider than its voted ones):
    the places through which another report can join it."""
    return {d for r in adv.reports for d in r.advisory.destinations} | set(
        adv.destinations
    )


@dataclass(slots=True)
class Joined:
    """A report added by one greedy step."""

    advisory: MergedAdvisory
    #: The stored advisory it replaces (the one the report joined), if any.
    replaced: MergedAdvisory | None
    #: The advisories given to :func:`join`, ``replaced`` swapped for ``advisory``.
    near: list[MergedAdvisory]

    @property
    def codes(self) -> frozenset[str]:
        """Destinations whose current advisory must be chosen again."""
        before = self.replaced.destinations if self.replaced else []
        return frozenset([*before, *self.advisory.destinations])


def _corrected(corrections: Sequence[Correction], *advs: MergedAdvisory) -> bool:
    ids = {a.id for a in advs}
    keys = {r.key for a in advs for r in a.reports}
    return any(
        c.target in ids or not keys.isdisjoint(c.report_keys)
        for c in effective(corrections)
    )


def join(
    report: Report,
    near: Sequence[MergedAdvisory],
    *,
    window_days: int,
    corrections: Sequence[Correction] = (),
) -> Joined | None:
    """Add ``report`` to the advisories at its destinations, or None when one step
    is not exact (a report there sorts after it, or a correction is involved).

    ``near`` must hold every advisory at the report's destinations that can take
    it (others may be there: they are not chosen), and the caller must know that
    none at those destinations sorts after the report (:func:`Summary`'s
    ``last_day``).
    """
    if not sorts_last(report, near):
        return None
    before = {adv.id: adv for adv in near}
    existing = list(near)
    merged = add_report(existing, report, window_days=window_days)
    replaced = before.get(merged.id)
    involved = [merged] if replaced is None else [merged, replaced]
    if _corrected(corrections, *involved):
        return None
    return Joined(merged, replaced, existing)


def reopened(joined: Joined, held: Collection[tuple[str, str]]) -> set[str]:
    """Destinations where the current choice must weigh every advisory again.

    ``held`` are the current (advisory id, code) rows at ``joined.codes``. Where
    the replaced advisory was current and the joined one keeps its slot, the
    joined one stays current: it has every report the replaced one had and one
    more, so it ranks higher (``current._rank``: its newest date, officialness
    and report count can only grow). Where it leaves the slot (a destination or
    scope voted out), the next best there is unknown.
    """
    old = joined.replaced
    if old is None:
        return set()
    new = joined.advisory
    kept = {slot(new, code) for code in new.destinations}
    return {
        code
        for adv_id, code in held
        if adv_id == old.id and slot(old, code) not in kept
    }


def settle(
    joined: Joined,
    others: Sequence[MergedAdvisory],
    withdrawn: Collection[str] = (),
) -> CurrentAdvice:
    """The current advice at ``joined.codes``.

    ``others`` are the advisories current at those codes (but the replaced one)
    and every advisory at the :func:`reopened` codes: each slot the joined
    advisory enters is won by it or by the one current there, as no other
    advisory outranks that one; elsewhere the choice is made among all.
    """
    decision = choose_current([joined.advisory, *others], withdrawn)
    codes = joined.codes
    return CurrentAdvice(
        {joined.advisory.id: decision.as_of[joined.advisory.id]},
        frozenset(p for p in decision.pairs if p[1] in codes),
    )
