"""``travelwatch ingest``, ``documents``, ``document`` and ``search``."""

from __future__ import annotations

import csv
import json
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
    "skipped": "dim",
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
    client = None
    if scheduler or workers:
        from travelwatch.distributed import connect

        client = connect(scheduler, workers)
    sink = _OutcomeSink(fmt)
    try:
        with Store(settings=settings) as store:
            articles = read_sources(
                sources,
                settings=settings,
                stdin=sys.stdin.buffer,
                allow_private=allow_private,
            )
            with Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err_console,
                disable=not (fmt is Format.table and err_console.is_terminal),
                transient=True,
            ) as progress:
                task = progress.add_task("ingesting", total=count_items(sources))
                if client is not None:
                    from travelwatch.distributed import ingest_distributed

                    results = ingest_distributed(store, articles, client=client)
                else:
                    results = ingest_articles(store, articles)
                for outcome in results:
                    sink.add(outcome)
                    progress.advance(task)
                    if outcome.status == "failed":
                        err_console.print(
                            f"[red]error[/red] {escape(outcome.detail or '')}"
                        )
                    elif outcome.status == "skipped":
                        err_console.print(
                            f"[dim]note[/dim] {escape(outcome.detail or '')}"
                        )
                    elif outcome.status == "stored" and outcome.detail:
                        err_console.print(
                            f"[yellow]warning[/yellow] {escape(outcome.detail)}"
                        )
    finally:
        if client is not None:
            client.close()
    sink.close()
    if sink.counts["failed"]:
        raise typer.Exit(1)


_COLUMNS = ("item", "status", "document", "advisories", "title", "detail")
# A table beyond this many rows is cut (the totals still count everything), so
# that ingesting a corpus of any size keeps memory bounded.
_TABLE_ROWS = 200


class _OutcomeSink:
    """Prints outcomes as they come: JSON and CSV streamed, a table at the end."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.counts = dict.fromkeys(_STATUS_STYLE, 0)
        self.kept: list[IngestOutcome] = []
        self._first = True
        self._csv = csv.writer(sys.stdout) if fmt is Format.csv else None
        if self._csv is not None:
            self._csv.writerow(_COLUMNS)

    def add(self, o: IngestOutcome) -> None:
        self.counts[o.status] = self.counts.get(o.status, 0) + 1
        row = [o.item, o.status, o.document_id, o.advisories, o.title, o.detail]
        if self.fmt is Format.json:
            prefix = "[\n" if self._first else ",\n"
            data = dict(zip(_COLUMNS, row, strict=True))
            sys.stdout.write(prefix + json.dumps(data, ensure_ascii=False))
            self._first = False
        elif self._csv is not None:
            self._csv.writerow(["" if v is None else v for v in row])
        elif len(self.kept) < _TABLE_ROWS or o.status == "failed":
            self.kept.append(o)

    def close(self) -> None:
        if self.fmt is Format.json:
            sys.stdout.write("[]\n" if self._first else "\n]\n")
            return
        if self.fmt is not Format.table:
            return
        table = Table(title="ingest")
        for col in _COLUMNS[:5]:
            table.add_column(col)
        for o in self.kept:
            style = _STATUS_STYLE.get(o.status, "")
            table.add_row(
                escape(o.item),
                f"[{style}]{o.status}[/{style}]",
                str(o.document_id or "—"),
                str(o.advisories),
                escape(o.title or "—"),
            )
        console.print(table)
        shown = len(self.kept)
        total = sum(self.counts.values())
        if shown < total:
            console.print(f"({total - shown} more rows not shown)")
        console.print(", ".join(f"{n} {s}" for s, n in self.counts.items()))


@app.command()
def documents(
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show at most this many (default: all).")
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
) -> None:
    """List stored documents, oldest first: all of them unless --limit is given.

    A page never ends silently: when more documents follow it, how to get the
    next page is said on standard error.

    Example: travelwatch documents --format json
    """
    from travelwatch.storage.documents import count_documents

    with Store(settings=settings_from(db)) as store:
        with store.connect() as conn:
            total = count_documents(conn)
        # A limit is what makes the store apply an offset; "all from offset on" is
        # the rest of the total.
        wanted = limit if limit is not None else max(total - offset, 0)
        rows = store.documents(limit=wanted, offset=offset) if wanted else []
    shown_to = offset + len(rows)
    if total > shown_to:
        err_console.print(
            f"showing {offset + 1}-{shown_to} of {total}; "
            f"next: --offset {shown_to} (or a larger --limit)",
            markup=False,
            highlight=False,
        )
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
