"""``travelwatch extract`` and ``travelwatch eval``: extraction without storage."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from travelwatch.cli.app import app
from travelwatch.cli.corpus_eval import SplitChoice, run_corpus_eval
from travelwatch.cli.options import SetOption, settings_from
from travelwatch.cli.output import console, err_console
from travelwatch.evaluation import (
    check_floors,
    extract_folder,
    load_floors,
    load_gold,
    score,
)
from travelwatch.ingest.readers import read_sources
from travelwatch.service import extract_articles, truncation_notice


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


_DEFAULT_FLOORS = Path("eval/floors.json")


@app.command()
def extract(
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders, feeds, URLs or - for stdin.")
    ],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="Output format.")
    ] = ExtractFormat.table,
    settings_set: SetOption = None,
) -> None:
    """Print the advisories each article reports; stores nothing.

    Example: travelwatch extract article.txt --format jsonl
    """
    settings = settings_from(None, settings_set)
    rows: list[dict[str, Any]] = []
    failed = 0
    for item in extract_articles(read_sources(sources, settings=settings), settings):
        doc = item.document
        if item.error is not None or doc is None:
            line = item.error.line() if item.error else f"{item.source}: no document"
            err_console.print(line, markup=False, highlight=False)
            failed += 1
            continue
        row: dict[str, Any] = {
            "doc": Path(item.source).name,
            "advisories": [a.to_dict() for a in item.advisories],
        }
        if notice := truncation_notice(doc, settings):
            err_console.print(notice, markup=False, highlight=False)
            row["truncated"] = True
        if fmt is ExtractFormat.jsonl:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        rows.append(row)
    if fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is ExtractFormat.table:
        console.print(_table(rows))
    if failed:
        raise typer.Exit(1)


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        "doc", "issuer", "destinations", "level", "action", "wording", "reasons"
    )
    for row in rows:
        if not row["advisories"]:
            table.add_row(row["doc"], "—", "—", "—", "—", "—", "—")
        for a in row["advisories"]:
            table.add_row(
                row["doc"],
                a["issuer"],
                ", ".join(a["destinations"]),
                str(a["level"]),
                a["action"] or "—",
                a.get("native_wording") or "—",
                ", ".join(a["reasons"]),
            )
    return table


@app.command("eval")
def eval_gold(
    gold_dir: Annotated[
        Path | None,
        typer.Argument(help="Folder of NAME.txt + NAME.json (or use --corpus)."),
    ] = None,
    floors: Annotated[
        Path | None,
        typer.Option(help="Pinned floors (default eval/floors.json when present)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    corpus: Annotated[
        Path | None,
        typer.Option(help="Corpus folder holding texts/ (e.g. ../shared/corpus)."),
    ] = None,
    labels: Annotated[
        Path, typer.Option(help="Corpus label folder (with --corpus).")
    ] = Path("corpus/labels"),
    split: Annotated[
        list[SplitChoice] | None,
        typer.Option(help="Corpus split(s) to score (default: all three)."),
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Only texts in this language (ISO 639-1).")
    ] = None,
    misses: Annotated[
        bool,
        typer.Option(help="With --corpus: per-document misses (train and dev only)."),
    ] = False,
    settings_set: SetOption = None,
) -> None:
    """Score extraction on a gold folder or the labelled corpus.

    Exits 1 under the pinned floors. With --corpus, prints one row per split,
    language and issuer kind; blind-split errors are shown only as counted
    categories, never article by article.

    Example: travelwatch eval ../shared/gold/dev --floors eval/floors.json

    Example: travelwatch eval --corpus ../shared/corpus --split blind
    """
    settings = settings_from(None, settings_set)
    if corpus is not None:
        splits = [s.value for s in split] if split else ["train", "dev", "blind"]
        run_corpus_eval(
            corpus,
            labels,
            splits,
            language=language,
            floors=floors,
            as_json=as_json,
            misses=misses,
            settings=settings,
        )
        return
    if gold_dir is None or not gold_dir.is_dir():
        raise typer.BadParameter(f"not a folder: {gold_dir}", param_hint="GOLD_DIR")
    predictions, errors = extract_folder(gold_dir, settings=settings)
    for line in errors:
        err_console.print(line, markup=False, highlight=False)
    report = score(load_gold(gold_dir), predictions)
    floors_path = floors or (_DEFAULT_FLOORS if _DEFAULT_FLOORS.exists() else None)
    failures = check_floors(report, load_floors(floors_path)) if floors_path else []
    if as_json:
        out = {
            "metrics": report.metrics,
            "misses": report.misses,
            "below_floor": failures,
        }
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        for name, notes in report.misses.items():
            console.print(f"{name}: {'; '.join(notes)}", markup=False, highlight=False)
        for key, value in report.metrics.items():
            console.print(f"{key:>20}: {value}", markup=False, highlight=False)
        for line in failures:
            err_console.print(f"below floor: {line}", markup=False, highlight=False)
    if failures or errors:
        raise typer.Exit(1)
