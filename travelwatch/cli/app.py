"""The Typer application every command module registers on.

Command modules stay thin: they parse options, call one core function and print.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="travelwatch",
    help="Follow government travel advisories: official feeds and news, one cited picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
