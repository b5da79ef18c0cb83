"""Tit-for-tat advice: linking A's advice about B to B's current advice about A.

Governments often answer each other's travel warnings. An advisory from A that
covers B is linked to B's *current* advisories that cover A, where "current" is
B's latest advisory about that destination. ``EU`` among the destinations stands
for every member state, so Russia's advice about the EU answers Germany's advice
about Russia (the members are listed in ``travelwatch/data/eu_members.json``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources

from travelwatch.pipeline.merge import MergedAdvisory, report_date

__all__ = ["advisory_date", "covers", "eu_members", "link_reciprocals"]

_EU = "EU"


@cache
def eu_members() -> frozenset[str]:
    """ISO codes of the European Union's member states."""
    path = resources.files("travelwatch") / "data" / "eu_members.json"
    return frozenset(json.loads(path.read_text(encoding="utf-8"))[_EU])


def covers(destinations: Sequence[str], excepted: Sequence[str], country: str) -> bool:
    """Whether advice about ``destinations`` (minus ``excepted``) is about ``country``."""
    if country in excepted:
        return False
    return country in destinations or (_EU in destinations and country in eu_members())


def advisory_date(advisory: MergedAdvisory) -> dt.date | None:
    """When the advice was given: its issue date, else its earliest report's date.

    None when no report is dated (never the day it was seen).
    """
    if advisory.issued:
        return advisory.issued
    dates = [d for r in advisory.reports if (d := report_date(r)) is not None]
    return min(dates) if dates else None


def _newer(a: MergedAdvisory, b: MergedAdvisory) -> bool:
    # Undated advice ranks below every dated one; then official before news.
    def rank(x: MergedAdvisory) -> tuple[dt.date, bool, str, str]:
        return (
            advisory_date(x) or dt.date.min,
            x.official,
            x.last_seen.isoformat(),
            x.id,
        )

    return rank(a) > rank(b)


def link_reciprocals(advisories: Sequence[MergedAdvisory]) -> None:
    """Set every advisory's ``reciprocal_ids`` (sorted) from the whole list."""
    current: dict[tuple[str, str], MergedAdvisory] = {}
    for adv in advisories:
        for dest in adv.destinations:
            if dest in adv.destinations_except:
                continue
            slot = (adv.issuer, dest)
            if slot not in current or _newer(adv, current[slot]):
                current[slot] = adv
    for adv in advisories:
        # Answering issuers: each destination, and for "EU" each member (or the
        # EU itself); their advice must in turn name this issuer or its bloc.
        answering: set[str] = set()
        for dest in adv.destinations:
            if dest in adv.destinations_except:
                continue
            answering.add(dest)
            if dest == _EU:
                answering |= eu_members() - set(adv.destinations_except)
        named_as = [adv.issuer] + ([_EU] if adv.issuer in eu_members() else [])
        linked = {
            other.id
            for issuer in answering
            for name in named_as
            if (other := current.get((issuer, name))) is not None
            and other is not adv
            and covers(other.destinations, other.destinations_except, adv.issuer)
        }
        adv.reciprocal_ids = sorted(linked)
