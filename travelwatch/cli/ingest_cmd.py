"""``travelwatch ingest``, ``documents``, ``document`` and ``search``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from travelwatch.cli.app import app
from travelwatch.cli.options import DbOption, SetOption, settings_from
from travelwatch.cli.output import Format, console, err_console, print_json, render
from travelwatch.errors import TravelwatchError
from travelwatch.ingest.readers import count_items, read_sources
from travelwatch.service import IngestOutcome, ingest_articles
from travelwatch.storage.store import Store

_STATUS_STYLE = {
    "stored": "green",
    "unchanged": "dim",
    "duplicate": "yellow",
    "failed": "red",
}


@app.command()
def ingest(
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders, feeds, URLs or - for stdin.")
    ],
    db: DbOption = None,
    allow_private: Annotated[
        bool,
        typer.Option(help="Allow URLs on private, loopback and link-local addresses."),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:8786) to do the work on."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Start a local Dask cluster of N worker processes."),
    ] = None,
    settings_set: SetOption = None,
) -> None:
    """Read articles, clean them, extract advisories and store everything.

    Example: travelwatch ingest examples/articles/ --db demo.db
    """
    settings = settings_from(db, settings_set)
    outcomes: list[IngestOutcome] = []
    client = None
    if scheduler or workers:
        from travelwatch.distributed import connect

        client = connect(scheduler, workers)
    with Store(settings=settings) as store:
        articles = read_sources(
            sources,
            settings=settings,
            stdin=sys.stdin.buffer,
            allow_private=allow_private,
        )
        total = count_items(sources)
        show_bar = fmt is Format.table and err_console.is_terminal
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            disable=not show_bar,
            transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=total)
            if client is not None:
                from travelwatch.distributed import ingest_distributed

                results = ingest_distributed(store, articles, client=client)
            else:
                results = ingest_articles(store, articles)
            for outcome in results:
                outcomes.append(outcome)
                progress.advance(task)
                if outcome.status == "failed":
                    err_console.print(
                        f"[red]error[/red] {escape(outcome.detail or '')}"
                    )
    if client is not None:
        client.close()
    rows = [
        {
            "item": o.item,
            "status": o.status,
            "document": o.document_id,
            "advisories": o.advisories,
            "title": o.title,
            "detail": o.detail,
        }
        for o in outcomes
    ]
    if fmt is Format.table:
        table = Table(title="ingest")
        for col in ("item", "status", "document", "advisories", "title"):
            table.add_column(col)
        for r in rows:
            style = _STATUS_STYLE.get(str(r["status"]), "")
            table.add_row(
                escape(str(r["item"])),
                f"[{style}]{r['status']}[/{style}]",
                str(r["document"] or "—"),
                str(r["advisories"]),
                escape(str(r["title"] or "—")),
            )
        console.print(table)
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in _STATUS_STYLE}
        console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    else:
        render(rows, list(rows[0]) if rows else ["item", "status"], fmt)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def documents(
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
) -> None:
    """List stored documents.

    Example: travelwatch documents --format json
    """
    with Store(settings=settings_from(db)) as store:
        rows = store.documents(limit=limit)
    render(
        rows,
        ["id", "title", "outlet", "published", "language", "duplicate_of", "source"],
        fmt,
        title="documents",
    )


@app.command()
def document(
    doc_id: Annotated[
        int, typer.Argument(help="Document id (see `travelwatch documents`).")
    ],
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
) -> None:
    """Show one document: metadata, then original and cleaned text side by side.

    Example: travelwatch document 3
    """
    with Store(settings=settings_from(db)) as store:
        data = store.document(doc_id)
    if data is None:
        err_console.print(f"[red]error[/red] TW404 document {doc_id}: not found")
        raise typer.Exit(1)
    if fmt is not Format.table:
        print_json(data)
        return
    for key in (
        "id",
        "title",
        "outlet",
        "url",
        "published",
        "language",
        "source",
        "content_hash",
    ):
        console.print(f"[bold]{key}[/bold]: {escape(str(data.get(key)))}")
    removed = data.get("metadata", {}).get("removed")
    if removed:
        console.print(f"[bold]removed debris[/bold]: {escape(str(removed))}")
    table = Table(show_lines=True, expand=True)
    table.add_column("original")
    table.add_column("cleaned")
    table.add_row(escape(data["original_text"]), escape(data["text"]))
    console.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
) -> None:
    """Full-text search over stored documents.

    Example: travelwatch search "refrain from travel"
    """
    try:
        with Store(settings=settings_from(db)) as store:
            rows = store.search(query, limit=limit)
    except TravelwatchError as e:
        err_console.print(f"[red]error[/red] {escape(e.line())}")
        raise typer.Exit(1) from e
    render(
        rows,
        ["id", "title", "outlet", "published", "snippet"],
        fmt,
        title=f"search: {query}",
    )
