"""Official travel-advisory feed connectors, found by name through the registry.

>>> get_connector("us").registry_name
'connector.us_state.v1'
"""

from __future__ import annotations

from travelwatch.connectors.base import (
    Connector,
    FeedConnector,
    fetch_with_retries,
    make_client,
)
from travelwatch.registry import connectors as _registry
from travelwatch.settings import Settings

__all__ = [
    "Connector",
    "FeedConnector",
    "available_connectors",
    "fetch_with_retries",
    "get_connector",
    "make_client",
]


def get_connector(name: str, settings: Settings | None = None) -> Connector:
    """A connector by short name ("uk") or registry name ("connector.uk_fcdo.v1").

    Raises ConfigError TW003 for an unknown name.
    """
    factory = _registry.get(name)
    connector: Connector = factory(settings)
    return connector


def available_connectors() -> list[str]:
    """Registry names of every connector, built-in and installed."""
    return _registry.names()
