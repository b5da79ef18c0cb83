"""The day each advisory's advice was given, as far as the article fixes it.

Read the way a careful reader does (SCHEMA.md: an explicit date, or a weekday or
"today" with the article's own date; never a year from outside the text):
``issued_in`` (used by ``group``) reads the advice's own sentences and their
neighbours; the date nearest a verb of giving advice wins, one in the advice
sentence itself first. Relative and yearless dates resolve against the article's
own date (``pipeline.article_date``), which is never itself taken for the issue
date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from travelwatch.models import Evidence
from travelwatch.pipeline.article_date import ArticleDate, document_date
from travelwatch.reader.document import ReadDoc

__all__ = ["issued_in"]

Span = tuple[int, int]
# A window of sentences joined by spaces: (window offset, document offset, length).
_Pieces = list[tuple[int, int, int]]


def _window(rd: ReadDoc, indexes: Iterable[int]) -> tuple[str, _Pieces]:
    parts: list[str] = []
    pieces: _Pieces = []
    pos = 0
    for i in indexes:
        s = rd.sentences[i]
        pieces.append((pos, s.start, len(s.text)))
        parts.append(s.text)
        pos += len(s.text) + 1
    return " ".join(parts), pieces


def _into(pieces: _Pieces, spans: Sequence[Span]) -> list[Span]:
    """Document ``spans`` as spans of the window (the parts it holds)."""
    out = []
    for a, b in spans:
        for w, d, n in pieces:
            lo, hi = max(a, d), min(b, d + n)
            if lo < hi:
                out.append((w + lo - d, w + hi - d))
    return out


def _out(pieces: _Pieces, start: int, end: int) -> Span:
    """A window span as a document span."""
    for w, d, n in pieces:
        if w <= start < w + n:
            return d + start - w, d + min(end, w + n) - w
    return start, end


def _read(
    rd: ReadDoc,
    indexes: Iterable[int],
    article: ArticleDate | None,
    *,
    own: Iterable[int] = (),
) -> tuple[dt.date, int, int] | None:
    """The issue date of the ``indexes`` sentences and its document span; a date
    in one of the ``own`` sentences (the advice's) is preferred. In a language the
    date lexicon has no words for giving advice in, only sentences with the
    reader's own advice or ministry wording are read ("Most read today" is not)."""
    if rd.language != "en" and not _has_cues(rd.language):
        indexes = [
            i for i in indexes if rd.cues_in(i, "advice") or rd.cues_in(i, "body")
        ]
    text, pieces = _window(rd, indexes)
    reference = article.date if article else None
    month_only = bool(article and article.month_only)
    exclude = _into(pieces, article.printed) if article else []
    advice = _into(pieces, [(rd.sentences[i].start, rd.sentences[i].end) for i in own])
    if rd.language == "en":
        from travelwatch.pipeline.signals.dates import resolve_issued

        hit = resolve_issued(
            text,
            published=reference,
            exclude=exclude,
            month_only=month_only,
            advice=advice,
        )
        found = (hit.date, hit.start, hit.end) if hit else None
    else:
        from travelwatch.pipeline.dates_i18n import issued_hit

        found = issued_hit(
            text,
            rd.language,
            reference=reference,
            month_only=month_only,
            exclude=exclude,
        )
    if found is None:
        return None
    return (found[0], *_out(pieces, found[1], found[2]))


def issued_in(
    rd: ReadDoc, sentences: Iterable[int], issuer: str
) -> tuple[dt.date, Evidence] | None:
    """The day ``issuer``'s advice in ``sentences`` was given, read over them and
    their neighbours (but not a neighbour giving another government's advice),
    with its evidence."""
    own = set(sentences)
    indexes = sorted(
        x
        for x in {x for s in own for x in (s - 1, s, s + 1)}
        if 0 <= x < len(rd.sentences)
        and (x in own or rd.issuers.get(x) in (None, issuer))
    )
    found = _read(rd, indexes, document_date(rd.document), own=own)
    if found is None:
        return None
    day, start, end = found
    return day, rd.evidence("issued", start, end, rd.sentence_of(start))


def _has_cues(language: str) -> bool:
    from travelwatch.pipeline.dates_i18n import has_cues

    return has_cues(language)
