"""Command-line interface: ``travelwatch COMMAND``.

Each command group lives in its own module and registers on :data:`app`.
"""

from __future__ import annotations

import sys

from travelwatch.cli.app import app
from travelwatch.errors import TravelwatchError


def main() -> None:
    """Entry point of the ``travelwatch`` console script."""
    # Importing the command modules registers their commands on ``app``.
    from travelwatch.cli import commands  # noqa: F401

    try:
        app()
    except TravelwatchError as e:
        # Set-up errors (a bad setting, a missing model) are one coded line, not a
        # traceback; per-item errors are reported by the commands themselves.
        sys.stderr.write(e.line() + "\n")
        sys.exit(1)


__all__ = ["app", "main"]
