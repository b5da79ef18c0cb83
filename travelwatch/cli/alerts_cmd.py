"""``travelwatch subscribe``, ``unsubscribe``, ``subscriptions`` and ``watch``."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from travelwatch.alerts.webhook import check_subscription_target
from travelwatch.cli.app import app
from travelwatch.cli.feeds_cmd import (
    HealthFormat,
    print_sync_table,
    report_deliveries,
    report_errors,
)
from travelwatch.cli.options import (
    AudienceOption,
    DbOption,
    IssuerOption,
    SetOption,
    ToOption,
    settings_from,
)
from travelwatch.cli.output import Format, console, err_console, print_json, render
from travelwatch.errors import TravelwatchError
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, parse_interval, stop_on_signals, watch


@app.command()
def subscribe(
    name: Annotated[str, typer.Argument(help="A name for this subscription.")],
    webhook: Annotated[str | None, typer.Option(help="POST signed JSON here.")] = None,
    slack: Annotated[
        str | None, typer.Option(help="A Slack incoming-webhook URL.")
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Send e-mails to this address.")
    ] = None,
    issuer: IssuerOption = None,
    to: ToOption = None,
    audience: AudienceOption = None,
    min_level: Annotated[
        int | None,
        typer.Option(help="Only changes touching this level or higher (1-4)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these kinds: new, raised, lowered, regional, "
            "republished, removed (repeatable)."
        ),
    ] = None,
    secret: Annotated[
        str | None, typer.Option(help="Sign webhook bodies with this HMAC secret.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Create (or replace) an alert subscription.

    Example: travelwatch subscribe ops --webhook https://example.org/hook --kind raised
    """
    targets = [
        (c, t)
        for c, t in (("webhook", webhook), ("slack", slack), ("email", email))
        if t
    ]
    if len(targets) != 1:
        raise typer.BadParameter("give exactly one of --webhook, --slack or --email")
    channel, target = targets[0]
    filters = subs.Filters(
        issuer=issuer,
        destination=to,
        audience=audience,
        min_level=min_level,
        kinds=list(kind or []),
    )
    try:
        settings = settings_from(db)
        check_subscription_target(
            channel,
            target,
            allow_private=bool(settings["alerts.allow_private_targets"]),
        )
        with Store(settings=settings) as store, store.begin() as conn:
            sub = subs.add_subscription(
                conn,
                name,
                channel=channel,
                target=target,
                filters=filters,
                secret=secret,
            )
    except TravelwatchError as e:
        err_console.print(
            f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from e
    console.print(f"subscribed {escape(sub.name)}: {sub.channel} {escape(sub.target)}")


@app.command()
def unsubscribe(
    name: Annotated[str, typer.Argument(help="The subscription to remove.")],
    db: DbOption = None,
) -> None:
    """Remove an alert subscription and its delivery log.

    Example: travelwatch unsubscribe ops
    """
    with Store(settings=settings_from(db)) as store, store.begin() as conn:
        removed = subs.remove_subscription(conn, name)
    if not removed:
        err_console.print(
            f"[red]error[/red] TW404 subscription {escape(name)}: not found"
        )
        raise typer.Exit(1)
    console.print(f"unsubscribed {escape(name)}")


@app.command()
def subscriptions(
    db: DbOption = None,
    fmt: Annotated[HealthFormat, typer.Option("--format", help="table or json.")] = (
        HealthFormat.table
    ),
) -> None:
    """List alert subscriptions (secrets are not shown).

    Example: travelwatch subscriptions --format json
    """
    with Store(settings=settings_from(db)) as store, store.connect() as conn:
        rows = [s.to_dict() for s in subs.list_subscriptions(conn)]
    if fmt is HealthFormat.json:
        print_json(rows)
        return
    flat = [{**r, **{k: v for k, v in r["filters"].items() if v}} for r in rows]
    render(
        flat,
        [
            "name",
            "channel",
            "target",
            "issuer",
            "destination",
            "audience",
            "min_level",
            "kinds",
            "secret",
        ],
        Format.table,
        title="subscriptions",
    )


@app.command("watch")
def watch_cmd(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to sync: us, uk, ca, au (none: all)."),
    ] = None,
    every: Annotated[str, typer.Option(help="How often: 30s, 15m, 1h, 1d.")] = "1h",
    from_path: Annotated[
        Path | None,
        typer.Option("--from", help="Load recorded feed files instead of fetching."),
    ] = None,
    db: DbOption = None,
    settings_set: SetOption = None,
) -> None:
    """Sync on a schedule and deliver alerts; stop with Ctrl-C or SIGTERM.

    Example: travelwatch watch us uk --every 1h
    """
    try:
        seconds = parse_interval(every)
    except TravelwatchError as e:
        raise typer.BadParameter(e.reason, param_hint="--every") from e
    stop = threading.Event()
    restore = stop_on_signals(stop)

    def show(cycle: Cycle) -> None:
        console.print(f"run {cycle.number}")
        print_sync_table(cycle.syncs)
        report_errors(cycle.syncs)
        report_deliveries(cycle.deliveries)
        if cycle.error:
            err_console.print(
                f"[red]error[/red] run {cycle.number}: {escape(cycle.error)}",
                highlight=False,
                soft_wrap=True,
            )

    try:
        with Store(settings=settings_from(db, settings_set)) as store:
            runs = watch(
                store,
                sources or [],
                every=seconds,
                from_path=from_path,
                stop=stop,
                on_cycle=show,
            )
    except TravelwatchError as e:
        err_console.print(
            f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from e
    finally:
        restore()
    console.print(f"watch stopped cleanly after {runs} run(s)")
