"""Corpus label files: the gold schema plus per-advisory evidence spans.

A label file is ``corpus/labels/NAME.json`` in the format of ``gold/SCHEMA.md``
with, per advisory, ``evidence``: ``{"issuer": [[start, end]], "destinations":
[...], "level": [...]}``, character offsets into the original text of the
sentences that state each. :func:`problems` lists everything wrong with one file;
:func:`from_draft` turns a labeller's draft (evidence given as fragments of the
text) into a label file (evidence as sentence offsets, no quotes kept).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from travelwatch.corpus.spans import find_fragment, sentence_span
from travelwatch.models import ACTIONS as _ACTIONS
from travelwatch.models import CHANGES as _CHANGES
from travelwatch.models import REASONS as _REASONS

__all__ = [
    "ACTIONS",
    "CHANGES",
    "EVIDENCE_FIELDS",
    "REASONS",
    "from_draft",
    "load_labels",
    "problems",
]

# The schema's codes are the project's own (models.py), one table for both.
ACTIONS = frozenset(_ACTIONS)
CHANGES = frozenset(_CHANGES)
REASONS = frozenset(_REASONS)
EVIDENCE_FIELDS = ("issuer", "destinations", "level")
_TOP = ("doc", "source_url", "outlet", "published", "language", "advisories")
_ADVISORY = (
    "issuer",
    "issuing_body",
    "speaker",
    "audience",
    "destinations",
    "destinations_except",
    "level",
    "level_alternatives",
    "action",
    "change",
    "reasons",
    "issued",
    "period",
    "evidence",
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPECIAL = frozenset({"EU", "WORLD", "XK"})


def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | _SPECIAL


def load_labels(folder: Path) -> dict[str, dict[str, Any]]:
    """Label files of ``folder`` by document name (``NAME.txt``)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data.get("doc") or path.with_suffix(".txt").name] = data
    return out


def _code_problems(where: str, values: Any, codes: frozenset[str]) -> list[str]:
    if not isinstance(values, list):
        return [f"{where}: not a list"]
    return [f"{where}: unknown code {v!r}" for v in values if v not in codes]


def _span_problems(where: str, spans: Any, size: int) -> list[str]:
    if not isinstance(spans, list) or not spans:
        return [f"{where}: needs at least one [start, end] span"]
    out = []
    for span in spans:
        ok = (
            isinstance(span, list)
            and len(span) == 2
            and all(isinstance(x, int) for x in span)
            and 0 <= span[0] < span[1] <= size
        )
        if not ok:
            out.append(f"{where}: bad span {span!r} (text has {size} characters)")
    return out


def _advisory_problems(
    where: str, adv: Mapping[str, Any], size: int, codes: frozenset[str]
) -> list[str]:
    out = [f"{where}: missing {k}" for k in _ADVISORY if k not in adv]
    out += [f"{where}: unexpected {k}" for k in adv if k not in _ADVISORY]
    if out:
        return out
    for key in ("issuer", "audience"):
        if adv[key] not in codes or adv[key] in {"EU", "WORLD"}:
            out.append(f"{where}: {key} {adv[key]!r} is not a country code")
    out += _code_problems(f"{where}.destinations", adv["destinations"], codes)
    if not adv["destinations"]:
        out.append(f"{where}: no destinations")
    out += _code_problems(
        f"{where}.destinations_except", adv["destinations_except"], codes
    )
    if adv["level"] not in (1, 2, 3, 4):
        out.append(f"{where}: level {adv['level']!r} not 1-4")
    alts = adv["level_alternatives"]
    if not isinstance(alts, list) or any(
        a not in (1, 2, 3, 4) or a == adv["level"] for a in alts
    ):
        out.append(f"{where}: level_alternatives {alts!r}")
    if adv["action"] not in ACTIONS:
        out.append(f"{where}: action {adv['action']!r}")
    if adv["change"] is not None and adv["change"] not in CHANGES:
        out.append(f"{where}: change {adv['change']!r}")
    reasons = adv["reasons"]
    if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
        out.append(f"{where}: reasons {reasons!r}")
    issued = adv["issued"]
    if issued is not None and not (isinstance(issued, str) and _DATE.match(issued)):
        out.append(f"{where}: issued {issued!r} is not YYYY-MM-DD")
    for key in ("issuing_body", "speaker", "period"):
        if adv[key] is not None and not isinstance(adv[key], str):
            out.append(f"{where}: {key} must be text or null")
    evidence = adv["evidence"]
    if not isinstance(evidence, dict) or set(evidence) != set(EVIDENCE_FIELDS):
        return [*out, f"{where}: evidence needs exactly {list(EVIDENCE_FIELDS)}"]
    for key in EVIDENCE_FIELDS:
        out += _span_problems(f"{where}.evidence.{key}", evidence[key], size)
    return out


def problems(label: Mapping[str, Any], text: str) -> list[str]:
    """Everything wrong with ``label`` as the label of ``text``."""
    out = [f"missing {k}" for k in _TOP if k not in label]
    if out:
        return out
    published = label["published"]
    if published is not None and not (
        isinstance(published, str) and _DATE.match(published)
    ):
        out.append(f"published {published!r} is not YYYY-MM-DD")
    advisories = label["advisories"]
    if not isinstance(advisories, list):
        return [*out, "advisories: not a list"]
    codes = _country_codes()
    for i, adv in enumerate(advisories):
        if not isinstance(adv, dict):
            out.append(f"advisories[{i}]: not an object")
            continue
        out += _advisory_problems(f"advisories[{i}]", adv, len(text), codes)
    return out


def from_draft(draft: Mapping[str, Any], text: str) -> dict[str, Any]:
    """A label file from a labeller's draft whose evidence holds text fragments.

    Raises ``ValueError`` naming the first fragment that is not in ``text``.
    """
    label = {k: draft.get(k) for k in _TOP}
    advisories = []
    for i, adv in enumerate(draft.get("advisories") or []):
        out = {k: adv.get(k) for k in _ADVISORY if k != "evidence"}
        for key in ("destinations_except", "level_alternatives", "reasons"):
            out[key] = out[key] or []
        evidence: dict[str, list[list[int]]] = {}
        for key in EVIDENCE_FIELDS:
            spans: list[list[int]] = []
            for fragment in (adv.get("evidence") or {}).get(key) or []:
                found = find_fragment(text, fragment)
                if found is None:
                    raise ValueError(
                        f"advisories[{i}].evidence.{key}: fragment not in text: "
                        f"{fragment[:60]!r}"
                    )
                span = list(sentence_span(text, *found))
                if span not in spans:
                    spans.append(span)
            evidence[key] = sorted(spans)
        out["evidence"] = evidence
        advisories.append(out)
    label["advisories"] = advisories
    return label
