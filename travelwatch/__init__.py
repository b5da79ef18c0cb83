"""travelwatch: government travel advisories from official feeds and news, cited.

The public API is what ``__all__`` lists; everything else may change. Imports are
lazy so that ``import travelwatch`` stays cheap (no spaCy, no SQLAlchemy) until a
name is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Advisory": "travelwatch.models",
    "Article": "travelwatch.models",
    "ConfigError": "travelwatch.errors",
    "ConnectorError": "travelwatch.errors",
    "Document": "travelwatch.models",
    "Evidence": "travelwatch.models",
    "ExtractionError": "travelwatch.errors",
    "InputError": "travelwatch.errors",
    "Settings": "travelwatch.settings",
    "StorageError": "travelwatch.errors",
    "Store": "travelwatch.storage.store",
    "TravelwatchError": "travelwatch.errors",
    "clean_article": "travelwatch.pipeline.clean",
    "extract_advisories": "travelwatch.pipeline.extract",
    "get_connector": "travelwatch.connectors",
    "ingest_articles": "travelwatch.service",
    "load_settings": "travelwatch.settings",
    "read_advisories": "travelwatch.reader",
    "read_sources": "travelwatch.ingest.readers",
    "sync": "travelwatch.feeds",
}

__all__ = [
    "Advisory",
    "Article",
    "ConfigError",
    "ConnectorError",
    "Document",
    "Evidence",
    "ExtractionError",
    "InputError",
    "Settings",
    "StorageError",
    "Store",
    "TravelwatchError",
    "__version__",
    "clean_article",
    "extract_advisories",
    "get_connector",
    "ingest_articles",
    "load_settings",
    "read_advisories",
    "read_sources",
    "sync",
]

if TYPE_CHECKING:
    from travelwatch.connectors import get_connector
    from travelwatch.errors import (
        ConfigError,
        ConnectorError,
        ExtractionError,
        InputError,
        StorageError,
        TravelwatchError,
    )
    from travelwatch.feeds import sync
    from travelwatch.ingest.readers import read_sources
    from travelwatch.models import Advisory, Article, Document, Evidence
    from travelwatch.pipeline.clean import clean_article
    from travelwatch.pipeline.extract import extract_advisories
    from travelwatch.reader import read_advisories
    from travelwatch.service import ingest_articles
    from travelwatch.settings import Settings, load_settings
    from travelwatch.storage.store import Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'travelwatch' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
