"""The day travel advice was given, and an article's dateline.

Dates are found by regex (month and weekday names are data in
``data/lexicon/dates.json``); dateparser only reads labelled dateline values the
regexes do not know. A year is never made up: a date written without one, a weekday
or "today" only resolves against a reference day (the published date, or a dated
dateline), or, for a day-and-month date, a year the article itself states in a full
date. Anything else resolves to None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from travelwatch.pipeline.signals.lexicon import compile_plain, load
from travelwatch.pipeline.signals.sentences import sentence_at, sentence_spans

# A day-and-month date up to this many days after the reference is taken to be in
# the future (an event announced ahead), not a day in the previous year.
_FUTURE_WINDOW_DAYS = 62
# A day-and-month date read as last year's must still fall within this many days
# before the reference; further back the text does not fix its year.
_YEAR_BACK_DAYS = 183
# How many characters at the top of an article may hold its dateline.
_DATELINE_REACH = 1500
# Strong verbs say that advice was given on that day; weaker ones only report it.
_STRONG_VERB = re.compile(
    r"issu|dated|publish|declar|releas|announc|came\s+into|emiti|de\s+fecha", re.I
)


@dataclass(frozen=True, slots=True)
class DateHit:
    """A resolved ``date`` written as ``text`` at ``text[start:end]``."""

    date: dt.date
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Mention:
    """A date expression before resolution; missing parts are None."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset_days: int | None = None
    strictly_before: bool = False


def _names(table: dict[str, int]) -> str:
    return "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = load("dates")
    month = rf"(?P<month>{_names(lex['months'])})\.?"
    short = set(lex["short_weekdays_need_comma"])
    full_wd = {k: v for k, v in lex["weekdays"].items() if k not in short}
    wd_prefix = rf"(?:(?P<wd>{_names(lex['weekdays'])})\.?(?:,\s*|\s*\(\s*|\s+))?"
    year = r"(?:,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d)(?!\d))?"
    day = r"(?P<day>[0-3]?\d)(?!\d)(?:st|nd|rd|th|er|º)?"
    return {
        "iso": re.compile(
            r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"
        ),
        # 8.05.2025: dotted numeric dates are day-first wherever they are used.
        "dotted": re.compile(
            r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\."
            r"(?P<year>(?:19|20)\d\d)(?![\d])"
        ),
        "dmy": re.compile(
            rf"(?<!\w){wd_prefix}(?:the\s+|le\s+|el\s+)?{day}\s+(?:of\s+|de\s+)?"
            rf"{month}(?!\w){year}",
            re.I,
        ),
        "mdy": re.compile(rf"(?<!\w){wd_prefix}{month}\s+{day}(?!\w){year}", re.I),
        "weekday": re.compile(
            rf"(?<!\w)(?P<last>last\s+|this\s+past\s+)?(?P<wd>{_names(full_wd)})"
            r"(?!\w)",
            re.I,
        ),
        "relative": re.compile(
            rf"(?<!\w)(?P<rel>{_names(lex['relative_days'])})(?!\w)", re.I
        ),
    }


def _mentions(text: str, lo: int = 0, hi: int | None = None) -> list[_Mention]:
    lex = load("dates")
    hi = len(text) if hi is None else hi
    found: list[_Mention] = []
    for kind, pattern in _patterns().items():
        for m in pattern.finditer(text, lo, hi):
            found.append(_mention(kind, m, lex))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _mention(kind: str, m: re.Match[str], lex: dict[str, dict[str, int]]) -> _Mention:
    groups = m.groupdict()
    if kind == "relative":
        offset = lex["relative_days"][groups["rel"].lower()]
        return _Mention(m.start(), m.end(), offset_days=offset)
    weekday = lex["weekdays"][groups["wd"].lower()] if groups.get("wd") else None
    if kind == "weekday":
        return _Mention(
            m.start(), m.end(), weekday=weekday, strictly_before=bool(groups["last"])
        )
    month_text = groups["month"].lower()
    month = int(month_text) if month_text.isdigit() else lex["months"][month_text]
    year = int(groups["year"]) if groups.get("year") else None
    end = m.end()
    # "Monday (Jan 26)": take in the closing bracket the weekday prefix opened.
    if "(" in m.group() and m.string[end : end + 1] == ")":
        end += 1
    return _Mention(m.start(), end, year, month, int(groups["day"]), weekday)


