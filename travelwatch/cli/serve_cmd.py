"""``travelwatch serve``: the JSON API and the dashboard from one store."""

from __future__ import annotations

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
    settings_set: SetOption = None,
) -> None:
    """Serve the dashboard (/) and the JSON API (/api, docs at /docs).

    Example: travelwatch serve --db demo.db --port 8787
    """
    import uvicorn

    from travelwatch.api import create_app
    from travelwatch.storage.store import Store

    store = Store(settings=settings_from(db, settings_set))
    err_console.print(f"travelwatch serving {store.url} on http://{host}:{port}/")
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    finally:
        store.close()
