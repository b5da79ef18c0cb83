"""``dismiss``, ``override``, ``restore``, ``corrections``, ``delete-document`` and
``reextract``: correcting the record, with an audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.markup import escape

from travelwatch import corrections as core
from travelwatch.cli.app import app
from travelwatch.cli.options import DbOption, SetOption, settings_from
from travelwatch.cli.output import Format, console, err_console, print_json, render
from travelwatch.errors import TravelwatchError
from travelwatch.storage import corrections as trail
from travelwatch.storage.store import Store

ReasonOption = Annotated[
    str, typer.Option("--reason", help="Why (kept in the audit trail; required).")
]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who made the correction (audit trail).")
]
AdvisoryArg = Annotated[
    str, typer.Argument(help="Advisory id (see `travelwatch advisories`).")
]


def _fail(e: TravelwatchError) -> typer.Exit:
    err_console.print(f"[red]error[/red] {escape(e.line())}")
    return typer.Exit(1)


def _correct(
    db: str | None,
    advisory_id: str,
    action: str,
    reason: str,
    by: str | None,
    level: int | None = None,
) -> None:
    with Store(settings=settings_from(db)) as store:
        try:
            entry = core.correct_advisory(
                store, advisory_id, action, reason=reason, level=level, actor=by
            )
        except TravelwatchError as e:
            raise _fail(e) from e
    console.print(
        f"{action} {escape(advisory_id)}"
        + (f" -> level {level}" if level else "")
        + f" (audit entry {entry['id']})"
    )


@app.command()
def dismiss(
    advisory_id: AdvisoryArg,
    reason: ReasonOption,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Dismiss an advisory: it stays on record with its reports but is never current.

    Example: travelwatch dismiss adv:2555a8a501287be1 --reason "misread: the article quotes 2019"
    """
    _correct(db, advisory_id, "dismiss", reason, by)


@app.command()
def override(
    advisory_id: AdvisoryArg,
    level: Annotated[int, typer.Option(min=1, max=4, help="The level to show (1-4).")],
    reason: ReasonOption,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Override an advisory's level; the original level is kept beside it.

    Example: travelwatch override adv:2555a8a501287be1 --level 2 --reason "the ministry says level 2"
    """
    _correct(db, advisory_id, "override", reason, by, level)


@app.command()
def restore(
    advisory_id: AdvisoryArg,
    reason: ReasonOption,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Undo a dismissal or override (the trail keeps both).

    Example: travelwatch restore adv:2555a8a501287be1 --reason "dismissed by mistake"
    """
    _correct(db, advisory_id, "restore", reason, by)


@app.command("corrections")
def corrections_cmd(
    db: DbOption = None,
    target: Annotated[
        str | None, typer.Option(help="Only entries about this advisory or document.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="Output format.")
    ] = Format.table,
) -> None:
    """List the audit trail of corrections, newest first.

    Example: travelwatch corrections --format json
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        rows = trail.list_corrections(conn, target=target)
    render(
        rows,
        ["id", "at", "target_kind", "target", "action", "level", "actor", "reason"],
        fmt,
        title="corrections",
    )


@app.command("delete-document")
def delete_document(
    document_id: Annotated[int, typer.Argument(help="Document id.")],
    reason: ReasonOption,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Delete a document and its reports; their advisories are rebuilt without them.

    Example: travelwatch delete-document 12 --reason "satire, not news"
    """
    with Store(settings=settings_from(db)) as store:
        try:
            done = core.delete_document(store, document_id, reason=reason, actor=by)
        except TravelwatchError as e:
            raise _fail(e) from e
    console.print(
        f"deleted document {document_id} ({escape(str(done['title']))}) and "
        f"{done['reports_deleted']} report(s) (audit entry {done['id']})"
    )


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"not a date: {value!r}", param_hint="--since") from e


@app.command()
def reextract(
    since: Annotated[
        str | None,
        typer.Option(
            help="Only documents ingested on or after this date (YYYY-MM-DD)."
        ),
    ] = None,
    db: DbOption = None,
    settings_set: SetOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
) -> None:
    """Re-read stored documents with the current extractor and say what changed.

    Example: travelwatch reextract --since 2026-11-01
    """
    with Store(settings=settings_from(db, settings_set)) as store:
        summary = core.reextract(store, since=_since(since))
    data: dict[str, Any] = summary.to_dict()
    if fmt is Format.json:
        print_json(data)
    else:
        console.print(
            f"{data['documents']} document(s) re-read: {data['changed']} changed, "
            f"{data['unchanged']} unchanged, {data['failed']} failed; reports "
            f"{data['reports_before']} -> {data['reports_after']}"
        )
        for change in data["changes"]:
            console.print(f"[bold]document {change['document_id']}[/bold]")
            for line in change["removed"]:
                console.print(f"  - {escape(line)}")
            for line in change["added"]:
                console.print(f"  + {escape(line)}")
    for line in data["errors"]:
        err_console.print(f"[red]error[/red] {escape(line)}")
    if data["failed"]:
        raise typer.Exit(1)
