"""Advisory extraction from news text: who advises whom about where, how strongly.

``extract_advisories(doc)`` runs a cheap screen on the whole text, splits it into
sentences with a regex splitter, finds advice wording sentence by sentence
(``advice``), resolves issuer and destinations (``actors``, ``destinations``,
``reading``), groups the hits into advisories (``group``) and adds signals and
evidence (``evidence``). Non-English documents and texts without any cue give no
advisories.
"""

from __future__ import annotations

import logging

from travelwatch.models import Advisory, Claim, Document
from travelwatch.pipeline.extract.evidence import build_advisory
from travelwatch.pipeline.extract.group import group_candidates
from travelwatch.pipeline.extract.reading import read_candidates
from travelwatch.pipeline.screen import screen
from travelwatch.pipeline.sentences import split_sentences
from travelwatch.pipeline.signals import find_unsupported_claims

__all__ = ["extract_advisories"]

log = logging.getLogger(__name__)


def extract_advisories(doc: Document) -> list[Advisory]:
    """The advisories ``doc`` reports; [] when it reports none."""
    if doc.language and doc.language != "en":
        log.debug("skipping %s: language %s", doc.source, doc.language)
        return []
    if not screen(doc.text):
        return []
    sentences = split_sentences(doc.text)
    drafts = group_candidates(read_candidates(sentences))
    advisories = [build_advisory(d, doc, sentences) for d in drafts]
    if advisories:
        claims = _claims(doc)
        for adv in advisories:
            adv.unsupported_claims = list(claims)
    return advisories


def _claims(doc: Document) -> list[Claim]:
    out = []
    for c in find_unsupported_claims(doc.text):
        start, end = doc.text_map.span_to_original(c.start, c.end)
        out.append(Claim(doc.original_text[start:end], start, end, c.marker))
    return out
