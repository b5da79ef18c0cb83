"""``travelwatch serve``: the JSON API and the dashboard from one store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from travelwatch.cli.app import app
from travelwatch.cli.options import DbOption, SetOption, settings_from
from travelwatch.cli.output import err_console


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8787,
    workers: Annotated[
        int, typer.Option(help="Server processes (each with its own connection pool).")
    ] = 1,
    settings_set: SetOption = None,
) -> None:
    """Serve the dashboard (/) and the JSON API (/api, docs at /docs).

    Example: travelwatch serve --db demo.db --port 8787
    """
    import uvicorn

    from travelwatch.api import create_app
    from travelwatch.redact import uvicorn_log_config
    from travelwatch.storage.db import redact_url
    from travelwatch.storage.store import Store

    settings = settings_from(db, settings_set)
    store = Store(settings=settings)  # migrates once, before any worker starts
    err_console.print(
        f"travelwatch serving {redact_url(store.url)} on http://{host}:{port}/",
        markup=False,
    )
    if workers > 1:
        store.close()
        # Workers are new processes: they rebuild the settings from the environment.
        os.environ["TRAVELWATCH_DB"] = store.url
        for item in settings_set or []:
            name, _, value = item.partition("=")
            os.environ["TRAVELWATCH_" + name.strip().replace(".", "_").upper()] = value
        uvicorn.run(
            "travelwatch.api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            log_config=uvicorn_log_config(),
        )
        return
    try:
        uvicorn.run(
            create_app(store),
            host=host,
            port=port,
            log_level="warning",
            log_config=uvicorn_log_config(),
        )
    finally:
        store.close()
