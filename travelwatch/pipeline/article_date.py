"""The article's own date: the day its dateline, byline or page metadata gives.

Relative and yearless dates in an article ("on Wednesday", "8 December") are read
against this day, and a date the article prints as its own is never taken for the
day advice was given. It is, in this order:

1. the date of the dateline or byline at the top: "MOSCOW, Dec 11 (Reuters) -",
   "June 5, 2019 (ABC) –", "By Jane Roe  May 3, 2018 | 10:15 am PT", a line holding
   only a date, "Published: ..." (``signals.dates.find_dateline`` and
   ``dates_i18n.page_dates``, whichever stands first);
2. the published date of the page's metadata (or of a reader widget);
3. a date line near the end of a short article, under the author's name
   ("2021.10.04 18:20:05", "(from the Daily Example, 3 May 2011)");
4. a year-and-month line at the top of the original text ("date 2019-04"; cleaning
   removes it as debris): only the month is known, so it dates a day written with
   its month, never a weekday or "yesterday".

A date without a year never becomes the article's date without a published date
to give the year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from travelwatch.models import Document
from travelwatch.pipeline.dates_i18n import PageDate, find_dates, page_labels

__all__ = ["ArticleDate", "article_date", "document_date", "page_dates"]

Span = tuple[int, int]

# How far into an article (or, for a date under the author's name, from its end)
# the page's own date may stand.
_PAGE_REACH = 320
# At most this many characters besides the date (a label, a time, an outlet name)
# on the line or "|" segment of a page date.
_OTHER = 48
_TIME = re.compile(
    r"\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?|uhr|wib|gmt|hkt)?", re.I
)
_SEGMENT = re.compile(r"[^\n|]+")
# An embedded post's signature ("— Name (@handle) March 3, 2022") dates the post,
# not the page.
_POSTED = re.compile(r"(?<!\w)@\w")
# A date after this many words, on a line or segment that ends with a full stop,
# is in a sentence of the story ("This warning lapses on 30 June 2016.", "The
# advice was last updated on 2 May 2021 and has not changed since.").
_FULL_STOP = re.compile(r"[.!?。！？][\"'”’»)]*\s*$")
_SENTENCE_WORDS = 4


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """The article's own day.

    ``month_only``: only its year and month are known (``date`` is the month's last
    day). ``printed``: spans of the text that print the page's own date, which are
    never the day advice was given.
    """

    date: dt.date
    month_only: bool = False
    printed: tuple[Span, ...] = ()
    source: str = "dateline"


def document_date(doc: Document) -> ArticleDate | None:
    """:func:`article_date` of a document (its cleaned text, language and metadata)."""
    return article_date(
        doc.text,
        doc.language or "en",
        published=doc.published,
        original=doc.original_text,
    )


@lru_cache(maxsize=64)
def article_date(
    text: str,
    language: str,
    *,
    published: dt.date | None,
    original: str | None = None,
) -> ArticleDate | None:
    """The article's own date (see the module's docstring), or None."""
    from travelwatch.pipeline.dates_i18n import page_month
    from travelwatch.pipeline.signals.dates import find_dateline

    head = [(d, a, b) for d, a, b in page_dates(text, language)]
    line = find_dateline(text, published=published, language=language)
    if line is not None:
        head.append((line.date, line.start, line.end))
    printed = tuple(sorted({(a, b) for _, a, b in head}))
    if head:
        first = min(head, key=lambda x: (x[1], -x[2]))
        return ArticleDate(first[0], printed=printed)
    if published is not None:
        return ArticleDate(published, printed=printed, source="published")
    tail = page_dates(text, language, tail=True)
    if tail:
        day, a, b = tail[-1]
        return ArticleDate(day, printed=((a, b),), source="tail")
    month = page_month(original if original is not None else text)
    if month is not None:
        return ArticleDate(month, month_only=True, source="month")
    return None


@lru_cache(maxsize=64)
def page_dates(text: str, language: str, *, tail: bool = False) -> tuple[PageDate, ...]:
    """(day, start, end) of every full date near the top of ``text`` (``tail``: near
    its end) that dates the page: alone on its line or "|" segment (with at most
    a time, a label or an outlet name), or after a page label such as
    "Published:"; never an embedded post's signature or a date within a sentence
    of the story."""
    lo = max(0, len(text) - _PAGE_REACH) if tail else 0
    part = text[lo:] if tail else text[:_PAGE_REACH]
    labels = page_labels(language)
    segments = [(s.start(), s.end()) for s in _SEGMENT.finditer(part)]
    found: list[PageDate] = []
    for mention in find_dates(part, language, reference=None):
        if mention.date is None or mention.relative:
            continue
        start, end = next(
            ((a, b) for a, b in segments if a <= mention.start < b), (0, len(part))
        )
        before = part[start : mention.start]
        after = part[mention.end : end]
        if _POSTED.search(part[start:end]) or _in_sentence(before, after):
            continue
        rest = _TIME.sub("", before + after)
        if labels.search(before) or _width(rest.strip(" ,.-–—()[]|:")) <= _OTHER:
            found.append((mention.date, lo + mention.start, lo + mention.end))
    return tuple(found)


def _in_sentence(before: str, after: str) -> bool:
    return bool(_FULL_STOP.search(after)) and len(before.split()) >= _SENTENCE_WORDS


def _width(s: str) -> int:
    """Columns ``s`` takes: a CJK character says as much as two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
