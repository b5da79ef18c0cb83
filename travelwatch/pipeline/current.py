"""Which advisory is the current advice: a function of the merged advisories alone.

For every issuer, audience, destination and scope, one advisory is current: the
one a traveller should read today. The choice depends only on the advisories'
reports (and on which official reports were withdrawn and which advisories an
analyst dismissed), never on arrival order, so the same reports in any order, or
from racing writers, pick the same advisory. The merge computes it
(:mod:`travelwatch.storage.advisories` only writes what it is given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from travelwatch.pipeline.merge import MergedAdvisory

__all__ = ["CurrentAdvice", "as_of", "choose_current", "slot"]


def as_of(adv: MergedAdvisory) -> dt.date | None:
    """The newest date the advice is known to stand at (used to pick the current one).

    The latest, not the earliest: when a feed entry goes 4 -> 3 -> 4, the first and
    last versions form one advisory that must outrank the middle one. None when no
    report is dated: the day it was seen is not the advice's date.
    """
    dates = [r.advisory.issued or r.published for r in adv.reports]
    known = [d for d in dates if d is not None]
    if adv.issued is not None:
        known.append(adv.issued)
    return max(known) if known else None


def slot(adv: MergedAdvisory, code: str) -> tuple[str, str, str, str]:
    """One current advisory per issuer, audience, destination and scope: a feed
    entry for one area (the US feed's West Bank, Gaza) stands beside the others."""
    return (adv.issuer, adv.audience, code, adv.scope or "")


def _rank(adv: MergedAdvisory, dated: dt.date | None) -> tuple[Any, ...]:
    # Newest advice wins and undated advice ranks below every dated one; an
    # official record beats news unless the news is dated after it; then the
    # better-reported one, then the stronger (the safer to show); the id last so
    # that no two advisories ever tie.
    return (
        dated is not None,
        dated or dt.date.min,
        adv.official,
        len(adv.reports),
        adv.level or 0,
        adv.id,
    )


@dataclass(frozen=True, slots=True)
class CurrentAdvice:
    """The decision for a set of advisories: each one's date and the current pairs."""

    as_of: dict[str, dt.date | None]
    #: (advisory id, destination code) of every current destination row.
    pairs: frozenset[tuple[str, str]]

    @property
    def ids(self) -> frozenset[str]:
        """Advisories current for at least one destination."""
        return frozenset(adv_id for adv_id, _ in self.pairs)


def choose_current(
    merged: Iterable[MergedAdvisory], withdrawn: Collection[str] = ()
) -> CurrentAdvice:
    """Pick the current advisory of every slot among ``merged``.

    ``merged`` must hold every advisory of each slot it touches (an issuer's whole
    set, or a closed group of them: see :func:`travelwatch.storage.advisories.\
merge_new_reports`). ``withdrawn`` are keys of official reports whose feed entry is
    gone: an advisory made only of those is never current, nor is a dismissed one.
    """
    dates: dict[str, dt.date | None] = {}
    best: dict[tuple[str, str, str, str], tuple[tuple[Any, ...], str]] = {}
    for adv in merged:
        dated = dates[adv.id] = as_of(adv)
        live = not adv.dismissed and any(r.key not in withdrawn for r in adv.reports)
        if not live:
            continue
        rank = _rank(adv, dated)
        for code in sorted(set(adv.destinations)):
            key = slot(adv, code)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, adv.id)
    pairs = frozenset((adv_id, key[2]) for key, (_, adv_id) in best.items())
    return CurrentAdvice(dates, pairs)
