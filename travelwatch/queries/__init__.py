"""The read side: the one core that the CLI, the JSON API and the dashboard call.

Every function takes an open connection and returns JSON-ready dicts; none of
them prints or knows about HTTP.
"""

from __future__ import annotations

from travelwatch.queries.advisories import (
    Page,
    advisory_ids_starting,
    get_advisory,
    list_advisories,
    reciprocal_ids,
)
from travelwatch.queries.export import EXPORT_FORMATS, export
from travelwatch.queries.places import (
    EARLIER_PAGE,
    default_audience,
    destination_view,
    issuer_view,
    map_levels,
    matrix,
)
from travelwatch.queries.search import search
from travelwatch.queries.sources import (
    news_sources_view,
    source_banners,
    sources_view,
)
from travelwatch.queries.timeline import timeline

__all__ = [
    "EARLIER_PAGE",
    "EXPORT_FORMATS",
    "Page",
    "advisory_ids_starting",
    "default_audience",
    "destination_view",
    "export",
    "get_advisory",
    "issuer_view",
    "list_advisories",
    "map_levels",
    "matrix",
    "news_sources_view",
    "reciprocal_ids",
    "search",
    "source_banners",
    "sources_view",
    "timeline",
]
