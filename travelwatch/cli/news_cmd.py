"""``travelwatch news add|list|remove|poll`` and ``travelwatch alerts test``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from travelwatch import queries
from travelwatch.alerts.dispatch import deliver_pending, send_sample
from travelwatch.cli.app import app
from travelwatch.cli.feeds_cmd import HealthFormat, report_deliveries
from travelwatch.cli.options import DbOption, SetOption, settings_from
from travelwatch.cli.output import console, err_console, print_json
from travelwatch.errors import TravelwatchError
from travelwatch.feed_schedule import parse_interval
from travelwatch.news import sources as registry
from travelwatch.news.poll import PollOutcome, poll_sources
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store

news_app = typer.Typer(
    help="News sources watched by `watch`: add, list, remove, poll.\n\n"
    "Example: travelwatch news add https://example.org/world/rss --every 15m",
    no_args_is_help=True,
)
alerts_app = typer.Typer(
    help="Alert tools.\n\nExample: travelwatch alerts test ops", no_args_is_help=True
)
app.add_typer(news_app, name="news")
app.add_typer(alerts_app, name="alerts")


def _fail(e: TravelwatchError) -> typer.Exit:
    err_console.print(
        f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
    )
    return typer.Exit(2)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _every(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@news_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="Feed or news-sitemap URL, or a file.")],
    name: Annotated[str | None, typer.Option(help="A short name.")] = None,
    language: Annotated[
        str | None, typer.Option(help="The source's language (xx), recorded.")
    ] = None,
    every: Annotated[
        str | None, typer.Option(help="Poll interval: 30s, 15m, 1h (default 15m).")
    ] = None,
    db: DbOption = None,
    settings_set: SetOption = None,
) -> None:
    """Register a news source (RSS, Atom, JSON Feed or news sitemap).

    Example: travelwatch news add https://example.org/world/rss --name world --every 15m
    """
    try:
        seconds = parse_interval(every) if every else None
        with (
            Store(settings=settings_from(db, settings_set)) as store,
            store.begin() as conn,
        ):
            row = registry.add_source(
                conn,
                url,
                settings=store.settings,
                name=name,
                language=language,
                every_seconds=seconds,
            )
    except TravelwatchError as e:
        raise _fail(e) from e
    console.print(
        f"news source {escape(row['name'])}: {escape(row['url'])} "
        f"every {_every(int(row['every_seconds']))}"
    )


def _rows(store: Store) -> list[dict[str, Any]]:
    with store.connect() as conn:
        return queries.news_sources_view(conn, store.settings)


@news_app.command("list")
def list_cmd(
    db: DbOption = None,
    fmt: Annotated[HealthFormat, typer.Option("--format", help="table or json.")] = (
        HealthFormat.table
    ),
) -> None:
    """List news sources with their health.

    Example: travelwatch news list --format json
    """
    try:
        with Store(settings=settings_from(db)) as store:
            with store.begin() as conn:
                registry.sync_config(conn, store.settings)
            rows = _rows(store)
    except TravelwatchError as e:
        raise _fail(e) from e
    if fmt is HealthFormat.json:
        print_json(rows)
        return
    table = Table(title="news sources")
    columns = ("name", "url", "every", "status", "last_success", "failures", "next due")
    for col in (*columns, "entries", "stored"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            escape(r["name"]),
            escape(r["url"]),
            _every(int(r["every_seconds"])),
            r["status"],
            _when(r["last_success"]),
            str(r["failures"]),
            r["due_in"],
            str(r["entries_seen"]),
            str(r["articles_stored"]),
        )
    console.print(table)


@news_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The source to remove.")],
    db: DbOption = None,
) -> None:
    """Remove a news source (its stored articles stay).

    Example: travelwatch news remove world
    """
    with Store(settings=settings_from(db)) as store, store.begin() as conn:
        removed = registry.remove_source(conn, name)
    if not removed:
        err_console.print(
            f"[red]error[/red] TW404 news source {escape(name)}: not found"
        )
        raise typer.Exit(1)
    console.print(f"removed news source {escape(name)}")


def print_poll_table(outcomes: list[PollOutcome]) -> None:
    if not outcomes:
        return
    table = Table(title="news")
    cols = ("source", "status", "entries", "stored", "duplicates", "disallowed")
    for col in (*cols, "changes", "corroborated"):
        table.add_column(col)
    for o in outcomes:
        d = o.to_dict()
        status = o.status + (" (baseline)" if o.baseline and o.ok else "")
        table.add_row(
            escape(o.source),
            status,
            *(str(d[c]) for c in cols[2:]),
            str(d["changes"]),
            str(d["corroborated"]),
        )
    console.print(table)
    for o in outcomes:
        for title in o.changes:
            note = " (baseline: not alerted)" if o.baseline else ""
            console.print(
                f"change from {escape(o.source)}: {escape(title)}{note}",
                highlight=False,
                soft_wrap=True,
            )
        for line in [o.error, *o.failed_items]:
            if line:
                err_console.print(
                    f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True
                )


@news_app.command("poll")
def poll(
    names: Annotated[
        list[str] | None, typer.Argument(help="Sources to poll (none: those due).")
    ] = None,
    alert_on_first: Annotated[
        bool, typer.Option(help="Alert on a source's first poll too.")
    ] = False,
    alerts: Annotated[bool, typer.Option(help="Deliver alerts afterwards.")] = True,
    db: DbOption = None,
    fmt: Annotated[HealthFormat, typer.Option("--format", help="table or json.")] = (
        HealthFormat.table
    ),
    settings_set: SetOption = None,
) -> None:
    """Poll news sources once: store new articles, record changes, deliver alerts.

    Example: travelwatch news poll world
    """
    try:
        with Store(settings=settings_from(db, settings_set)) as store:
            outcomes = poll_sources(store, names or [], alert_on_first=alert_on_first)
            deliveries = deliver_pending(store) if alerts else []
    except TravelwatchError as e:
        raise _fail(e) from e
    if fmt is HealthFormat.json:
        print_json([o.to_dict() for o in outcomes])
    else:
        print_poll_table(outcomes)
        report_deliveries(deliveries)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(1)


@alerts_app.command("test")
def test_alert(
    name: Annotated[str, typer.Argument(help="The subscription to test.")],
    db: DbOption = None,
    settings_set: SetOption = None,
) -> None:
    """Deliver a sample alert to a subscription now (nothing is stored).

    Example: travelwatch alerts test ops
    """
    with Store(settings=settings_from(db, settings_set)) as store:
        with store.connect() as conn:
            sub = subs.get_subscription(conn, name)
        if sub is None:
            err_console.print(
                f"[red]error[/red] TW404 subscription {escape(name)}: not found"
            )
            raise typer.Exit(1)
        outcome = send_sample(store, sub)
    if outcome.status != "delivered":
        err_console.print(
            f"[red]error[/red] {escape(outcome.error or outcome.status)}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    console.print(f"test alert delivered to {escape(name)} ({sub.channel})")
