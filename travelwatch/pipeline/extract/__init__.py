"""Advisory extraction from news text: who advises whom about where, how strongly.

``extract_advisories(doc)`` runs a cheap screen on the whole text, splits it into
sentences with a regex splitter, finds advice wording sentence by sentence
(``advice``), resolves issuer and destinations (``actors``, ``destinations``,
``reading``), groups the hits into advisories (``group``) and adds signals and
evidence (``evidence``). A document is read with the wording of its language
(``data/lexicon/advice*.<lang>.json``); a language without wording of its own, and
a text without any cue, give no advisories rather than English-rule guesses.
"""

from __future__ import annotations

import logging

from travelwatch.models import ACTION_LEVEL, Advisory, Claim, Document
from travelwatch.pipeline.extract.evidence import build_advisory
from travelwatch.pipeline.extract.group import Draft, group_candidates
from travelwatch.pipeline.extract.lexicon import supported_languages, using_language
from travelwatch.pipeline.extract.reading import read_candidates
from travelwatch.pipeline.screen import screen
from travelwatch.pipeline.sentences import split_sentences
from travelwatch.pipeline.signals import find_unsupported_claims

__all__ = ["extract_advisories"]

log = logging.getLogger(__name__)


def extract_advisories(doc: Document) -> list[Advisory]:
    """The advisories ``doc`` reports; [] when it reports none."""
    lang = doc.language or "en"
    if lang not in supported_languages():
        log.debug("skipping %s: no advice wording for %s", doc.source, lang)
        return []
    if not screen(doc.text, lang):
        return []
    with using_language(lang):
        sentences = split_sentences(doc.text)
        drafts = group_candidates(read_candidates(sentences))
        # Strongest advice first within each issuer, issuers in order of mention.
        issuers = list(dict.fromkeys(d.issuer for d in drafts))
        drafts.sort(key=lambda d: (issuers.index(d.issuer), -ACTION_LEVEL[d.action]))
        advisories = [build_advisory(d, doc, sentences) for d in drafts]
        _share_reasons(drafts, advisories)
    if advisories:
        claims = _claims(doc)
        for adv in advisories:
            adv.unsupported_claims = list(claims)
    return advisories


def _share_reasons(drafts: list[Draft], advisories: list[Advisory]) -> None:
    """Governments reported in the same advice sentence share its support (SCHEMA:
    several issuers' advice with the same support gets the same reasons)."""
    sentences = [{m.index for m in d.members} for d in drafts]
    for i, adv in enumerate(advisories):
        for j, other in enumerate(advisories):
            if i == j or adv.issuer == other.issuer:
                continue
            same_support = sentences[i] & sentences[j] or (
                not adv.reasons and _same_places(adv, other)
            )
            if same_support and set(other.reasons) - set(adv.reasons):
                adv.reasons.extend(r for r in other.reasons if r not in adv.reasons)
                adv.evidence.extend(
                    e
                    for e in other.evidence
                    if e.field == "reasons" and e not in adv.evidence
                )


def _same_places(adv: Advisory, other: Advisory) -> bool:
    """An issuer whose advice names no reason of its own, about the same places as
    another's in the article, is reacting to the same events the article gives."""
    return bool(adv.destinations) and set(adv.destinations) == set(other.destinations)


def _claims(doc: Document) -> list[Claim]:
    out = []
    for c in find_unsupported_claims(doc.text):
        start, end = doc.text_map.span_to_original(c.start, c.end)
        out.append(Claim(doc.original_text[start:end], start, end, c.marker))
    return out
