"""Imports every command module so that its commands register on the app."""

from __future__ import annotations

from travelwatch.cli import (  # noqa: F401  # noqa: F401
    alerts_cmd,
    corrections_cmd,
    extract_cmd,
    feeds_cmd,
    ingest_cmd,
    news_cmd,
    serve_cmd,
    views_cmd,
)
