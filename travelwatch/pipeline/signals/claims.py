"""Claims an article itself marks as unsupported ("without evidence", "claimed").

The claim is the reported clause of the marker's sentence: the quotation or clause
after the marker ("added, without evidence: '...'", "claimed X"), or, when the
marker closes the sentence ("said X, without providing evidence"), the quotation or
clause before it. Markers are data (``data/lexicon/claims.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from travelwatch.models import Claim
from travelwatch.pipeline.signals.lexicon import compile_cue, compile_plain, load
from travelwatch.pipeline.signals.sentences import sentence_at, sentence_spans

_OPEN_QUOTES = "\"“‘'«"
_CLOSE_FOR = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»"}
_LEAD = re.compile(r"[\s,:;—–-]*(?:that\s+)?[\s,:;]*")
# "'...,' he claimed": a quotation closing just before the speaker and the marker.
_QUOTE_THEN_SPEAKER = re.compile(r"[”\"»’](?!\w)[\s,]*(?:[\w.’'-]+\s+){0,4}$")
_TRAIL = ".,;:!? \t\n—–-"
_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Marker:
    pattern: re.Pattern[str]
    not_after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None


@cache
def _markers() -> tuple[_Marker, ...]:
    return tuple(
        _Marker(
            compile_cue(spec["re"]),
            compile_plain(spec["not_after"]) if spec.get("not_after") else None,
            compile_plain(spec["not_before"]) if spec.get("not_before") else None,
        )
        for spec in load("claims")["markers"]
    )


def find_unsupported_claims(text: str) -> list[Claim]:
    """Each claim ``text`` marks as unsupported, in order; ``text[start:end]`` is it."""
    spans = sentence_spans(text)
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    hits = sorted(
        (m for marker in _markers() for m in _marker_hits(text, marker)),
        key=lambda m: m.start(),
    )
    for m in hits:
        if any(s <= m.start() < e for s, e in taken):
            continue
        s, e = sentence_at(spans, m.start())
        span = _claim_span(text, s, e, m)
        if span is None:
            continue
        start, end = span
        claims.append(Claim(text[start:end], start, end, m.group()))
        taken.append((m.start(), m.end()))
    return claims


def _marker_hits(text: str, marker: _Marker) -> list[re.Match[str]]:
    hits = []
    for m in marker.pattern.finditer(text):
        if marker.not_after and marker.not_after.search(text[m.end() : m.end() + 40]):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        if marker.not_before and marker.not_before.search(before):
            continue
        hits.append(m)
    return hits


def _claim_span(text: str, s: int, e: int, m: re.Match[str]) -> tuple[int, int] | None:
    speaker = _QUOTE_THEN_SPEAKER.search(text, s, m.start())
    if speaker is not None:
        close = speaker.start()
        opening = _opening_before(text, s, close + 1)
        if opening is not None:
            quoted = _trimmed(text, opening + 1, close)
            if quoted:
                return quoted
    after = _after_marker(text, m.end(), e)
    if after is not None:
        return after
    return _before_marker(text, s, m.start())


def _after_marker(text: str, start: int, end: int) -> tuple[int, int] | None:
    lead = _LEAD.match(text, start, end)
    begin = lead.end() if lead else start
    if begin < end and text[begin] in _OPEN_QUOTES:
        quoted = _quoted(text, begin, _quote_limit(text, begin))
        if quoted:
            return quoted
    return _trimmed(text, begin, end)


def _quote_limit(text: str, begin: int) -> int:
    """Quotations may run past a sentence break the splitter saw inside them."""
    return min(len(text), begin + 600)


def _quoted(text: str, begin: int, limit: int) -> tuple[int, int] | None:
    closing = _CLOSE_FOR[text[begin]]
    close = text.find(closing, begin + 1, limit)
    if closing == "'":
        # An apostrophe inside a word is not the closing quote.
        while close != -1 and close + 1 < len(text) and text[close + 1].isalpha():
            close = text.find(closing, close + 1, limit)
    if close == -1:
        return None
    return _trimmed(text, begin + 1, close)


def _before_marker(text: str, s: int, marker_start: int) -> tuple[int, int] | None:
    head = text[s:marker_start].rstrip(" ,:;—–-")
    end = s + len(head)
    verb = None
    for v in compile_plain(rf"\b{load('claims')['reporting_verbs']}\b").finditer(
        text, s, end
    ):
        verb = v
    begin = verb.end() if verb else s
    lead = _LEAD.match(text, begin, end)
    return _trimmed(text, lead.end() if lead else begin, end)


def _opening_before(text: str, s: int, end: int) -> int | None:
    for i in range(end - 2, max(s, end - 600) - 1, -1):
        if text[i] in '“"«‘':
            return i
    return None


def _trimmed(text: str, begin: int, end: int) -> tuple[int, int] | None:
    while end > begin and text[end - 1] in _TRAIL + '"”’»':
        if text[end - 1] in '"”’»' and _unbalanced_close(text[begin:end]):
            break
        end -= 1
    while begin < end and text[begin].isspace():
        begin += 1
    if len(text[begin:end].split()) < _MIN_WORDS:
        return None
    return begin, end


def _unbalanced_close(chunk: str) -> bool:
    """Whether the final closing quote of ``chunk`` closes one opened inside it."""
    closing = chunk[-1]
    opening = {"”": "“", "’": "‘", "»": "«", '"': '"'}[closing]
    if opening == closing:
        return chunk.count(closing) % 2 == 0
    return chunk.count(opening) >= chunk.count(closing)
