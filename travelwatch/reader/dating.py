"""The day each advisory's advice was given, as far as the article fixes it.

Read the way a careful reader does (SCHEMA.md: an explicit date, or a weekday or
"today" with the article's own date; never a year from outside the text):

1. ``issued_in`` (used by ``group``): the advice's own sentences and their
   neighbours; the date nearest a verb of giving advice wins.
2. ``date_advisories`` (the ``dates`` component), for advice those leave undated:

   - advice the hand rules read takes the date the reader gave the same advice
     (same issuer, a shared destination), when the reader read just one;
   - otherwise the sentence that reports the issuer's statement ("the ministry said
     on Friday", "issued the warning at a briefing on Wednesday"): the article's
     first sentences and those near the advice, nearest first, read more strictly
     than the advice's own (``signals.dates.statement_date``), and never one that
     gives another government's advice.

Relative and yearless dates resolve against the article's own date
(``pipeline.article_date``), which is never itself taken for the issue date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from travelwatch.models import Advisory, Evidence
from travelwatch.pipeline.article_date import ArticleDate, document_date
from travelwatch.reader.document import ReadDoc

__all__ = ["date_advisories", "issued_in"]

# The article's first sentences (headline and lede) may report the statement.
_LEDE = 3
# Sentences before or after the advice that may report the statement.
_REACH = 3
# An embedded post's signature: "— Foreign Ministry (@mfa_example) March 3, 2022".
_POST = re.compile(
    r"[—–]\s*[^\n—–(]{1,80}?\s*\(@\w{1,30}\)\s*(?P<date>[^\n]{6,40}?)\s*$", re.M
)
# How many sentences before its signature an embedded post's text may start.
_POST_SENTENCES = 3

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
    statement: bool = False,
    attributed: bool = False,
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
        from travelwatch.pipeline.signals.dates import (
            latest_full_date,
            resolve_issued,
            statement_date,
        )

        if statement:
            year = None if article else latest_full_date(rd.document.text)
            hit = statement_date(
                text,
                reference=reference,
                attributed=attributed,
                year_of=year,
                exclude=exclude,
                month_only=month_only,
            )
        else:
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


def date_advisories(rd: ReadDoc) -> None:
    """Give each advisory its own sentences leave undated the date the article
    gives elsewhere (see the module's docstring)."""
    article = document_date(rd.document)
    spans = [
        rd.document.text_map.span_to_original(s.start, s.end) for s in rd.sentences
    ]
    own = [_sentences(adv, spans, rd) for adv in rd.advisories]
    for i, adv in enumerate(rd.advisories):
        if adv.issued is not None:
            continue
        others = [
            (a.issuer, o)
            for j, (a, o) in enumerate(zip(rd.advisories, own, strict=True))
            if j != i
        ]
        found = (
            _as_read(rd, adv)
            or _statement(rd, adv, own[i], others, article)
            or _posted(rd, adv)
        )
        if found is not None:
            adv.issued, evidence = found
            adv.evidence.append(evidence)


def _sentences(adv: Advisory, spans: list[Span], rd: ReadDoc) -> list[int]:
    """The sentences (reader indexes) holding the advice's own evidence, and those
    of the reader's advisories the same advice stands for (same issuer, a shared
    destination)."""
    marks = [
        (e.start, e.end)
        for a in (adv, *_same_advice(rd, adv))
        for e in a.evidence
        if e.field in ("level", "issuer", "destinations")
    ]
    return [
        i
        for i, (a, b) in enumerate(spans)
        if any((lo < b and a < hi) or a <= lo < b for lo, hi in marks)
    ]


def _same_advice(rd: ReadDoc, adv: Advisory) -> list[Advisory]:
    """The reader's advisories giving the same advice as ``adv`` (not itself)."""
    return [
        a
        for a in rd.learned_advisories
        if a is not adv
        and a.issuer == adv.issuer
        and set(a.destinations) & set(adv.destinations)
    ]


def _as_read(rd: ReadDoc, adv: Advisory) -> tuple[dt.date, Evidence] | None:
    """The date the reader gave the same advice (the rules' advisory stands for
    it), when it gave one date."""
    same = [
        (a.issued, e)
        for a in _same_advice(rd, adv)
        for e in a.evidence
        if e.field == "issued" and a.issued is not None
    ]
    if len({day for day, _ in same}) != 1:
        return None
    day, evidence = same[0]
    assert day is not None
    return day, evidence


def _statement(
    rd: ReadDoc,
    adv: Advisory,
    own: list[int],
    others: list[tuple[str, list[int]]],
    article: ArticleDate | None,
) -> tuple[dt.date, Evidence] | None:
    """The date of the nearest sentence reporting the issuer's statement: among the
    article's first sentences and those near the advice, one no other advice in
    the article stands nearer to (or as near, from another government the sentence
    names, or without the sentence naming this one)."""
    if not own or _given_before(rd, adv):
        return None
    near = {
        s
        for a in own
        for s in range(a - _REACH, a + _REACH + 1)
        if 0 <= s < len(rd.sentences)
    }
    near |= set(range(min(_LEDE, len(rd.sentences))))
    for s in sorted(near, key=lambda x: (_distance(x, own), x)):
        if not _closest(rd, s, adv.issuer, own, others):
            continue
        told = _told_by(rd, s, adv)
        if told is None:
            continue
        found = _read(rd, [s], article, statement=True, attributed=told)
        if found is not None:
            day, start, end = found
            return day, rd.evidence("issued", start, end, s)
    return None


def _given_before(rd: ReadDoc, adv: Advisory) -> bool:
    """Whether the advice's own wording tells of it as given before the news
    (English wording only)."""
    if rd.language != "en":
        return False
    from travelwatch.pipeline.signals.dates import given_before

    return any(given_before(e.sentence) for e in adv.evidence if e.field == "level")


def _posted(rd: ReadDoc, adv: Advisory) -> tuple[dt.date, Evidence] | None:
    """The date of a post the article embeds that gives this advice: a post (the
    few sentences before its signature) about one of the advice's places, which
    the issuer signs, or which names the issuer with words for advice. The
    signature's date is when it was posted."""
    text = rd.document.text
    for m in _POST.finditer(text):
        day = _signed(m.group("date"), rd.language)
        if day is None:
            continue
        signature = rd.sentence_of(m.start())
        post = range(max(0, signature - _POST_SENTENCES), signature + 1)
        codes = {rd.mentions[x].code for s in post for x in rd.mentions_in(s)}
        signed = {rd.mentions[x].code for x in rd.mentions_in(signature)}
        advice = any(rd.cues_in(s, "advice") for s in post)
        about = bool(codes & set(adv.destinations))
        if about and ((advice and adv.issuer in codes) or adv.issuer in signed):
            a, b = m.span("date")
            return day, rd.evidence("issued", a, b, signature)
    return None


def _signed(written: str, language: str) -> dt.date | None:
    from travelwatch.pipeline.dates_i18n import find_dates
    from travelwatch.pipeline.signals.dates import full_date

    day = full_date(written)
    if day is None:
        found = find_dates(written, language, reference=None)
        if len(found) == 1 and not found[0].relative:
            day = found[0].date
    return day


def _distance(sentence: int, own: list[int]) -> int:
    return min(abs(sentence - a) for a in own) if own else 10**9


def _closest(
    rd: ReadDoc,
    sentence: int,
    issuer: str,
    own: list[int],
    others: list[tuple[str, list[int]]],
) -> bool:
    """Whether this advice is the nearest to ``sentence``: a tie with advice of
    another government only where the sentence names this one and not that one."""
    mine = _distance(sentence, own)
    named = {rd.mentions[m].code for m in rd.mentions_in(sentence)}
    return all(
        _distance(sentence, o) > mine
        or (
            _distance(sentence, o) == mine
            and (code == issuer or (issuer in named and code not in named))
        )
        for code, o in others
    )


def _told_by(rd: ReadDoc, sentence: int, adv: Advisory) -> bool | None:
    """Whether ``sentence`` names the advising government (or a ministry) as
    speaking: True; names none: False; or reports someone else: None (its date
    is not this advice's): it gives another government's advice, names another
    government as advising, or names another country (not one the advice is
    about) without naming the issuer."""
    issuer = adv.issuer
    other = rd.issuers.get(sentence)
    if other is not None and other != issuer:
        return None
    named = stranger = False
    for m in rd.mentions_in(sentence):
        code = rd.mentions[m].code
        if m in rd.issuer_mentions and code != issuer:
            return None
        named = named or code == issuer
        stranger = stranger or code not in (issuer, *adv.destinations)
    bodies = [c.value for c in rd.cues_in(sentence, "body")]
    foreign = any(v not in (issuer, "home", None) for v in bodies)
    if (stranger or foreign) and not named:
        return None
    return named or bool(bodies) or other == issuer


def _has_cues(language: str) -> bool:
    from travelwatch.pipeline.dates_i18n import has_cues

    return has_cues(language)
