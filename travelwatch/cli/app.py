"""The Typer application every command module registers on.

Command modules stay thin: they parse options, call one core function and print.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

app = typer.Typer(
    name="travelwatch",
    help="Follow government travel advisories: official feeds and news, one cited picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if not value:
        return
    try:
        number = version("travelwatch")
    except PackageNotFoundError:  # running from a source tree that is not installed
        number = "unknown"
    typer.echo(f"travelwatch {number}")
    raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    # Every command's log lines go through one filter that masks secrets
    # (database passwords, tokens): see travelwatch.redact.
    from travelwatch.redact import install

    install()
