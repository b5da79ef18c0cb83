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
    settings = load_settings(values)
    from travelwatch.redact import remember_settings_secrets

    remember_settings_secrets(settings)  # masked in every log line from now on
    return settings


def place_option(value: str | None) -> str | None:
    """A code or a name people type (UK, Russia, gbr) as its ISO code; an unknown
    one is a usage error (exit 2), never an empty result."""
    from travelwatch.errors import ConfigError
    from travelwatch.queries.codes import optional_place_code

    try:
        return optional_place_code(value)
    except ConfigError as e:
        raise typer.BadParameter(e.reason) from e


def place_argument(value: str) -> str:
    return place_option(value) or value


IssuerOption = Annotated[
    str | None,
    typer.Option(
        help="Only advice from this government (ISO code or name: GB, UK, Russia).",
        callback=place_option,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Only advice about this place (ISO code or name).",
        callback=place_option,
    ),
]
AudienceOption = Annotated[
    str | None,
    typer.Option(
        help="Only advice for these citizens (ISO code or name).",
        callback=place_option,
    ),
]
