"""The one object the reader's components share for an article.

Each component reads some fields and fills others (``components.py`` declares
which); nothing else is passed between them. Offsets index ``document.text`` (the
cleaned text); evidence is mapped back to the original text at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from travelwatch.models import Advisory, Document, Evidence
from travelwatch.pipeline.geo import PlaceMention
from travelwatch.pipeline.sentences import Sentence
from travelwatch.settings import Settings

__all__ = ["Cue", "ReadDoc"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A piece of wording that matters for advice; offsets index the document text.

    ``kind`` is advice | scale | body | travel | change | reason | negated (the
    hand rules' "did not advise", "once urged": no advice in force). ``value`` is the
    issuer code (or "home") of a body, the kind of a change, the code of a reason.
    """

    start: int
    end: int
    kind: str
    action: str | None = None
    alternatives: tuple[int, ...] = ()
    value: str | None = None


@dataclass(slots=True)
class ReadDoc:
    """An article as the reader's components see it."""

    document: Document
    language: str
    settings: Settings
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[PlaceMention] = field(default_factory=list)
    mention_sentence: list[int] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    cue_sentence: list[int] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    embeddings: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    advice_prob: dict[int, float] = field(default_factory=dict)
    actions: dict[int, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    dest_prob: dict[int, float] = field(default_factory=dict)
    issuers: dict[int, str] = field(default_factory=dict)
    # Governments listed with the sentence's issuer as giving the same advice.
    co_issuers: dict[int, list[str]] = field(default_factory=dict)
    # Mentions (indexes) that name governments giving advice, never destinations.
    issuer_mentions: set[int] = field(default_factory=set)
    rule_advisories: list[Advisory] = field(default_factory=list)
    # Whether the hand rules read this document: learned advice then only adds
    # what they missed, and must clear a higher bar (``advice_rules`` threshold).
    rules_read: bool = False
    learned_advisories: list[Advisory] = field(default_factory=list)
    # Per learned advisory, in the same order: the strongest advice probability
    # of its sentences and the places its own sentences name (not their
    # neighbours'), which a second level of the same advice keeps.
    learned_support: list[tuple[float, frozenset[str]]] = field(default_factory=list)
    advisories: list[Advisory] = field(default_factory=list)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest one before it)."""
        best = 0
        for i, s in enumerate(self.sentences):
            if s.start <= offset:
                best = i
            else:
                break
        return best

    def evidence(self, name: str, start: int, end: int, sentence: int) -> Evidence:
        """Evidence for ``name`` at ``document.text[start:end]``, within sentence
        number ``sentence``, in original-text offsets."""
        doc = self.document
        a, b = doc.text_map.span_to_original(start, end)
        s = self.sentences[sentence]
        sa, sb = doc.text_map.span_to_original(s.start, s.end)
        orig = doc.original_text
        return Evidence(name, a, b, orig[a:b], orig[sa:sb])

    def cues_in(self, sentence: int, kind: str | None = None) -> list[Cue]:
        return [
            c
            for c, s in zip(self.cues, self.cue_sentence, strict=True)
            if s == sentence and (kind is None or c.kind == kind)
        ]

    def mentions_in(self, sentence: int) -> list[int]:
        """Indexes (into ``mentions``) of the places named in ``sentence``."""
        return [i for i, s in enumerate(self.mention_sentence) if s == sentence]
