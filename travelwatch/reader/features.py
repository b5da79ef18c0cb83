"""Feature vectors for the trained heads, from one :class:`ReadDoc`.

One function per head, used alike by training and reading, so the two cannot drift.
Sentence features join the sentence's encoder embedding, its neighbours' and the
wording cues (lexicons); mention features describe a place named near advice; the
issuer features describe one candidate government for one advice sentence.
"""

from __future__ import annotations

import math

import numpy as np

from travelwatch.models import ACTIONS
from travelwatch.reader.context import list_items
from travelwatch.reader.document import ReadDoc
from travelwatch.reader.encoder import DIM

__all__ = [
    "KINDS",
    "destination_features",
    "issuer_candidates",
    "issuer_features",
    "sentence_features",
]

KINDS = ("country", "demonym", "adjective", "capital", "city", "seat", "region", "bloc")
_CUE_KINDS = ("advice", "scale", "body", "travel", "change", "reason")
_NEAR = 40  # characters: a body cue this close to a place names its government


def _embedding(rd: ReadDoc, sentence: int) -> np.ndarray:
    try:
        row = rd.candidates.index(sentence)
    except ValueError:
        return np.zeros(DIM, dtype=np.float32)
    out: np.ndarray = rd.embeddings[row]
    return out


def _cue_vector(rd: ReadDoc, sentence: int) -> list[float]:
    cues = rd.cues_in(sentence)
    kinds = [float(any(c.kind == k for c in cues)) for k in _CUE_KINDS]
    actions = [0.0] * len(ACTIONS)
    for c in cues:
        if c.action in ACTIONS:
            actions[ACTIONS.index(c.action)] = 1.0
    mentions = rd.mentions_in(sentence)
    codes = {rd.mentions[i].code for i in mentions}
    n = max(len(rd.sentences), 1)
    return [
        *kinds,
        *actions,
        math.log1p(len(mentions)),
        math.log1p(len(codes)),
        float(sentence == 0),
        sentence / n,
        float(
            any(
                c.kind in ("advice", "scale")
                for s in (sentence - 1, sentence + 1)
                for c in rd.cues_in(s)
            )
        ),
    ]


def sentence_features(rd: ReadDoc, sentence: int) -> np.ndarray:
    """Embedding, neighbours' mean embedding, and cue features of one sentence."""
    around = [
        _embedding(rd, s)
        for s in (sentence - 1, sentence + 1)
        if 0 <= s < len(rd.sentences) and s in rd.candidates
    ]
    context = np.mean(around, axis=0) if around else np.zeros(DIM, dtype=np.float32)
    cues = np.asarray(_cue_vector(rd, sentence), dtype=np.float32)
    return np.concatenate([_embedding(rd, sentence), context, cues])


def _code_counts(rd: ReadDoc) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in rd.mentions:
        counts[m.code] = counts.get(m.code, 0) + 1
    return counts


def destination_features(rd: ReadDoc, mention: int, advice: int) -> np.ndarray:
    """Is place ``mention`` a destination of the advice in sentence ``advice``?"""
    m = rd.mentions[mention]
    sentence = rd.mention_sentence[mention]
    advice_cues = [c for c in rd.cues_in(advice) if c.kind in ("advice", "scale")]
    bodies = [c for c in rd.cues if c.kind == "body"]
    counts = _code_counts(rd)
    in_sentence = [rd.mentions[i].code for i in rd.mentions_in(sentence)]
    distance = min((abs(m.start - c.start) for c in advice_cues), default=400)
    first_cue = min((c.start for c in advice_cues), default=m.start)
    near_body = any(
        abs(m.start - c.end) < _NEAR or abs(c.start - m.end) < _NEAR for c in bodies
    )
    return np.asarray(
        [
            float(sentence == advice),
            float(abs(sentence - advice) == 1),
            float(sentence in list_items(rd, advice)),
            *[float(m.kind == k) for k in KINDS],
            float(m.start < first_cue),
            float(m.start > first_cue),
            min(distance, 400) / 400,
            math.log1p(counts.get(m.code, 0)),
            float(m.code in {rd.mentions[i].code for i in rd.mentions_in(0)}),
            float(near_body),
            float(any(c.value == m.code for c in bodies)),
            math.log1p(len(set(in_sentence))),
            float(in_sentence.count(m.code) > 1),
            rd.advice_prob.get(advice, 0.0),
        ],
        dtype=np.float32,
    )


def issuer_candidates(rd: ReadDoc, advice: int, home: str | None) -> list[str]:
    """Governments that could give the advice in sentence ``advice``."""
    codes: list[str] = []
    for s in (advice, advice - 1, advice - 2, 0):
        for i in rd.mentions_in(s):
            if rd.mentions[i].kind != "bloc":
                codes.append(rd.mentions[i].code)
    for c in rd.cues:
        if c.kind == "body" and c.value and c.value != "home":
            codes.append(c.value)
    if home:
        codes.append(home)
    return list(dict.fromkeys(c for c in codes if len(c) == 2))


def issuer_features(
    rd: ReadDoc, advice: int, code: str, home: str | None
) -> np.ndarray:
    """Is government ``code`` the one advising in sentence ``advice``?"""
    here = [i for i in rd.mentions_in(advice) if rd.mentions[i].code == code]
    advice_cues = [c for c in rd.cues_in(advice) if c.kind in ("advice", "scale")]
    first_cue = min((c.start for c in advice_cues), default=10**9)
    bodies = [c for c in rd.cues if c.kind == "body"]
    body_here = [c for c in rd.cues_in(advice, "body")]
    near_body = any(
        abs(rd.mentions[i].start - c.end) < _NEAR
        or abs(c.start - rd.mentions[i].end) < _NEAR
        for i in here
        for c in bodies
    )
    kinds = {rd.mentions[i].kind for i in here}
    counts = _code_counts(rd)

    ruled_issuers = {a.issuer for a in rd.rule_advisories}
    ruled_places = {c for a in rd.rule_advisories for c in a.destinations}

    def named_in(s: int) -> float:
        return float(any(rd.mentions[i].code == code for i in rd.mentions_in(s)))

    return np.asarray(
        [
            float(bool(here)),
            float(any(rd.mentions[i].start < first_cue for i in here)),
            float(bool(kinds & {"demonym", "adjective"})),
            float(bool(kinds & {"capital", "seat"})),
            float(near_body),
            float(any(c.value == code for c in bodies)),
            float(code == home),
            float(code == home and any(c.value == "home" for c in body_here)),
            float(code == home and any(c.value == "home" for c in bodies)),
            named_in(advice - 1),
            named_in(advice - 2),
            named_in(0),
            math.log1p(counts.get(code, 0)),
            max((rd.dest_prob.get(i, 0.0) for i in here), default=0.0),
            float(code in ruled_issuers),
            float(code in ruled_places),
        ],
        dtype=np.float32,
    )
