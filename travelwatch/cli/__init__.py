"""Command-line interface: ``travelwatch COMMAND``.

Each command group lives in its own module and registers on :data:`app`.
"""

from __future__ import annotations

from travelwatch.cli.app import app
from travelwatch.cli.output import err_console
from travelwatch.errors import TravelwatchError


def main() -> None:
    """Entry point of the ``travelwatch`` console script."""
    # Importing the command modules registers their commands on ``app``.
    from travelwatch.cli import commands  # noqa: F401

    try:
        app()
    except TravelwatchError as e:
        # Whatever a command did not report itself (opening --db, a bad setting,
        # a missing model) is one coded line, not a traceback.
        from travelwatch.redact import redact

        err_console.print(
            f"error {redact(e.line())}", markup=False, highlight=False, soft_wrap=True
        )
        raise SystemExit(2) from e


__all__ = ["app", "main"]
