"""Command-line interface: ``travelwatch COMMAND``.

Each command group lives in its own module and registers on :data:`app`.
"""

from __future__ import annotations

from travelwatch.cli.app import app


def main() -> None:
    """Entry point of the ``travelwatch`` console script."""
    # Importing the command modules registers their commands on ``app``.
    from travelwatch.cli import commands  # noqa: F401

    app()


__all__ = ["app", "main"]
