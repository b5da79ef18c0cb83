"""Advice sentences -> advisories, and the rules' advisories joined with them.

An advisory is one issuer's advice at one action: its destinations are the places
the destination head accepts near each of its sentences. Reasons and change come
from the lexicon cues around the advice (English also through the signal
lexicons, with the issue date resolved against the published date); every field
carries evidence in original-text offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from travelwatch.models import ACTION_LEVEL, Advisory, Evidence
from travelwatch.reader.context import context_of
from travelwatch.reader.dating import issued_in
from travelwatch.reader.document import Cue, ReadDoc
from travelwatch.reader.model import ReaderModel
from travelwatch.reader.steps import advice_sentences, model_for

__all__ = ["combine", "combine_read", "group_advisories"]

# Sentences after an advice sentence that may still give its grounds.
_REASON_REACH = 2


@dataclass(slots=True)
class _Group:
    issuer: str
    action: str
    alternatives: tuple[int, ...]
    sentences: list[int] = field(default_factory=list)
    destinations: dict[str, int] = field(default_factory=dict)  # code -> mention
    #: The "abroad" wording of advice that names no place (SCHEMA: ``WORLD``).
    world: Cue | None = None


def _groups(rd: ReadDoc, model: ReaderModel) -> list[_Group]:
    threshold = model.thresholds["destination"]
    reach = int(rd.settings["reader.carry_destinations"])
    groups: dict[tuple[str, str], _Group] = {}
    carried: tuple[int, list[int]] = (-(10**9), [])
    for sentence in advice_sentences(rd):
        issuer = rd.issuers.get(sentence)
        if issuer is None:
            continue
        places = _places(rd, sentence, threshold)
        if places:
            carried = (sentence, places)
        elif sentence - carried[0] <= reach and not rd.cues_in(sentence, "abroad"):
            # "Nationals of X, Y and Z are advised to reconsider travel to the
            # country": advice that names no place continues the place of the
            # advice just before it.
            places = carried[1]
            carried = (sentence, places)
        for code in (issuer, *rd.co_issuers.get(sentence, ())):
            _add(rd, groups, sentence, code, places)
    return list(groups.values())


def _places(rd: ReadDoc, sentence: int, threshold: float) -> list[int]:
    """Mentions the destination head accepts near the advice in ``sentence``."""
    context = set(context_of(rd, sentence))
    return [
        m
        for m, p in rd.dest_prob.items()
        if p >= threshold
        and rd.mention_sentence[m] in context
        and m not in rd.issuer_mentions
    ]


def _add(
    rd: ReadDoc,
    groups: dict[tuple[str, str], _Group],
    sentence: int,
    issuer: str,
    accepted: list[int],
) -> None:
    """Add the advice of ``issuer`` in ``sentence`` to its group; the places
    accepted near it are its destinations, never the issuer itself."""
    action, alternatives = rd.actions[sentence]
    places = [m for m in accepted if rd.mentions[m].code != issuer]
    abroad = rd.cues_in(sentence, "abroad")
    if not places and not abroad:
        return
    group = groups.setdefault((issuer, action), _Group(issuer, action, alternatives))
    group.sentences.append(sentence)
    if not places and group.world is None:
        # Advice about travel anywhere abroad, no place named: WORLD.
        group.world = abroad[0]
    for m in sorted(places, key=lambda i: rd.mentions[i].start):
        group.destinations.setdefault(rd.mentions[m].code, m)


def _reasons(rd: ReadDoc, sentences: list[int]) -> tuple[list[str], list[Evidence]]:
    reach = sorted({s + k for s in sentences for k in range(_REASON_REACH + 1)})
    codes: list[str] = []
    evidence: list[Evidence] = []
    if rd.language == "en":
        from travelwatch.pipeline.signals import find_reasons

        spans = [
            (rd.sentences[s].start, rd.sentences[s].end)
            for s in reach
            if s < len(rd.sentences)
        ]
        for hit in find_reasons(rd.document.text, spans):
            codes.append(hit.code)
            evidence.append(
                rd.evidence("reasons", hit.start, hit.end, rd.sentence_of(hit.start))
            )
        return codes, evidence
    for s in reach:
        for c in rd.cues_in(s, "reason"):
            if c.value and c.value not in codes:
                codes.append(c.value)
                evidence.append(rd.evidence("reasons", c.start, c.end, s))
    return codes, evidence


def _change(rd: ReadDoc, sentences: list[int]) -> str | None:
    for s in sentences:
        for c in rd.cues_in(s, "change"):
            if c.value:
                return c.value
    if rd.language == "en":
        from travelwatch.pipeline.signals import find_change

        for s in sentences:
            hit = find_change(rd.sentences[s].text)
            if hit:
                return hit.change
    return None


def group_advisories(rd: ReadDoc, model: ReaderModel | None = None) -> list[Advisory]:
    out = []
    rd.learned_support = []
    for g in _groups(rd, model or model_for(rd)):
        own = frozenset(
            rd.mentions[m].code
            for m in g.destinations.values()
            if rd.mention_sentence[m] in g.sentences
        )
        rd.learned_support.append(
            (max(rd.advice_prob.get(s, 0.0) for s in g.sentences), own)
        )
        lead = g.sentences[0]
        s = rd.sentences[lead]
        evidence = [
            rd.evidence("level", s.start, s.end, lead),
            rd.evidence("issuer", s.start, s.end, lead),
        ]
        for m in g.destinations.values():
            mention = rd.mentions[m]
            evidence.append(
                rd.evidence(
                    "destinations", mention.start, mention.end, rd.mention_sentence[m]
                )
            )
        destinations = list(g.destinations)
        if not destinations and g.world is not None:
            destinations = ["WORLD"]
            w = g.world
            evidence.append(
                rd.evidence("destinations", w.start, w.end, rd.sentence_of(w.start))
            )
        reasons, reason_evidence = _reasons(rd, g.sentences)
        dated = issued_in(rd, g.sentences, g.issuer)
        if dated:
            evidence.append(dated[1])
        out.append(
            Advisory(
                issuer=g.issuer,
                audience=g.issuer,
                destinations=destinations,
                level=ACTION_LEVEL[g.action],
                action=g.action,
                level_alternatives=list(g.alternatives),
                change=_change(rd, g.sentences),
                reasons=reasons,
                issued=dated[0] if dated else None,
                native_wording=s.text[:200],
                evidence=evidence + reason_evidence,
            )
        )
    return out


def _overlaps(a: Advisory, b: Advisory) -> bool:
    return a.issuer == b.issuer and bool(set(a.destinations) & set(b.destinations))


def combine(
    rules: list[Advisory],
    learned: list[Advisory],
    support: list[tuple[float, frozenset[str]]] | None = None,
    *,
    second_level: float = 1.01,
) -> list[Advisory]:
    """The rules' advisories (precise), then learned ones about anything they missed.

    A learned advisory about a place already advised on by the same issuer is
    dropped, unless it gives another action with advice probability of at least
    ``second_level`` (``support``: see :attr:`ReadDoc.learned_support`): "avoid
    all travel to the north" beside "reconsider travel to the rest" are two
    advisories. That second level keeps only the places its own sentences name,
    not the neighbouring sentences' (those belong to the first level).
    """
    out = list(rules)
    for i, adv in enumerate(learned):
        over = [r for r in out if _overlaps(adv, r)]
        if not over:
            out.append(adv)
            continue
        if support is None or support[i][0] < second_level:
            continue
        own = [c for c in adv.destinations if c in support[i][1]]
        if own and all(r.action != adv.action for r in over):
            out.append(replace(adv, destinations=own))
    return out


def combine_read(
    rd: ReadDoc,
    rules: list[Advisory] | None = None,
    learned: list[Advisory] | None = None,
) -> list[Advisory]:
    """:func:`combine` as the reader runs it on ``rd``'s advisories (or the
    ``rules`` and ``learned`` given): a second level of learned advice is kept
    only where the hand rules do not read (they read levels and regions
    themselves where they do)."""
    second = 1.01 if rd.rules_read else float(rd.settings["reader.second_levels"])
    return combine(
        rd.rule_advisories if rules is None else rules,
        rd.learned_advisories if learned is None else learned,
        rd.learned_support,
        second_level=second,
    )