def _resolve(
    mention: _Mention, reference: dt.date | None, text_year: dt.date | None = None
) -> dt.date | None:
    if mention.month is not None and mention.day is not None:
        if mention.year is not None:
            return _safe_date(mention.year, mention.month, mention.day)
        anchor = reference or text_year
        return _month_day(mention.month, mention.day, anchor) if anchor else None
    if reference is None:
        return None
    if mention.offset_days is not None:
        return reference + dt.timedelta(days=mention.offset_days)
    if mention.weekday is not None:
        back = (reference.weekday() - mention.weekday) % 7
        if back == 0 and mention.strictly_before:
            back = 7
        return reference - dt.timedelta(days=back)
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, reference: dt.date) -> dt.date | None:
    same_year = _safe_date(reference.year, month, day)
    if same_year is None:
        return None
    if same_year <= reference + dt.timedelta(days=1):
        return same_year
    if (same_year - reference).days <= _FUTURE_WINDOW_DAYS:
        return None
    last_year = _safe_date(reference.year - 1, month, day)
    if last_year is None or (reference - last_year).days > _YEAR_BACK_DAYS:
        return None
    return last_year


# -- datelines -------------------------------------------------------------------


@cache
def _dateline_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    labels = load("dates")["dateline_labels"]
    colon_labels = load("dates")["dateline_labels_with_colon"]
    city = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Z.'’-]+){0,2}"
    return (
        # BEIJING, Dec 11 (Reuters) -
        (
            "city",
            re.compile(
                rf"(?<![\w,])(?:{city}),?\s+(?P<date>[^\n()]{{3,30}}?)\s*"
                r"(?:\([^)\n]{1,40}\))?\s*(?:-{1,2}|–|—|:)(?=\s)"
            ),
        ),
        # June 5, 2019 (ABC) – : a dateline without a city, at the start of a line
        (
            "bare",
            re.compile(
                r"(?m)^[ \t]*(?P<date>[^\n()]{6,30}?)\s*(?:\([^)\n]{1,40}\)\s*)?"
                r"(?:-{1,2}|–|—)(?=\s)"
            ),
        ),
        # Published: 20 March 2023 12:52 / | Updated: 13 April, 2024 / a byline
        # line "By our correspondent | Updated 22/07/2024 14:05"
        (
            "label",
            re.compile(
                rf"(?im)(?:^|\|)[\s|•·*-]*(?:{labels}\s*:?|{colon_labels}\s*:)\s*(?:on\s+)?"
                r"(?P<date>[^\n|]{6,40})"
            ),
        ),
        # a line that is only a date: "Tuesday, Jun 24, 2025"
        ("line", re.compile(r"(?m)^[ \t]*(?P<date>[^\n]{6,32}?)[ \t]*$")),
    )


def find_dateline(
    text: str, *, published: dt.date | None = None, language: str = "en"
) -> DateHit | None:
    """The article's dateline: "MOSCOW, Dec 11 (Reuters) -", "Published: ...".

    The hit spans the whole dateline; its date is the dateline's own. A dateline
    without a year only resolves against ``published``; otherwise it is not returned.
    A numeric labelled date ("Actualizado 04/02/2019") is read month first only in
    English; in other languages day first.
    """
    head_end = min(len(text), _DATELINE_REACH)
    best: DateHit | None = None
    for kind, pattern in _dateline_patterns():
        for m in pattern.finditer(text, 0, head_end):
            day = _dateline_date(text, m, published, kind, language)
            if day is None:
                continue
            if best is None or m.start() < best.start:
                best = DateHit(day, m.start(), m.end(), text[m.start() : m.end()])
            break
    return best


def _dateline_date(
    text: str, m: re.Match[str], published: dt.date | None, kind: str, language: str
) -> dt.date | None:
    start, end = m.span("date")
    mentions = [x for x in _mentions(text, start, end) if x.month is not None]
    if not mentions:
        if kind != "label":
            return None
        return _parse_labelled(m.group("date"), published, language)
    first = mentions[0]
    # A city dateline or a bare date line holds nothing but the date.
    if kind != "label":
        rest = text[start : first.start] + text[first.end : end]
        if rest.strip(" ,.|"):
            return None
    return _resolve(first, published)


