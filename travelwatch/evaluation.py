"""Scoring extracted advisories against gold labels (the rules of gold/SCHEMA.md).

A predicted advisory matches a gold one when the issuer is the same and they share
a destination; pairs are taken greedily, most shared destinations first, then gold
order, then prediction order. Over matched pairs we measure destination F1, level
accuracy (a gold ``level_alternatives`` entry counts), action, reasons, audience
and issue-date accuracy; unmatched advisories are false positives and misses.
The numbers agree with the reference scorer shipped beside the gold set.

:func:`check_floors` compares a report with pinned floors (``eval/floors.json``).
Floors only move up, by hand, after a deliberate improvement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from travelwatch.settings import Settings

__all__ = [
    "Report",
    "check_floors",
    "extract_folder",
    "load_floors",
    "load_gold",
    "score",
]

Adv = Mapping[str, Any]


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def f1(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class Report:
    """Metrics over a gold set plus what went wrong per document."""

    metrics: dict[str, Any]
    misses: dict[str, list[str]] = field(default_factory=dict)


def load_gold(folder: Path) -> dict[str, dict[str, Any]]:
    """Gold labels of ``folder`` by document name (``NAME.txt``)."""
    gold: dict[str, dict[str, Any]] = {}
    for label in sorted(folder.glob("*.json")):
        data = json.loads(label.read_text(encoding="utf-8"))
        gold[data.get("doc") or label.with_suffix(".txt").name] = data
    return gold


def _codes(values: Iterable[Any] | None) -> set[str]:
    return {str(v).upper() for v in (values or []) if v}


def _same(a: Any, b: Any) -> bool:
    return str(a or "").upper() == str(b or "").upper()


def _pairs(gold: list[Adv], pred: list[Adv]) -> list[tuple[Adv, Adv]]:
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not _same(p.get("issuer", ""), g.get("issuer", "")):
                continue
            shared = len(_codes(g.get("destinations")) & _codes(p.get("destinations")))
            if shared:
                options.append((-shared, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(options):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def score(
    gold: Mapping[str, Mapping[str, Any]], predictions: Mapping[str, Sequence[Adv]]
) -> Report:
    """Score ``predictions`` (doc name -> advisories as dicts) against ``gold``."""
    adv, dest, reas = _Tally(), _Tally(), _Tally()
    n = level = action = audience = dated = date_ok = 0
    quiet = false_alarm = 0
    misses: dict[str, list[str]] = {}
    for name, label in gold.items():
        g_list = list(label.get("advisories") or [])
        p_list = list(predictions.get(name, []))
        pairs = _pairs(g_list, p_list)
        adv.tp += len(pairs)
        adv.fn += len(g_list) - len(pairs)
        adv.fp += len(p_list) - len(pairs)
        if not g_list:
            quiet += 1
            false_alarm += bool(p_list)
        notes: list[str] = []
        for g, p in pairs:
            n += 1
            gd, pd = _codes(g.get("destinations")), _codes(p.get("destinations"))
            dest.tp += len(gd & pd)
            dest.fp += len(pd - gd)
            dest.fn += len(gd - pd)
            gr, pr = set(g.get("reasons") or []), set(p.get("reasons") or [])
            reas.tp += len(gr & pr)
            reas.fp += len(pr - gr)
            reas.fn += len(gr - pr)
            allowed = {g.get("level")} | set(g.get("level_alternatives") or [])
            level_ok = p.get("level") in allowed
            level += level_ok
            action += p.get("action") == g.get("action")
            audience += _same(p.get("audience", ""), g.get("audience", ""))
            if g.get("issued"):
                dated += 1
                date_ok += str(p.get("issued") or "")[:10] == g["issued"]
            if not level_ok:
                notes.append(f"level {p.get('level')} vs {g.get('level')}")
            if gd != pd:
                notes.append(f"dest {sorted(pd)} vs {sorted(gd)}")
            if gr != pr:
                notes.append(f"reasons +{sorted(pr - gr)} -{sorted(gr - pr)}")
        if len(g_list) > len(pairs):
            notes.append(f"missed {len(g_list) - len(pairs)}")
        if len(p_list) > len(pairs):
            notes.append(f"extra {len(p_list) - len(pairs)}")
        if notes:
            misses[name] = notes
    ap, ar, af = adv.f1()

    def per_pair(value: int) -> float | None:
        return round(value / n, 3) if n else None

    metrics: dict[str, Any] = {
        "docs": len(gold),
        "gold_advisories": adv.tp + adv.fn,
        "advisory_precision": round(ap, 3),
        "advisory_recall": round(ar, 3),
        "advisory_f1": round(af, 3),
        "destination_f1": round(dest.f1()[2], 3) if n else None,
        "level_accuracy": per_pair(level),
        "action_accuracy": per_pair(action),
        "reasons_f1": round(reas.f1()[2], 3) if n else None,
        "audience_accuracy": per_pair(audience),
        "issued_accuracy": round(date_ok / dated, 3) if dated else None,
        "false_alarm_docs": f"{false_alarm}/{quiet}",
    }
    return Report(metrics, misses)


def load_floors(path: Path) -> dict[str, float]:
    """Pinned floors; an empty file (e.g. ``/dev/null``) pins nothing."""
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        return {}
    data = json.loads(text)
    return {k: float(v) for k, v in data["floors"].items()}


def check_floors(report: Report, floors: Mapping[str, float]) -> list[str]:
    """One line per metric under its floor; ``max_false_alarm_docs`` caps alarms."""
    failures: list[str] = []
    for name, floor in floors.items():
        if name == "max_false_alarm_docs":
            alarms = int(str(report.metrics["false_alarm_docs"]).split("/")[0])
            if alarms > floor:
                failures.append(f"false_alarm_docs {alarms} > {int(floor)}")
            continue
        value = report.metrics.get(name)
        if value is None or value < floor:
            failures.append(f"{name} {value} < floor {floor}")
    return failures


def extract_folder(
    folder: Path, *, settings: Settings | None = None
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Advisories of every ``folder/*.txt`` read as ingest reads them.

    Returns predictions by file name and one error line per file that failed.
    """
    from travelwatch.corpus.evaluate import extract_files

    names = [p.name for p in sorted(folder.glob("*.txt"))]
    return extract_files(folder, names, settings=settings)
