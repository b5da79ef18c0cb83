"""Options shared by many commands."""

from __future__ import annotations

from typing import Annotated

import typer

from travelwatch.settings import Settings, load_settings

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file path or SQLAlchemy URL (default: $TRAVELWATCH_DB or "
        "~/.local/share/travelwatch/travelwatch.db).",
        show_default=False,
    ),
]

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="Override a setting: --set http.timeout=5 (repeatable)."
    ),
]


def settings_from(db: str | None, overrides: list[str] | None = None) -> Settings:
    values: dict[str, object] = {}
    for item in overrides or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(
                f"expected NAME=VALUE, got {item!r}", param_hint="--set"
            )
        values[name.strip()] = value.strip()
    if db:
        values["db"] = db
    return load_settings(values)


IssuerOption = Annotated[
    str | None, typer.Option(help="Only advice from this government (ISO code).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Only advice about this place (ISO code).")
]
AudienceOption = Annotated[
    str | None, typer.Option(help="Only advice for these citizens (ISO code).")
]
