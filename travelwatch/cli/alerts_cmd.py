"""``travelwatch subscribe``, ``unsubscribe``, ``subscriptions`` and ``watch``."""

from __future__ import annotations

import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from travelwatch.alerts.targets import check_subscription_target
from travelwatch.cli.app import app
from travelwatch.cli.feeds_cmd import (
    HealthFormat,
    next_syncs,
    print_sync_table,
    report_deliveries,
    report_errors,
)
from travelwatch.cli.news_cmd import print_poll_table
from travelwatch.cli.options import (
    AudienceOption,
    DbOption,
    IssuerOption,
    SetOption,
    ToOption,
    settings_from,
)
from travelwatch.cli.output import (
    Format,
    console,
    err_console,
    print_json,
    render,
)
from travelwatch.errors import TravelwatchError
from travelwatch.feed_schedule import DEFAULT_EVERY_TEXT, parse_interval
from travelwatch.feeds import sources_to_sync
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store
from travelwatch.watch import Cycle, stop_on_signals, watch


class SourceKind(StrEnum):
    official = "official"
    news = "news"
    both = "both"


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
            "republished, removed; from news also lifted, reiterated (repeatable)."
        ),
    ] = None,
    secret: Annotated[
        str | None, typer.Option(help="Sign webhook bodies with this HMAC secret.")
    ] = None,
    source_kind: Annotated[
        SourceKind, typer.Option(help="Changes from official feeds, news or both.")
    ] = SourceKind.both,
    min_corroboration: Annotated[
        int | None,
        typer.Option(
            help="News changes only once this many independent outlets report them."
        ),
    ] = None,
    digest: Annotated[
        bool, typer.Option(help="One daily digest instead of a message per change.")
    ] = False,
    db: DbOption = None,
    settings_set: SetOption = None,
) -> None:
    """Create (or replace) an alert subscription; the target is checked now.

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
        origin=None if source_kind is SourceKind.both else source_kind.value,
        min_corroboration=min_corroboration,
        digest=digest,
    )
    try:
        settings = settings_from(db, settings_set)
        with Store(settings=settings) as store, store.begin() as conn:
            sub = subs.add_subscription(
                conn,
                name,
                channel=channel,
                target=target,
                filters=filters,
                secret=secret,
            )
            # Filters are checked above; a refused target rolls the whole back.
            warning = check_subscription_target(channel, target, settings)
    except TravelwatchError as e:
        err_console.print(
            f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from e
    if warning:
        err_console.print(f"[yellow]warning[/yellow] {escape(warning)}")
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
        status = subs.delivery_status(conn)
        rows = [
            {**s.to_dict(), "deliveries": status.get(s.id)}
            for s in subs.list_subscriptions(conn)
        ]
    if fmt is HealthFormat.json:
        print_json(rows)
        return
    flat = [
        {
            **r,
            **{k: v for k, v in r["filters"].items() if v},
            **_delivery_columns(r["deliveries"]),
        }
        for r in rows
    ]
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
            "origin",
            "min_corroboration",
            "digest",
            "secret",
            "delivered",
            "failed",
            "last_delivery",
        ],
        Format.table,
        title="subscriptions",
    )


def _delivery_columns(status: dict[str, Any] | None) -> dict[str, Any]:
    if not status:
        return {"delivered": 0, "failed": 0, "last_delivery": "—"}
    last = status["last"] or {}
    return {
        "delivered": status["delivered"],
        "failed": status["failed"],
        "last_delivery": f"{last.get('status')} {str(last.get('at'))[:16]}",
    }


@app.command("watch")
def watch_cmd(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to sync: us, uk, ca, au (none: all)."),
    ] = None,
    every: Annotated[
        str,
        typer.Option(
            help="How often each official feed is synced: 30s, 15m, 1h, 1d "
            "(unless it has an interval of its own)."
        ),
    ] = DEFAULT_EVERY_TEXT,
    feed_every: Annotated[
        list[str] | None,
        typer.Option(
            "--feed-every",
            help="One feed's own interval, e.g. uk=30m (repeatable; "
            "setting feeds.every.<name>).",
        ),
    ] = None,
    from_path: Annotated[
        Path | None,
        typer.Option("--from", help="Load recorded feed files instead of fetching."),
    ] = None,
    news: Annotated[
        bool, typer.Option(help="Also poll the news sources that are due.")
    ] = True,
    alert_on_first: Annotated[
        bool,
        typer.Option(help="Alert on a source's first sync too (default: baseline)."),
    ] = False,
    cycles: Annotated[
        int | None, typer.Option(help="Stop after this many runs.", min=1)
    ] = None,
    now: Annotated[
        bool,
        typer.Option(
            "--now",
            help="Sync every feed and poll every news source in the first run, "
            "due or not.",
        ),
    ] = False,
    db: DbOption = None,
    settings_set: SetOption = None,
) -> None:
    """Sync feeds, poll due news sources and deliver alerts, on a schedule.

    Each official feed is synced on its own interval (--feed-every, the
    feeds.every.<name> settings, else --every), each news source on its own; a
    failing source waits longer after each failure. The schedule is stored: a
    restarted watch waits for what is not due yet (a feed synced by `sync` a
    minute ago too) and goes on backing off a failing feed; --now syncs
    everything at once. Stop with Ctrl-C or SIGTERM. A source's first sync or
    poll is a baseline that alerts nothing, unless --alert-on-first.

    Example: travelwatch watch us uk --every 1h --feed-every uk=30m
    """
    try:
        seconds = parse_interval(every)
    except TravelwatchError as e:
        raise typer.BadParameter(e.reason, param_hint="--every") from e
    intervals = _feed_intervals(feed_every or [])
    stop = threading.Event()
    restore = stop_on_signals(stop)

    def show(cycle: Cycle) -> None:
        console.print(f"run {cycle.number}")
        if cycle.syncs:
            print_sync_table(cycle.syncs)
            report_errors(cycle.syncs)
        print_poll_table(cycle.polls)
        report_deliveries(cycle.deliveries)
        if cycle.next_syncs:
            console.print(
                "next syncs: " + next_syncs(cycle.next_syncs, cycle.failures),
                highlight=False,
            )
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
                intervals=intervals,
                from_path=from_path,
                stop=stop,
                on_cycle=show,
                max_cycles=cycles,
                news=news,
                alert_on_first=alert_on_first,
                at_once=now,
            )
    except TravelwatchError as e:
        err_console.print(
            f"[red]error[/red] {escape(e.line())}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from e
    finally:
        restore()
    console.print(f"watch stopped cleanly after {runs} run(s)")


def _feed_intervals(values: list[str]) -> dict[str, float]:
    """``--feed-every uk=30m`` (``gb=30m`` too) as ``{"uk": 1800.0}``."""
    out = {}
    for value in values:
        name, sep, interval = value.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(
                f"expected NAME=INTERVAL, e.g. uk=30m, got {value!r}",
                param_hint="--feed-every",
            )
        try:
            [feed] = sources_to_sync([name.strip()])
            out[feed] = parse_interval(interval, name="--feed-every")
        except TravelwatchError as e:
            raise typer.BadParameter(e.line(), param_hint="--feed-every") from e
    return out
