"""``travelwatch advisories``, ``show``, ``matrix``, ``timeline`` and ``export``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from travelwatch import queries
from travelwatch.cli.app import app
from travelwatch.cli.options import (
    AudienceOption,
    DbOption,
    IssuerOption,
    ToOption,
    place_argument,
    settings_from,
)
from travelwatch.cli.output import Format, console, err_console, print_json, render
from travelwatch.storage.store import Store

# The table keeps what fits a terminal; --format json has every field.
#: Beyond this many destinations a grid no longer fits 80 columns: one row per pair.
_GRID_COLUMNS = 10

_LIST_COLUMNS = [
    "id",
    "issuer",
    "audience",
    "destinations",
    "level",
    "as_of",
    "report_count",
]

_JSON_FIELDS = (
    "id",
    "issuer",
    "audience",
    "destinations",
    "level",
    "action",
    "label",
    "native_wording",
    "scope",
    "official",
    "current",
    "as_of",
    "issued",
    "reasons",
    "regions",
    "regions_known",
    "reports",
    "disagreements",
    "reciprocal_ids",
    "report_count",
    "first_seen",
    "last_seen",
)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    geojson = "geojson"
    atom = "atom"


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error[/red] {escape(message)}")
    return typer.Exit(1)


@app.command()
def advisories(
    db: DbOption = None,
    issuer: IssuerOption = None,
    to: ToOption = None,
    audience: AudienceOption = None,
    min_level: Annotated[
        int | None,
        typer.Option(min=1, max=4, help="Only advice at this level or above."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include superseded advice.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 100,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
) -> None:
    """List merged advisories with their number of reports, first and last seen.

    A page never ends silently: when more advisories match, how to get the next
    page is said on standard error.

    Example: travelwatch advisories --issuer RU --format json
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        page = queries.list_advisories(
            conn,
            issuer=issuer,
            audience=audience,
            destination=to,
            min_level=min_level,
            current_only=not all_,
            limit=limit,
            offset=offset,
            with_reports=fmt is Format.json,
        )
    shown_to = offset + len(page.items)
    if page.total > shown_to:
        err_console.print(
            f"showing {offset + 1}-{shown_to} of {page.total}; "
            f"next: --offset {shown_to} (or a larger --limit)",
            markup=False,
            highlight=False,
        )
    if fmt is Format.json:
        print_json([{k: item.get(k) for k in _JSON_FIELDS} for item in page.items])
        return
    # Undated advice is "date unknown", never the day it was ingested.
    rows = [{**i, "as_of": i["as_of"] or "date unknown"} for i in page.items]
    render(rows, _LIST_COLUMNS, fmt, title=f"advisories ({page.total})")


def _report_column(report: dict[str, Any]) -> str:
    adv = report["advisory"] or {}
    doc = report.get("document") or {}
    lines = [
        f"[bold]{escape(report['source'])}[/bold] ({report['origin']})",
        escape(str(doc.get("title") or report["key"])),
        f"level {adv.get('level')} · {adv.get('action') or '—'}",
        f"destinations: {', '.join(adv.get('destinations') or [])}",
        f"reasons: {', '.join(adv.get('reasons') or []) or '—'}",
    ]
    # Each evidence sentence once, with the fields it supports.
    by_sentence: dict[str, list[str]] = {}
    for field, items in (adv.get("evidence") or {}).items():
        for ev in items:
            fields = by_sentence.setdefault(ev["sentence"], [])
            if field not in fields:
                fields.append(field)
    for sentence, fields in by_sentence.items():
        lines.append(f"[dim]{', '.join(fields)}:[/dim] «{escape(sentence)}»")
    for claim in adv.get("unsupported_claims") or []:
        lines.append(f"[red]unsupported[/red] «{escape(claim['text'])}»")
    return "\n".join(lines)


