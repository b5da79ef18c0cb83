"""What the reader's components do, one function each (components.py wires them).

Places and cues come from the gazetteers and lexicons (data); the three decisions
that used to be hand rules (is this advice, is this place a destination, who
advises) are the trained heads of :mod:`travelwatch.reader.model`.
"""

from __future__ import annotations

import numpy as np

from travelwatch.models import ACTIONS
from travelwatch.pipeline.geo import PlaceMention
from travelwatch.pipeline.places_i18n import find_places
from travelwatch.pipeline.wording_i18n import find_cues, home_government
from travelwatch.reader.context import context_of
from travelwatch.reader.document import Cue, ReadDoc
from travelwatch.reader.features import (
    destination_features,
    issuer_candidates,
    issuer_features,
    sentence_features,
)
from travelwatch.reader.model import ReaderModel, load_model

__all__ = [
    "classify_mentions",
    "classify_sentences",
    "find_all_cues",
    "find_mentions",
    "home_of",
    "pick_candidates",
    "resolve_issuers",
]


def model_for(rd: ReadDoc) -> ReaderModel:
    """The trained heads the settings name (``reader.model_dir``) or the shipped ones."""
    return load_model(str(rd.settings["reader.model_dir"]) or None)


def find_mentions(text: str, language: str) -> list[PlaceMention]:
    """Every place named in ``text`` (English gazetteer, or the language's own)."""
    return find_places(text, language)


def home_of(language: str) -> str | None:
    return home_government(language)


def find_all_cues(rd: ReadDoc) -> list[Cue]:
    """Lexicon cues of the language, plus the hand rules' advice hits where the
    rules read the language (they know scales, negation and qualifiers)."""
    cues = [
        Cue(c.start, c.end, c.kind, c.action, tuple(c.alternatives), c.value)
        for c in find_cues(rd.document.text, rd.language)
    ]
    from travelwatch.pipeline.extract.advice import find_advice
    from travelwatch.pipeline.extract.lexicon import (
        actor_pattern,
        supported_languages,
        using_language,
    )

    if rd.language in supported_languages():
        with using_language(rd.language):
            negated = actor_pattern("negated_governor")
            for s in rd.sentences:
                # "did not advise", "once urged", "years ago warned": the rules'
                # own reading that a sentence reports no advice in force.
                for m in negated.finditer(s.text):
                    cues.append(Cue(s.start + m.start(), s.start + m.end(), "negated"))
                for hit in find_advice(s.text):
                    cues.append(
                        Cue(
                            s.start + hit.start,
                            s.start + hit.end,
                            "advice" if hit.action else "scale",
                            hit.action,
                            tuple(hit.alternatives),
                        )
                    )
    return sorted(cues, key=lambda c: (c.start, c.end))


def pick_candidates(rd: ReadDoc) -> list[int]:
    """Sentences worth encoding, strongest signals first, at most
    ``reader.max_candidates`` (then in text order)."""
    limit = int(rd.settings["reader.max_candidates"])
    scored: list[tuple[int, int]] = []
    named = set(rd.mention_sentence)
    advice = {
        s
        for c, s in zip(rd.cues, rd.cue_sentence, strict=True)
        if c.kind in ("advice", "scale")
    }
    other = {
        s
        for c, s in zip(rd.cues, rd.cue_sentence, strict=True)
        if c.kind in ("body", "travel")
    }
    for i in range(len(rd.sentences)):
        if i in advice:
            scored.append((0, i))
        elif i in named and (i in other or i - 1 in advice or i + 1 in advice):
            scored.append((1, i))
    return sorted(i for _, i in sorted(scored)[:limit])


def classify_sentences(rd: ReadDoc, model: ReaderModel | None = None) -> None:
    """The advice head over every candidate; the action head over the ones above
    its threshold."""
    if not rd.candidates:
        return
    model = model or model_for(rd)
    x = np.stack([sentence_features(rd, i) for i in rd.candidates])
    prob = model.heads["advice"].scores(x)[:, 1]
    rd.advice_prob = {i: float(p) for i, p in zip(rd.candidates, prob, strict=True)}
    bar = model.thresholds["advice_rules" if rd.rules_read else "advice"]
    # In a language the head has (nearly) never seen, the encoder's view of a
    # sentence is off its map (clear Icelandic advice scores near 0): there the
    # language's own advice wording decides, and gives the action.
    worded = _worded_actions(rd) if rd.language in _wording_only(rd) else {}
    chosen = [
        k
        for k, p in enumerate(prob)
        if (p >= bar or rd.candidates[k] in worded)
        and not rd.cues_in(rd.candidates[k], "negated")
    ]
    if not chosen:
        return
    action_head = model.heads["action"]
    scores = action_head.scores(x[chosen])
    for row, k in enumerate(chosen):
        sentence = rd.candidates[k]
        action = (
            worded.get(sentence) or action_head.classes[int(np.argmax(scores[row]))]
        )
        alternatives: tuple[int, ...] = ()
        for c in rd.cues_in(sentence):
            if c.action == action and c.alternatives:
                alternatives = c.alternatives
        rd.actions[sentence] = (
            action if action in ACTIONS else "increased_caution",
            alternatives,
        )


def _wording_only(rd: ReadDoc) -> set[str]:
    return {x.strip() for x in str(rd.settings["reader.wording_only"]).split(",")}


def _worded_actions(rd: ReadDoc) -> dict[int, str]:
    """Candidate sentences holding advice wording, with the strongest action said."""
    out: dict[int, str] = {}
    for sentence in rd.candidates:
        actions = [
            c.action
            for c in rd.cues_in(sentence)
            if c.kind in ("advice", "scale") and c.action in ACTIONS
        ]
        if actions:
            out[sentence] = max(actions, key=ACTIONS.index)
    return out


def advice_sentences(rd: ReadDoc) -> list[int]:
    return sorted(rd.actions)


def _near(rd: ReadDoc, sentence: int) -> list[int]:
    """Mentions the destination head judges for the advice in ``sentence``."""
    return [m for s in context_of(rd, sentence) for m in rd.mentions_in(s)]


def classify_mentions(rd: ReadDoc, model: ReaderModel | None = None) -> None:
    model = model or model_for(rd)
    head = model.heads["destination"]
    for sentence in advice_sentences(rd):
        mentions = _near(rd, sentence)
        if not mentions:
            continue
        x = np.stack([destination_features(rd, m, sentence) for m in mentions])
        for m, p in zip(mentions, head.scores(x)[:, 1], strict=True):
            rd.dest_prob[m] = max(rd.dest_prob.get(m, 0.0), float(p))


def resolve_issuers(rd: ReadDoc, model: ReaderModel | None = None) -> None:
    model = model or model_for(rd)
    head = model.heads["issuer"]
    home = home_of(rd.language)
    for sentence in advice_sentences(rd):
        codes = issuer_candidates(rd, sentence, home)
        if not codes:
            continue
        x = np.stack([issuer_features(rd, sentence, c, home) for c in codes])
        prob = head.scores(x)[:, 1]
        best = int(np.argmax(prob))
        if prob[best] >= model.thresholds["issuer"]:
            rd.issuers[sentence] = codes[best]
