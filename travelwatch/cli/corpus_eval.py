"""``travelwatch eval --corpus``: score the labelled corpus, split by split.

Prints one table row per split, language and issuer kind. Blind-split errors are
summarised as counted categories only: reading them article by article to write
rules would turn the blind split into another training set.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from travelwatch.cli.output import console, err_console
from travelwatch.corpus.evaluate import Row, corpus_rows, extract_files, select_labels
from travelwatch.corpus.splits import Split
from travelwatch.evaluation import Report, check_floors, load_floors
from travelwatch.settings import Settings


class SplitChoice(StrEnum):
    train = "train"
    dev = "dev"
    blind = "blind"


_COLUMNS = (
    ("docs", "docs"),
    ("gold_advisories", "gold"),
    ("advisory_precision", "P"),
    ("advisory_recall", "R"),
    ("advisory_f1", "F1"),
    ("destination_f1", "dest F1"),
    ("level_accuracy", "level"),
    ("reasons_f1", "reasons F1"),
    ("issued_accuracy", "issued"),
    ("false_alarm_docs", "false alarms"),
)


def error_categories(report: Report) -> dict[str, int]:
    """How many documents show each kind of error (no document is named)."""
    counts: Counter[str] = Counter()
    for notes in report.misses.values():
        for note in notes:
            counts[note.split(" ", 1)[0]] += 1
    return dict(sorted(counts.items()))


def _table(rows: list[Row]) -> Table:
    table = Table("split", "rows", *(title for _, title in _COLUMNS))
    for row in rows:
        cells = [row.report.metrics.get(key) for key, _ in _COLUMNS]
        table.add_row(
            row.split, row.group, *("—" if c is None else str(c) for c in cells)
        )
    return table


def run_corpus_eval(
    corpus: Path,
    labels: Path,
    splits: list[str],
    *,
    language: str | None,
    floors: Path | None,
    as_json: bool,
    misses: bool,
    settings: Settings,
) -> None:
    texts = corpus / "texts"
    if not texts.is_dir():
        raise typer.BadParameter(f"no texts/ folder in {corpus}", param_hint="--corpus")
    if not labels.is_dir():
        raise typer.BadParameter(f"not a folder: {labels}", param_hint="--labels")
    rows: list[Row] = []
    errors: list[str] = []
    for split in splits:
        gold = select_labels(labels, split=_split(split), language=language)
        predictions, failed = extract_files(texts, gold, settings=settings)
        errors += failed
        rows += corpus_rows(split, gold, predictions)
    for line in errors:
        err_console.print(line, markup=False, highlight=False)
    failures: list[str] = []
    if floors is not None:
        pinned = load_floors(floors)
        for row in rows:
            if row.group == "all":
                failures += [
                    f"{row.split}: {f}" for f in check_floors(row.report, pinned)
                ]
    _print(rows, as_json=as_json, misses=misses)
    for line in failures:
        err_console.print(f"below floor: {line}", markup=False, highlight=False)
    if failures or errors:
        raise typer.Exit(1)


def _split(value: str) -> Split:
    for choice in ("train", "dev", "blind"):
        if value == choice:
            return choice
    raise typer.BadParameter(f"unknown split {value!r}", param_hint="--split")


def _print(rows: list[Row], *, as_json: bool, misses: bool) -> None:
    overall = [r for r in rows if r.group == "all"]
    if as_json:
        out: list[dict[str, Any]] = []
        for row in rows:
            item: dict[str, Any] = {
                "split": row.split,
                "rows": row.group,
                "metrics": row.report.metrics,
            }
            if row.group == "all":
                item["error_categories"] = error_categories(row.report)
                if misses and row.split != "blind":
                    item["misses"] = row.report.misses
            out.append(item)
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return
    console.print(_table(rows))
    for row in overall:
        counts = ", ".join(f"{k} {v}" for k, v in error_categories(row.report).items())
        console.print(
            f"{row.split}: documents with errors, by kind: {counts or 'none'}",
            markup=False,
            highlight=False,
        )
        if misses and row.split != "blind":
            for name, notes in row.report.misses.items():
                console.print(
                    f"  {name}: {'; '.join(notes)}", markup=False, highlight=False
                )
    if misses and any(r.split == "blind" for r in overall):
        err_console.print(
            "blind: per-document misses are not shown (count categories; fix on "
            "train and dev)",
            markup=False,
            highlight=False,
        )
