"""``travelwatch sync``, ``changes`` and ``sources``: the official feeds."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from travelwatch import feeds, queries
from travelwatch.alerts.atom import changes_atom
from travelwatch.alerts.dispatch import DeliveryOutcome, deliver_pending
from travelwatch.cli.app import app
from travelwatch.cli.options import (
    DbOption,
    IssuerOption,
    SetOption,
    ToOption,
    settings_from,
)
from travelwatch.cli.output import (
    Format,
    console,
    duration,
    err_console,
    print_json,
    render,
)
from travelwatch.errors import TravelwatchError
from travelwatch.news.present import iso_dates, with_links
from travelwatch.storage.official import CHANGE_KINDS, list_changes
from travelwatch.storage.store import Store

_STATUS_STYLE = {
    "ok": "green",
    "not_modified": "dim",
    "stale": "yellow",
    "suspect": "yellow",
    "failed": "red",
    "never": "dim",
}


class ChangesFormat(StrEnum):
    table = "table"
    json = "json"
    atom = "atom"


class HealthFormat(StrEnum):
    table = "table"
    json = "json"


def print_sync_table(outcomes: list[feeds.SyncOutcome]) -> None:
    table = Table(title="sync")
    for col in ("source", "status", "items", *CHANGE_KINDS, "unchanged"):
        table.add_column(
            col, justify="left" if col in ("source", "status") else "right"
        )
    for o in outcomes:
        style = _STATUS_STYLE.get(o.status, "")
        counts = o.to_dict()
        table.add_row(
            escape(o.source),
            f"[{style}]{o.status}[/{style}]",
            str(o.items),
            *(str(counts[k]) for k in (*CHANGE_KINDS, "unchanged")),
        )
    console.print(table)
    for o in outcomes:
        if o.baseline and o.change_ids:
            console.print(
                f"{escape(o.source)}: first sync, a baseline: its "
                f"{len(o.change_ids)} change(s) alert nobody (--alert-on-first to alert)",
                highlight=False,
                soft_wrap=True,
            )


def next_syncs(seconds: Mapping[str, float], failures: Mapping[str, int]) -> str:
    """``uk in 30m, us in 2h (backing off after 1 failure(s))``, soonest first."""
    parts = []
    for name, wait in sorted(seconds.items(), key=lambda kv: kv[1]):
        part = f"{escape(name)} in {duration(wait)}"
        if failures.get(name, 0):
            part += f" (backing off after {failures[name]} failure(s))"
        parts.append(part)
    return ", ".join(parts)


def print_next_due(outcomes: list[feeds.SyncOutcome]) -> None:
    """When ``watch`` syncs each source next, as the sync stored it."""
    now = dt.datetime.now(dt.UTC)
    seconds: dict[str, float] = {}
    failures: dict[str, int] = {}
    for o in outcomes:  # a folder of recordings: the last file's sync counts
        if o.next_due is not None:
            seconds[o.source] = max(0.0, (o.next_due - now).total_seconds())
            failures[o.source] = o.failures
    if seconds:
        console.print(
            f"next due: {next_syncs(seconds, failures)} "
            "(watch waits until then; watch --now syncs at once)",
            highlight=False,
            soft_wrap=True,
        )


def report_errors(outcomes: list[feeds.SyncOutcome]) -> None:
    for o in outcomes:
        if o.error:
            err_console.print(
                f"[red]error[/red] {escape(o.error)}", highlight=False, soft_wrap=True
            )
        for line in o.skipped:
            err_console.print(
                f"[yellow]skipped[/yellow] {escape(line)}",
                highlight=False,
                soft_wrap=True,
            )


def report_deliveries(deliveries: list[DeliveryOutcome]) -> None:
    if not deliveries:
        return
    sent = sum(1 for d in deliveries if d.status == "delivered")
    console.print(f"alerts: {sent} delivered, {len(deliveries) - sent} not delivered")
    for d in deliveries:
        if d.error:
            err_console.print(
                f"[red]alert[/red] {escape(d.error)}", highlight=False, soft_wrap=True
            )


@app.command("sync")
def sync_cmd(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to sync: us, uk, ca, au (none: all)."),
    ] = None,
    from_path: Annotated[
        Path | None,
        typer.Option(
            "--from", help="Load recorded feed files (a file or a folder) instead."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Apply a feed even when it shrank suspiciously.")
    ] = False,
    partial: Annotated[
        bool, typer.Option(help="The input is not the whole feed: record no removals.")
    ] = False,
    alerts: Annotated[
        bool, typer.Option(help="Deliver alerts for the new changes.")
    ] = True,
    alert_on_first: Annotated[
        bool,
        typer.Option(help="Alert on a source's first sync too (default: baseline)."),
    ] = False,
    db: DbOption = None,
    fmt: Annotated[HealthFormat, typer.Option("--format", help="table or json.")] = (
        HealthFormat.table
    ),
    settings_set: SetOption = None,
) -> None:
    """Fetch official feeds (or load recorded ones) and store what changed.

    A source's first successful sync is a baseline: stored and shown, but it
    alerts nobody unless --alert-on-first.

    Example: travelwatch sync us --from ../shared/data/official/us/TAsTWs-2026-10-07.xml
    """
    settings = settings_from(db, settings_set)
    try:
        with Store(settings=settings) as store:
            outcomes = feeds.sync(
                store,
                sources or [],
                from_path=from_path,
                force=force,
                partial=partial,
                alert_on_first=alert_on_first,
            )
            deliveries = deliver_pending(store) if alerts else []
    except TravelwatchError as e:
        err_console.print(
            f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from e
    if fmt is HealthFormat.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        print_sync_table(outcomes)
        print_next_due(outcomes)
        report_deliveries(deliveries)
    report_errors(outcomes)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(1)


def _parse_since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(
            f"expected a date like 2026-10-01, got {value!r}", param_hint="--since"
        ) from e
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _change_rows(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for c in changes:
        before, after = c["before"] or {}, c["after"] or {}
        rows.append(
            {
                "seen_at": (c["seen_at"] or "")[:19].replace("T", " "),
                "issuer": c["issuer"],
                "to": ",".join(after.get("destinations") or []) or c["destination"],
                "kind": c["kind"],
                "before": before.get("level"),
                "after": after.get("level"),
                "native": after.get("native_level") or before.get("native_level"),
                "title": after.get("title") or before.get("title"),
                "outlets": (c.get("corroboration") or {}).get("outlets"),
            }
        )
    return rows


@app.command()
def changes(
    since: Annotated[
        str | None, typer.Option(help="Only changes seen on or after this date.")
    ] = None,
    issuer: IssuerOption = None,
    to: ToOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    db: DbOption = None,
    fmt: Annotated[
        ChangesFormat, typer.Option("--format", help="table, json or atom.")
    ] = ChangesFormat.table,
) -> None:
    """List what changed in official feeds and news, newest first.

    Example: travelwatch changes --since 2026-10-01 --issuer US --format atom
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        found = list_changes(
            conn, since=_parse_since(since), issuer=issuer, to=to, limit=limit
        )
    if fmt is ChangesFormat.atom:
        sys.stdout.buffer.write(changes_atom(found) + b"\n")
        sys.stdout.flush()
        return
    if fmt is ChangesFormat.json:
        print_json(with_links(found))
        return
    render(
        _change_rows(found),
        [
            "seen_at",
            "issuer",
            "to",
            "kind",
            "before",
            "after",
            "native",
            "title",
            "outlets",
        ],
        Format.table,
        title="changes",
    )