def _parse_labelled(
    value: str, published: dt.date | None, language: str = "en"
) -> dt.date | None:
    import dateparser  # slow to import; only needed for unusual formats

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if language != "en":
        settings["DATE_ORDER"] = "DMY"
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    parsed = dateparser.parse(value.strip(), settings=settings)
    return parsed.date() if parsed else None


# -- the day advice was given ----------------------------------------------------

Span = tuple[int, int]


def _reference(
    text: str, published: dt.date | None, dateline: str | None
) -> dt.date | None:
    if dateline:
        hit = find_dateline(dateline, published=published)
        if hit is not None:
            return hit.date
        for mention in _mentions(dateline):
            day = _resolve(mention, published)
            if day is not None and mention.month is not None:
                return day
    return published


def _latest_full_date(mentions: list[_Mention]) -> dt.date | None:
    days = [
        _safe_date(m.year, m.month, m.day)
        for m in mentions
        if m.year is not None and m.month is not None and m.day is not None
    ]
    known = [d for d in days if d is not None]
    return max(known) if known else None


def full_date(text: str) -> dt.date | None:
    """The day ``text`` writes out in full (day, month and year) and nothing else
    ("March 3, 2022"), or None."""
    mentions = _mentions(text)
    if (
        len(mentions) != 1
        or text[: mentions[0].start].strip(" ,")
        or text[mentions[0].end :].strip(" ,.")
    ):
        return None
    m = mentions[0]
    if m.year is None or m.month is None or m.day is None:
        return None
    return _safe_date(m.year, m.month, m.day)


def latest_full_date(text: str) -> dt.date | None:
    """The latest full date (day, month and year) written in ``text``, or None."""
    return _latest_full_date(_mentions(text))


@dataclass(frozen=True, slots=True)
class _Reading:
    """How strictly dates are read: which words count and how much they must add."""

    verbs: re.Pattern[str]
    nouns: re.Pattern[str]
    min_weight: int = 0


@cache
def _advice_reading() -> _Reading:
    lex = load("dates")
    return _Reading(
        compile_plain(rf"\b{lex['issue_verbs']}(?!\w)"),
        compile_plain(rf"\b{lex['advice_nouns']}"),
    )


@cache
def _statement_reading(attributed: bool) -> _Reading:
    lex = load("dates")
    return _Reading(
        compile_plain(rf"\b(?:{lex['issue_verbs']}|{lex['statement_verbs']})(?!\w)"),
        compile_plain(rf"\b(?:{lex['advice_nouns']}|{lex['statement_nouns']})"),
        2 if attributed else 3,
    )


def resolve_issued(
    text: str,
    *,
    published: dt.date | None,
    dateline: str | None = None,
    exclude: Sequence[Span] = (),
    month_only: bool = False,
    advice: Sequence[Span] = (),
) -> DateHit | None:
    """The day the advice in ``text`` was given, or None when the text does not fix it.

    ``text`` is the advice sentence with its neighbours, or a whole article; among the
    dates in sentences that report advice being given, the one closest to a verb of
    issuing wins. Weekdays resolve to the latest such day on or before the reference
    (the dateline's date, else ``published``). ``exclude`` are spans of ``text`` that
    print the article's own date: a date there is when the page was dated, not when
    the advice was given (unless it stands alone under a heading that names advice).
    With ``month_only`` the reference is only known to its month (a "date 2019-04"
    line, given as that month's last day): it dates a day and month, never a
    weekday or "today".
    """
    reference = _reference(text, published, dateline)
    found = _issue_hit(
        text,
        reference,
        _advice_reading(),
        exclude=exclude,
        month_only=month_only,
        advice=advice,
    )
    return found[1] if found else None


def statement_date(
    sentence: str,
    *,
    reference: dt.date | None,
    attributed: bool = False,
    year_of: dt.date | None = None,
    exclude: Sequence[Span] = (),
    month_only: bool = False,
) -> DateHit | None:
    """The day given in a sentence that reports a government's statement ("the
    ministry said on Friday", "issued the warning at a briefing on Wednesday"), for
    advice whose own sentences give none.

    Read more strictly than the advice's own sentences: a verb of giving advice or
    of reporting a statement must come with a word for advice or for a statement,
    unless the sentence is ``attributed`` (it names the advising government or its
    ministry), where the verb is enough. Without a ``reference``, ``year_of`` (the
    latest full date the article states) fixes the year of a day and month.
    """
    found = _issue_hit(
        sentence,
        reference,
        _statement_reading(attributed),
        exclude=exclude,
        month_only=month_only,
        text_year=year_of,
    )
    return found[1] if found else None


