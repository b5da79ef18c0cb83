"""Governments listed together as giving the same advice.

"Hong Kong, the Philippines and South Korea raised their warnings for Thailand":
the issuer head picks one government per advice sentence; the others in the same
list give the same advice. A list is a run of places joined only by the language's
own list separators and conjunctions, taken from CLDR's list patterns (through
babel: "{0}, {1}", "{0} and {1}", "{0}和{1}", "{0} و{1}"), so no language needs a
hand-typed table. A list holding the government the issuer head chose names governments:
its places are then never destinations.
"""

from __future__ import annotations

import functools
import re

from travelwatch.reader.document import ReadDoc

__all__ = ["co_issuers", "list_connectors"]

# Kinds of place that can stand for a government in a list ("the British,
# German and Irish embassies"); cities and regions cannot.
_GOVERNMENT_KINDS = frozenset({"country", "demonym", "adjective"})
# Between two listed places: separators, brackets around a short form
# ("United Arab Emirates (UAE), Latvia") and at most one short function word
# per gap ("and the Philippines", "et la France", "und die").
_PUNCT = re.compile(r"^[\s,，、;()（）]*$")
_SHORT_WORD = 3
# Languages written without spaces between words.
_UNSPACED = frozenset({"ja", "zh", "th", "lo", "km", "my"})


@functools.cache
def list_connectors(language: str) -> frozenset[str]:
    """The words and marks that join list items in ``language`` (CLDR), lowercased."""
    from babel import Locale, UnknownLocaleError

    try:
        patterns = Locale.parse(language).list_patterns
    except (UnknownLocaleError, ValueError):
        patterns = Locale.parse("en").list_patterns
    out: set[str] = set()
    for style in ("standard", "or"):
        for pattern in dict(patterns[style]).values():
            between = pattern.split("{0}", 1)[-1].split("{1}", 1)[0]
            for word in re.split(r"[\s,，、]+", between.strip()):
                if word:
                    out.add(word.lower())
    return frozenset(out)


def _joint(gap: str, connectors: frozenset[str], spaced: bool) -> str | None:
    """How the text between two places joins them as list items: "and" (a
    conjunction), "," (a separator only), or None (it does not)."""
    if len(gap) > 40 or not _PUNCT.match(re.sub(r"\w+", "", gap)):
        return None
    words = re.findall(r"\w+", gap)
    other = [w for w in words if w not in connectors]
    # One short word may precede a listed name ("and the Philippines", "et la
    # France"); in scripts without spaces a "word" is a whole phrase, so none.
    if other and not (spaced and len(other) == 1 and len(other[0]) <= _SHORT_WORD):
        return None
    return "and" if len(other) < len(words) else ","


def co_issuers(rd: ReadDoc, sentence: int, issuer: str) -> list[str]:
    """Governments listed with ``issuer`` in ``sentence`` (not ``issuer`` itself);
    the list's mentions are added to ``rd.issuer_mentions``."""
    connectors = list_connectors(rd.language)
    text = rd.document.text
    named = sorted(
        (
            i
            for i in rd.mentions_in(sentence)
            if rd.mentions[i].kind in _GOVERNMENT_KINDS
        ),
        key=lambda i: rd.mentions[i].start,
    )
    spaced = rd.language not in _UNSPACED
    runs: list[list[int]] = []
    conjoined: list[bool] = []
    for i in named:
        if runs:
            last = rd.mentions[runs[-1][-1]]
            joint = _joint(
                text[last.end : rd.mentions[i].start].lower(), connectors, spaced
            )
            if joint is not None:
                runs[-1].append(i)
                conjoined[-1] = conjoined[-1] or joint == "and"
                continue
        runs.append([i])
        conjoined.append(False)
    # Governments are named before what they advise ("X, Y and Z urged… to
    # avoid Thailand"); a list after the advice wording is its destinations.
    cue = min(
        (c.start for c in rd.cues_in(sentence) if c.kind in ("advice", "scale")),
        default=None,
    )
    if cue is None:
        return []
    out: list[str] = []
    for run, conjunction in zip(runs, conjoined, strict=True):
        codes = [rd.mentions[i].code for i in run]
        # Two names split by a comma alone are as often "in Myanmar, India said"
        # as a list: a list needs its conjunction or a third name.
        if issuer not in codes or len(set(codes)) < (2 if conjunction else 3):
            continue
        if rd.mentions[run[-1]].end > cue:
            continue
        # The issuer head placed the advice's government in this list, so the
        # list names governments; the destination head, which sees one place
        # at a time, may have taken its members for destinations.
        rd.issuer_mentions.update(run)
        for code in codes:
            if code != issuer and code not in out:
                out.append(code)
    return out