#: The columns of ``sources`` as a table and as CSV (JSON has every field).
_SOURCE_COLUMNS = (
    "name",
    "kind",
    "issuer",
    "status",
    "last_attempt",
    "last_success",
    "item_count",
    "articles_stored",
    "failures",
    "next_due",
    "last_error",
)


@app.command("sources")
def sources_cmd(
    db: DbOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table, json or csv.")
    ] = Format.table,
) -> None:
    """Show the health and schedule of each official feed and news source.

    Last attempt, last success, items (entries seen, for news sources), failures
    in a row, when `watch` next syncs or polls it, and the last error.

    Example: travelwatch sources --format json
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        rows = [
            {"kind": "official", **row}
            for row in queries.sources_view(
                conn, stale_after_hours=float(store.settings["feeds.stale_after_hours"])
            )
        ]
        # news sources (travelwatch news add)
        rows += queries.news_sources_view(conn, store.settings)
    if fmt is Format.json:
        print_json(rows)
        return
    if fmt is Format.csv:
        render(iso_dates(rows), _SOURCE_COLUMNS, Format.csv)
        return
    table = Table(title="sources")
    for col in (
        "name",
        "kind",
        "issuer",
        "status",
        "last_attempt",
        "last_success",
        "items",
        "stored",
        "failures",
        "next_due",
        "last_error",
    ):
        # The name and status are what the table is for: never cut at 80 columns.
        whole = col in ("name", "status")
        table.add_column(col, no_wrap=whole, min_width=7 if whole else None)
    now = dt.datetime.now(dt.UTC)
    for r in rows:
        style = _STATUS_STYLE.get(r["status"], "")
        success = _when(r["last_success"])
        if r["last_success"] is not None and r.get("success_ago"):
            success += f" ({r['success_ago']})"
        stored = r.get("articles_stored")  # news sources only
        table.add_row(
            escape(r["name"]),
            r["kind"],
            r.get("issuer") or "—",
            f"[{style}]{r['status']}[/{style}]",
            _when(r["last_attempt"]),
            success,
            "—" if r["item_count"] is None else str(r["item_count"]),
            "—" if stored is None else str(stored),
            str(r["failures"]),
            _due(r["next_due"], now),
            escape(r["last_error"] or "—"),
        )
    console.print(table)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _due(value: dt.datetime | None, now: dt.datetime) -> str:
    # As watch says it ("in 1h30m"); never run, or past its time: the next run.
    if value is None or value <= now:
        return "due now"
    return f"in {duration((value - now).total_seconds())}"