@app.command()
def show(
    advisory_id: Annotated[
        str, typer.Argument(help="Advisory id (see `travelwatch advisories`).")
    ],
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
) -> None:
    """Show one advisory with its reports side by side and their evidence sentences.

    Example: travelwatch show adv:2555a8a501287be1
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        adv = queries.get_advisory(conn, advisory_id)
        if adv is None:
            # A unique beginning of an id will do (tables show them shortened).
            found = queries.advisory_ids_starting(conn, advisory_id)
            if len(found) > 1:
                raise _fail(
                    f"TW404 advisory {advisory_id}: ambiguous ({', '.join(found)}, "
                    "...); give more of the id"
                )
            adv = queries.get_advisory(conn, found[0]) if found else None
    if adv is None:
        raise _fail(f"TW404 advisory {advisory_id}: not found")
    if fmt is not Format.table:
        print_json(adv)
        return
    console.print(
        f"[bold]{adv['issuer']} → {', '.join(adv['destinations'])}[/bold]  "
        f"level {adv['level']} ({adv['action']}) for {adv['audience']} citizens"
    )
    console.print(f"reasons: {', '.join(adv['reasons']) or '—'}")
    console.print(f"reports: {adv['report_count']}  first seen {adv['first_seen']}")
    if adv["reciprocal_ids"]:
        console.print(f"reciprocal: {', '.join(adv['reciprocal_ids'])}")
    for dis in adv["disagreements"]:
        values = "; ".join(
            f"{v['value']} ({', '.join(v['report_keys'])})" for v in dis["values"]
        )
        console.print(f"[yellow]disagreement[/yellow] {dis['field']}: {escape(values)}")
    table = Table(show_lines=True, expand=True)
    for n, _ in enumerate(adv["reports"], start=1):
        table.add_column(f"report {n}")
    table.add_row(*(_report_column(r) for r in adv["reports"]))
    console.print(table)


@app.command()
def matrix(
    db: DbOption = None,
    audience: AudienceOption = None,
    issuer: IssuerOption = None,
    to: ToOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
) -> None:
    """Print the current issuer x destination levels.

    JSON and CSV have one row per issuer and destination ({issuer, destination,
    level, advisory_id}; the whole matrix as one object is /api/matrix); the
    table is a grid when it fits a terminal, else one row per pair as well.

    Example: travelwatch matrix --audience US --to UA
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        m = queries.matrix(conn, audience=audience, issuer=issuer, destination=to)
    if fmt is not Format.table or len(m["destinations"]) > _GRID_COLUMNS:
        pairs = [
            {
                "issuer": i,
                "destination": d,
                "level": level,
                "advisory_id": m["advisory_ids"].get(i, {}).get(d),
            }
            for i in m["issuers"]
            for d, level in sorted(m["levels"][i].items())
        ]
        columns = ["issuer", "destination", "level", "advisory_id"]
        render(pairs, columns, fmt, title="current levels")  # JSON: whole rows
        return
    rows = [
        {"issuer": i, **{d: m["levels"][i].get(d, "") for d in m["destinations"]}}
        for i in m["issuers"]
    ]
    render(rows, ["issuer", *m["destinations"]], fmt, title="current levels")


@app.command()
def timeline(
    issuer: Annotated[
        str,
        typer.Argument(
            help="Issuing government, e.g. JP or Japan.", callback=place_argument
        ),
    ],
    destination: Annotated[
        str,
        typer.Argument(help="Destination, e.g. CN or China.", callback=place_argument),
    ],
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
) -> None:
    """Show how one government's advice about one place changed over time.

    Example: travelwatch timeline JP CN
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        line = queries.timeline(conn, issuer, destination)
    if fmt is Format.json:
        print_json(line)
        return
    rows = [
        {
            "from": s["start"],
            "until": s["end"] or "now",
            "level": s["level"],
            "action": s["action"],
            "reports": len(s["reports"]),
            "sources": sorted({r["source"] for r in s["reports"]}),
        }
        for s in line["steps"]
    ]
    title = f"{line['issuer_name']} → {line['destination_name']}"
    render(
        rows,
        ["from", "until", "level", "action", "reports", "sources"],
        fmt,
        title=title,
    )


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Export format.")],
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of stdout."),
    ] = None,
) -> None:
    """Export the current advisories as CSV, JSON, GeoJSON or Atom.

    Example: travelwatch export --format geojson --output advice.geojson
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        text = queries.export(conn, fmt.value)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {escape(str(output))}")
