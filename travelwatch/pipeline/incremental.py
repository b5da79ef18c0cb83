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

The storing side loads the two neighbourhoods and writes the result; this module
decides: the join (:func:`join`) and which advisory is current at each
destination whose choice can have changed (:func:`settle`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from travelwatch.pipeline.corrections import Correction, effective
from travelwatch.pipeline.current import CurrentAdvice, choose_current
from travelwatch.pipeline.merge import MergedAdvisory, Report, add_report, sorts_last

__all__ = ["Joined", "join", "places", "settle"]


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
    #: The advisories at the report's destinations, ``replaced`` swapped for
    #: ``advisory``.
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
    is not exact (a report there sorts after it, or a correction is involved)."""
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


def settle(
    joined: Joined,
    report: Report,
    around: Sequence[MergedAdvisory],
    withdrawn: Collection[str] = (),
) -> CurrentAdvice | None:
    """The current advice at ``joined.codes``, or None when the step is not exact.

    ``around`` are the other stored advisories at the joined advisory's places
    (:func:`places`); a report among them that sorts after ``report`` could have
    chosen differently, so the caller must regroup instead.
    """
    if not sorts_last(report, around):
        return None
    decision = choose_current([*joined.near, *around], withdrawn)
    codes = joined.codes
    return CurrentAdvice(
        {joined.advisory.id: decision.as_of[joined.advisory.id]},
        frozenset(p for p in decision.pairs if p[1] in codes),
    )