def _issue_hit(
    text: str,
    reference: dt.date | None,
    reading: _Reading,
    *,
    exclude: Sequence[Span],
    month_only: bool,
    text_year: dt.date | None = None,
    advice: Sequence[Span] = (),
) -> tuple[tuple[int, int, int, int], DateHit] | None:
    """The best-scored issue date of ``text`` and its score, or None."""
    lex = load("dates")
    mentions = [m for m in _mentions(text) if not _labelled(text, m)]
    if reference is None and text_year is None:
        text_year = _latest_full_date(mentions)
    if reference is not None:
        text_year = None
    spans = sentence_spans(text)
    not_before = compile_plain(lex["not_issue_before"])
    best: tuple[tuple[int, int, int, int], DateHit] | None = None
    for mention in mentions:
        if month_only and mention.month is None:
            continue
        if not_before.search(text[max(0, mention.start - 30) : mention.start]):
            continue
        day = _resolve(mention, reference, text_year)
        if day is None or (reference and day > reference + dt.timedelta(days=1)):
            continue
        score = _score(text, spans, mention, reading.verbs, reading.nouns)
        if score is None or score[0] < reading.min_weight:
            continue
        printed = any(a < mention.end and mention.start < b for a, b in exclude)
        if printed and score[0] != _ALONE:
            continue
        own = int(any(a <= mention.start < b for a, b in advice))
        if best is None or (own, *score) > best[0]:
            hit = DateHit(
                day, mention.start, mention.end, text[mention.start : mention.end]
            )
            best = ((own, *score), hit)
    return best


def given_before(sentence: str) -> bool:
    """Whether ``sentence`` tells of advice as given before the news ("the ministry
    had already warned against travel to the coast", "the advisory is still in
    force")."""
    return bool(compile_plain(load("dates")["given_before"]).search(sentence))


def dates_advice(sentence: str) -> bool:
    """Whether ``sentence`` says when the advisory itself was given ("The advisory
    was last updated on ..."), wherever it stands from the advice wording."""
    return bool(compile_plain(load("dates")["advice_dated"]).search(sentence))


@cache
def _label() -> re.Pattern[str]:
    lex = load("dates")
    return compile_plain(
        rf"(?:^|\n)[\s|•·*-]*(?:{lex['dateline_labels']}\s*:?|"
        rf"{lex['dateline_labels_with_colon']}\s*:?)\s*$"
    )


def _labelled(text: str, mention: _Mention) -> bool:
    """Whether a page label ("Published:", a leading "date") introduces the date.

    Such a date is when the page was dated, not when the advice was given.
    """
    return bool(_label().search(text[max(0, mention.start - 40) : mention.start]))


# The weight of a date standing alone on its line under a heading that names advice.
_ALONE = 1


def _score(
    text: str,
    spans: list[tuple[int, int]],
    mention: _Mention,
    verbs: re.Pattern[str],
    nouns: re.Pattern[str],
) -> tuple[int, int, int] | None:
    """(weight, -distance, -position) of a date for being the issue date, or None.

    A date needs a verb of giving advice in its sentence. A date standing alone on
    its line ("Mexico Travel Advisory / November 15, 2018") is read with the heading
    above it, where a word for advice is enough.
    """
    s, e = sentence_at(spans, mention.start)
    alone = not text[s:e].replace(text[mention.start : mention.end], "").strip(" ,.")
    if alone:
        index = spans.index((s, e))
        if index == 0 or not nouns.search(text[slice(*spans[index - 1])]):
            return None
        return _ALONE, 0, -mention.start
    sentence = text[s:e]
    verb_hits = list(verbs.finditer(sentence))
    if not verb_hits:
        return None
    centre = mention.start - s
    nearest = min(verb_hits, key=lambda v: abs(v.start() - centre))
    weight = int(bool(nouns.search(sentence)))
    weight += 3 if _STRONG_VERB.match(nearest.group()) else 2
    return weight, -abs(nearest.start() - centre), -mention.start
