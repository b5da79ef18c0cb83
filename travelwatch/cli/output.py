"""Rendering results: Rich tables for people, JSON or CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


# Emoji codes stay text (":ua:" in an article is not a flag); article text goes
# into tables as Text, never as markup ("[/caption]" is not a closing tag).
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


#: Columns tables never cut: ids (a person copies them into the next command)
#: and the advice's date.
WHOLE_COLUMNS = frozenset({"id", "advisory_id", "document_id", "as_of"})


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def duration(seconds: float) -> str:
    """``45s``, ``30m``, ``1h30m``, ``2d4h``: one smaller unit at most."""
    whole = round(seconds)
    for unit, size, smaller, small_unit in (
        ("d", 86400, 3600, "h"),
        ("h", 3600, 60, "m"),
        ("m", 60, 1, "s"),
    ):
        if whole >= size:
            rest = (whole % size) // smaller
            return f"{whole // size}{unit}{f'{rest}{small_unit}' if rest else ''}"
    return f"{whole}s"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: Format,
    *,
    title: str | None = None,
) -> None:
    """Print ``rows`` as a table (``columns`` only), JSON (whole rows) or CSV."""
    if fmt is Format.json:
        print_json(list(rows))
        return
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ";".join(map(str, v))
                    if isinstance(v, list)
                    else ("" if v is None else v)
                    for v in (row.get(c) for c in columns)
                ]
            )
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=Text(title) if title else None, show_lines=False)
    for col in columns:
        if col in WHOLE_COLUMNS:
            # Never cut (at 80 columns the other columns give way instead).
            width = max([len(col), *(len(_cell(row.get(col))) for row in rows)])
            table.add_column(col, no_wrap=True, min_width=width)
        else:
            table.add_column(col)
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    console.print(table)
    if not rows:
        console.print("[dim](nothing)[/dim]")
