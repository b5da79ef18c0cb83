"""The JSON API (FastAPI): ``create_app(store)``."""

from __future__ import annotations

from travelwatch.api.app import create_app

__all__ = ["create_app"]
