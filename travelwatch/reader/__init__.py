"""The reader: advisory extraction as registered components over one document.

``read_advisories(doc)`` runs every component the settings name (``reader.components``,
minus ``reader.off``): places and wording in the article's language, the hand rules
where they read, and the heads trained on the labelled corpus. docs/pipeline.md lists
the components; docs/models.md the models.
"""

from __future__ import annotations

from travelwatch.models import Advisory, Document
from travelwatch.settings import Settings, load_settings

__all__ = ["read_advisories"]


def read_advisories(doc: Document, settings: Settings | None = None) -> list[Advisory]:
    """The advisories ``doc`` reports, as ``ingest`` and ``extract`` read them."""
    from travelwatch.reader.components import read_document

    return read_document(doc, settings or load_settings({})).advisories
