"""Dates in news text in any language, and the day advice was given.

English has its own reader (``travelwatch.pipeline.signals.dates``); this module
dates every other language. Candidates are found with patterns whose words are data
(``data/lexicon/dates_i18n.json``: month, weekday and relative-day words per
language, CJK and numeric forms shared by all); each candidate is then read from
its regex groups. A full date ("14 November 2025" in a language without a word
table) falls back to ``dateparser`` given the language. A year is never made up:
a date without a year, a bare day ("14日", "(14일)"), a weekday or "yesterday"
resolves only against a reference day (the article's dateline, else its published
date); without one it stays ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from travelwatch.pipeline.signals.lexicon import load

__all__ = [
    "DateMention",
    "PageDate",
    "dateline",
    "find_dates",
    "has_cues",
    "issued_date",
    "issued_hit",
    "page_labels",
    "page_month",
]

# A yearless date up to this many days after the reference is an event announced
# ahead (no date); further ahead it is read as last year's (as for English).
_FUTURE_WINDOW_DAYS = 62
# A yearless date read as last year's must fall within this many days before the
# reference; further back the text does not fix its year.
_YEAR_BACK_DAYS = 183
# How far into an article a year-and-month line ("date 2019-04") may stand.
_PAGE_MONTH_REACH = 320
# How far before / after a date its "until" / "since" / page-label words may stand.
_BEFORE = 24
_AFTER = 14
_LEAP = dt.timedelta(days=1)
_YEAR = r"(?:19|20)\d\d"
_YEAR_BE = r"(?:19|20|25)\d\d"
_YEAR_JALALI = r"1[34]\d\d"

#: A date a page prints as its own: (day, start, end).
PageDate = tuple[dt.date, int, int]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written at ``text[start:end]``.

    ``date`` is None when the text does not fix the day (no year and no reference).
    ``relative`` marks a weekday or a word such as "today" / "yesterday".
    """

    start: int
    end: int
    date: dt.date | None
    relative: bool


@dataclass(frozen=True, slots=True)
class _Raw:
    """A candidate before resolution; missing parts are None."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int | None = None
    strictly_before: bool = False
    jalali: bool = False
    rank: int = 0


# -- data --------------------------------------------------------------------------


def _fold(word: str) -> str:
    return (
        unicodedata.normalize("NFC", word)
        .casefold()
        .replace("i̇", "i")
        .replace("ı", "i")
        .replace("’", "'")
        .replace("\u200c", " ")
    )


def _alternation(words: dict[str, int]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"[\s\u200c]?").replace("'", "['’]")
        for w in sorted(words, key=len, reverse=True)
    )


@cache
def _lexicon() -> dict[str, Any]:
    return load("dates_i18n")


@cache
def _digits() -> dict[int, int]:
    table: dict[int, int] = {}
    for zero in _lexicon()["digit_zeros"]:
        for i in range(10):
            table[ord(zero) + i] = ord("0") + i
    return table


def _language(language: str) -> dict[str, Any]:
    """The lexicon's entry for ``language``; a table it lacks (every table, for a
    language it does not list) is filled with CLDR's words (``cldr_dates``)."""
    entry: dict[str, Any] = dict(_lexicon()["languages"].get(language, {}))
    missing = [k for k in ("months", "weekdays", "relative") if k not in entry]
    if missing:
        from travelwatch.pipeline.cldr_dates import cldr_words

        words = cldr_words(language)
        for key in missing:
            entry[key] = dict(getattr(words, key))
        if "weekdays" in missing and words.weekday_suffix:
            entry["weekday_suffix"] = words.weekday_suffix
    return entry


@dataclass(frozen=True, slots=True)
class _Tables:
    months: dict[str, int]
    jalali: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    cues: re.Pattern[str] | None
    until_before: re.Pattern[str] | None
    until_after: re.Pattern[str] | None
    since_before: re.Pattern[str] | None
    since_after: re.Pattern[str] | None
    from_before: re.Pattern[str] | None
    from_after: re.Pattern[str] | None
    last_before: re.Pattern[str] | None
    last_after: re.Pattern[str] | None
    labels: re.Pattern[str]
    numeric_mdy: bool
    buddhist_era: bool
    prefix: re.Pattern[str]
    weekday_suffix: int = 0


def _word(pattern: str, entry: dict[str, Any]) -> str:
    """``pattern`` as a whole word (where the script has word boundaries)."""
    prefix = f"{entry['prefix']}?" if entry.get("prefix") else ""
    if entry.get("boundary", True):
        return rf"(?<![\w\u200c]){prefix}(?:{pattern})(?![\w\u200c])"
    return f"(?:{pattern})"


def _near(pattern: str, before: bool, boundary: bool) -> re.Pattern[str] | None:
    if not pattern:
        return None
    if before:
        lead = r"(?<!\w)" if boundary else ""
        return re.compile(rf"{lead}(?:{pattern})\s*$", re.I)
    return re.compile(rf"^\s*(?:{pattern})", re.I)


@cache
def _tables(language: str) -> _Tables:
    lex = _lexicon()
    entry = _language(language)
    months = {_fold(k): v for k, v in entry.get("months", {}).items()}
    jalali = {_fold(k): v for k, v in entry.get("jalali_months", {}).items()}
    weekdays = {_fold(k): v for k, v in entry.get("weekdays", {}).items()}
    relative = {_fold(k): v for k, v in entry.get("relative", {}).items()}
    year = _YEAR_BE if entry.get("buddhist_era") else _YEAR
    fill = {"{YEAR}": year, "{DAY}": r"(?P<day>[0-3]?\d)(?!\d)"}
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for key, template in lex["patterns"].items():
        name, _, only = key.partition("@")
        needs_month = "{MONTH}" in template
        if (needs_month and not months) or (only and only != language):
            continue
        if "{WEEKDAY}" in template and not weekdays:
            continue
        tables = [("", months)] if needs_month else [("", {})]
        if needs_month and jalali:
            tables.append(("jalali:", jalali))
        for tag, table in tables:
            pattern = template
            for key, value in fill.items():
                pattern = pattern.replace(key, value)
            if tag:
                pattern = pattern.replace(year, _YEAR_JALALI)
            alt = _alternation(table) if table else ""
            pattern = pattern.replace("{MONTH}", _word(alt, entry) if alt else "")
            pattern = pattern.replace("{MONTH2}", _word(alt, entry) if alt else "")
            pattern = pattern.replace(
                "{WEEKDAY}", _word(_alternation(entry.get("weekdays", {})), entry)
            )
            flags = (
                0
                if name == "weekday_day" and entry.get("weekdays_case_sensitive")
                else re.I
            )
            compiled.append((tag + name, re.compile(pattern, flags)))
    if weekdays:
        flags = 0 if entry.get("weekdays_case_sensitive") else re.I
        alt = _alternation(entry["weekdays"])
        if entry.get("weekday_suffix"):
            alt = rf"(?:{alt})\w{{0,{int(entry['weekday_suffix'])}}}"
        compiled.append(("weekday", re.compile(f"(?P<wd>{_word(alt, entry)})", flags)))
    if relative:
        alt = _alternation(entry["relative"])
        compiled.append(("relative", re.compile(f"(?P<rel>{_word(alt, entry)})", re.I)))
    compiled.append(("generic", _generic()))
    # Without advice words for the language, any sentence of the window will do.
    cue_words = f"{entry['cues']}|{lex['common_cues']}" if entry.get("cues") else ""
    boundary = entry.get("boundary", True)
    cues = (
        re.compile(_word(cue_words, entry) if boundary else cue_words, re.I)
        if cue_words
        else None
    )
    return _Tables(
        months=months,
        jalali=jalali,
        weekdays=weekdays,
        relative=relative,
        patterns=tuple(compiled),
        cues=cues,
        until_before=_near(entry.get("until_before", ""), True, boundary),
        until_after=_near(entry.get("until_after", ""), False, boundary),
        since_before=_near(entry.get("since_before", ""), True, boundary),
        since_after=_near(entry.get("since_after", ""), False, boundary),
        from_before=_near(entry.get("from_before", ""), True, boundary),
        from_after=_near(entry.get("from_after", ""), False, boundary),
        last_before=_near(entry.get("last_before", ""), True, boundary),
        last_after=_near(entry.get("last_after", ""), False, boundary),
        labels=re.compile(
            rf"(?<!\w)(?:{lex['page_labels']})\s*[:：]?\s*(?:on\s+|le\s+|el\s+)?$", re.I
        ),
        numeric_mdy=entry.get("numeric_order") == "mdy",
        buddhist_era=bool(entry.get("buddhist_era")),
        prefix=re.compile(entry.get("prefix") or r"(?!)"),
        weekday_suffix=int(entry.get("weekday_suffix", 0)),
    )


@cache
def _generic() -> re.Pattern[str]:
    """A full date with a month word no table knows ("14 listopadu 2025", "2025.
    november 14.", an English "February 28, 2026" in a quoted post), read by
    dateparser; tried after the table patterns, so it only fills gaps."""
    return re.compile(
        rf"(?<!\d)(?:(?P<d1>[0-3]?\d)\.?\s+(?P<w1>[^\W\d_]{{3,12}})\.?,?\s+"
        rf"(?P<y1>{_YEAR})|(?P<y2>{_YEAR})\.?\s+(?P<w2>[^\W\d_]{{3,12}})\.?\s+"
        rf"(?P<d2>[0-3]?\d)\.?|(?<!\w)(?P<w3>[^\W\d_]{{3,12}})\.?\s+(?P<d3>[0-3]?\d),?\s+"
        rf"(?P<y3>{_YEAR}))(?!\d)"
    )


# -- candidates --------------------------------------------------------------------


def _candidates(text: str, language: str) -> list[_Raw]:
    tables = _tables(language)
    plain = text.translate(_digits())
    found: list[_Raw] = []
    for rank, (kind, pattern) in enumerate(tables.patterns):
        for m in pattern.finditer(plain):
            raw = _read(kind, m, tables, language, rank)
            if raw is not None:
                found.append(raw)
    found.sort(key=lambda r: (r.start, -(r.end - r.start), r.rank))
    kept: list[_Raw] = []
    for raw in found:
        if kept and raw.start < kept[-1].end:
            continue
        kept.append(raw)
    return _merge(kept, plain)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _read(
    kind: str, m: re.Match[str], tables: _Tables, language: str, rank: int
) -> _Raw | None:
    g = m.groupdict()
    start, end = m.span()
    jalali = kind.startswith("jalali:")
    if kind == "relative":
        offset = _lookup(tables.relative, g["rel"], tables)
        return None if offset is None else _Raw(start, end, offset=offset, rank=rank)
    if kind == "weekday":
        weekday = _lookup(tables.weekdays, g["wd"], tables, tables.weekday_suffix)
        return None if weekday is None else _Raw(start, end, weekday=weekday, rank=rank)
    if kind == "generic":
        return _read_generic(m, language, rank)
    year = _int(g.get("year"))
    if year is not None and tables.buddhist_era and year > 2400:
        year -= 543
    if g.get("era"):
        eyear = g.get("eyear")
        if eyear is not None:
            base = _lexicon()["eras"][g["era"]]
            year = base + (1 if eyear == "元" else int(eyear))
    month = _int(g.get("month"))
    day = _int(g.get("day"))
    if g.get("a") is not None:
        a, b = int(g["a"]), int(g["b"])
        day, month = (b, a) if tables.numeric_mdy else (a, b)
        if month > 12 >= day:
            day, month = month, day
    if g.get("mname"):
        month = _lookup(tables.jalali if jalali else tables.months, g["mname"], tables)
        if month is None:
            return None
    weekday = _lookup(tables.weekdays, g["wd"], tables) if g.get("wd") else None
    if (
        day is None
        or not 1 <= day <= 31
        or (month is not None and not 1 <= month <= 12)
    ):
        return None
    return _Raw(start, end, year, month, day, weekday, jalali=jalali, rank=rank)


def _lookup(
    table: dict[str, int], word: str, tables: _Tables, suffix: int = 0
) -> int | None:
    """The value of ``word`` in ``table``, also with a trailing dot or a leading
    attached letter ("وأمس", "בנובמבר") taken off, or (``suffix``) an ending of
    up to that many letters ("szombaton")."""
    key = _fold(word)
    for k in (key, key.rstrip("."), key[1:] if tables.prefix.match(key) else ""):
        if k in table:
            return table[k]
    for cut in range(1, suffix + 1):
        if key[:-cut] in table:
            return table[key[:-cut]]
    return None


def _read_generic(m: re.Match[str], language: str, rank: int) -> _Raw | None:
    g = m.groupdict()
    for i in "123":
        if g[f"w{i}"]:
            word, day, year = g[f"w{i}"], g[f"d{i}"], g[f"y{i}"]
            break
    else:  # pragma: no cover - the pattern always sets one branch
        return None
    parsed = _dateparser_read(f"{day} {word} {year}", language)
    if parsed is None or parsed.year != int(year) or parsed.day != int(day):
        return None
    return _Raw(m.start(), m.end(), parsed.year, parsed.month, parsed.day, rank=rank)


@cache
def _dateparser_read(candidate: str, language: str) -> dt.date | None:
    import dateparser  # slow to import; only needed for month words no table knows

    try:
        parsed = dateparser.parse(
            candidate,
            languages=[language, "en"] if language != "en" else ["en"],
            settings={
                "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RELATIVE_BASE": dt.datetime(2000, 1, 1),
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except (ValueError, KeyError):  # an unknown language code
        return None
    return parsed.date() if parsed else None


def _merge(kept: list[_Raw], text: str) -> list[_Raw]:
    """A weekday written next to a calendar date ("Tuesday (15/5)", "8.4.(금)") is
    part of that date, not a day of its own."""
    out: list[_Raw] = []
    for raw in kept:
        prev = out[-1] if out else None
        if prev is not None and _adjacent(text, prev, raw):
            if prev.weekday is not None and prev.day is None and raw.day is not None:
                out[-1] = _with_span(raw, prev.start, raw.end)
                continue
            if raw.weekday is not None and raw.day is None and prev.day is not None:
                tail = text[raw.end : raw.end + 2]
                end = raw.end + (len(tail) - len(tail.lstrip(")）")) and 1)
                out[-1] = _with_span(prev, prev.start, end)
                continue
        out.append(raw)
    return out


def _adjacent(text: str, a: _Raw, b: _Raw) -> bool:
    return bool(re.fullmatch(r"[\s,،(（]{0,3}", text[a.end : b.start]))


def _with_span(raw: _Raw, start: int, end: int) -> _Raw:
    return _Raw(
        start,
        end,
        raw.year,
        raw.month,
        raw.day,
        raw.weekday,
        raw.offset,
        raw.strictly_before,
        raw.jalali,
        raw.rank,
    )


# -- resolution --------------------------------------------------------------------


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _jalali_to_gregorian(jy: int, jm: int, jd: int) -> dt.date | None:
    """The Gregorian day of Solar Hijri ``jy-jm-jd`` (the usual arithmetic rule)."""
    if not (1 <= jm <= 12 and 1 <= jd <= 31):
        return None
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    leap = gy % 4 == 0 and (gy % 100 != 0 or gy % 400 == 0)
    lengths = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 0
    while gm < 12 and days >= lengths[gm]:
        days -= lengths[gm]
        gm += 1
    return _safe(gy, gm + 1, days + 1)


def _calendar(raw: _Raw, year: int) -> dt.date | None:
    assert raw.month is not None and raw.day is not None
    if raw.jalali:
        return _jalali_to_gregorian(year, raw.month, raw.day)
    return _safe(year, raw.month, raw.day)


def _resolve(raw: _Raw, reference: dt.date | None) -> dt.date | None:
    if raw.day is not None and raw.month is not None:
        if raw.year is not None:
            return _calendar(raw, raw.year)
        if reference is None:
            return None
        base = reference.year - 621 if raw.jalali else reference.year
        for year in (base + 1, base, base - 1) if raw.jalali else (base,):
            day = _calendar(raw, year)
            if day is not None and day <= reference + _LEAP:
                return day
            if day is not None and (day - reference).days <= _FUTURE_WINDOW_DAYS:
                return None
        if raw.jalali:
            return None
        last_year = _calendar(raw, base - 1)
        if last_year is None or (reference - last_year).days > _YEAR_BACK_DAYS:
            return None
        return last_year
    if reference is None:
        return None
    if raw.day is not None:  # a bare day of the month: this month's or last month's
        day = _safe(reference.year, reference.month, raw.day)
        if day is None or day > reference + _LEAP:
            last = reference.replace(day=1) - _LEAP
            day = _safe(last.year, last.month, raw.day)
        if day is not None and raw.weekday is not None and day.weekday() != raw.weekday:
            return None
        return day
    if raw.offset is not None:
        return reference + dt.timedelta(days=raw.offset)
    if raw.weekday is not None:
        back = (reference.weekday() - raw.weekday) % 7
        if back == 0 and raw.strictly_before:
            back = 7
        return reference - dt.timedelta(days=back)
    return None


def _relative(raw: _Raw) -> bool:
    return raw.day is None and (raw.offset is not None or raw.weekday is not None)


def _with_last(raws: list[_Raw], text: str, tables: _Tables) -> Iterator[_Raw]:
    for raw in raws:
        if raw.weekday is not None and raw.day is None:
            before = text[max(0, raw.start - _BEFORE) : raw.start]
            after = text[raw.end : raw.end + _BEFORE]
            last = bool(
                (tables.last_before and tables.last_before.search(before))
                or (tables.last_after and tables.last_after.search(after))
            )
            if last:
                raw = _Raw(
                    raw.start, raw.end, weekday=raw.weekday, strictly_before=True
                )
        yield raw


def find_dates(
    text: str, language: str, *, reference: dt.date | None
) -> list[DateMention]:
    """Every date written in ``text`` (in ``language``), in order of position.

    Relative days, weekdays, yearless dates and bare days resolve against
    ``reference``; without it their ``date`` is None.
    """
    tables = _tables(language)
    raws = _with_last(_candidates(text, language), text, tables)
    return [
        DateMention(r.start, r.end, _resolve(r, reference), _relative(r)) for r in raws
    ]


# -- page dates --------------------------------------------------------------------


def page_labels(language: str) -> re.Pattern[str]:
    """Words that label a page's own date ("Published:", "Actualizado"), ending
    where the date would start."""
    return _tables(language).labels


@lru_cache(maxsize=64)
def page_month(text: str) -> dt.date | None:
    """The last day of the month a year-and-month line at the top of ``text``
    ("date 2019-04") gives the page, or None."""
    head = text[:_PAGE_MONTH_REACH].translate(_digits())
    pattern = re.compile(_lexicon()["year_month_line"].replace("{YEAR}", _YEAR), re.M)
    m = pattern.search(head)
    if m is None or not 1 <= int(m["month"]) <= 12:
        return None
    year, month = int(m["year"]), int(m["month"])
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - _LEAP


def dateline(text: str, language: str) -> dt.date | None:
    """The full date printed near the top of ``text``: a dateline, a byline date or a
    "Published:" line (``article_date.page_dates``)."""
    from travelwatch.pipeline.article_date import page_dates

    found = page_dates(text, language)
    return found[0][0] if found else None


# -- the day advice was given ------------------------------------------------------


def _squeeze(s: str) -> str:
    return "".join(s.split())


def _is_page_date(window: str, m: DateMention, text: str, line: PageDate) -> bool:
    """Whether mention ``m`` of ``window`` is the page date ``line`` of ``text``:
    the same date written the same way with the same words around it (as far as
    the window, which may end there, shows them)."""
    day, start, end = line
    if m.date != day:
        return False
    if _squeeze(window[m.start : m.end]) != _squeeze(text[start:end]):
        return False
    after_w = _squeeze(window[m.end : m.end + 30])[:10]
    after_t = _squeeze(text[end : end + 30])[:10]
    before_w = _squeeze(window[max(0, m.start - 30) : m.start])[-10:][::-1]
    before_t = _squeeze(text[max(0, start - 30) : start])[-10:][::-1]
    return after_t.startswith(after_w) and before_t.startswith(before_w)


def _sentence_bounds(window: str) -> list[tuple[int, int]]:
    from travelwatch.reader.sentences import sentences_of

    return [(s.start, s.end) for s in sentences_of(window)] or [(0, len(window))]


def issued_date(
    window: str,
    language: str,
    *,
    published: dt.date | None,
    text: str | None = None,
) -> dt.date | None:
    """The day the advice in ``window`` (its sentence and neighbours) was given.

    The reference for relative and yearless dates is ``dateline(text)`` when
    ``text`` has one, else ``published``; with neither, a year-and-month line at
    the top of ``text`` ("date 2019-04") still dates a day written with its month
    ("16/4"), never a weekday or "yesterday". Among dates in sentences with advice
    wording, the one nearest that wording wins; dates after "until", page labels,
    "since", the dateline itself and days after the reference are never the issue
    date; a date marked as a start ("from") is taken only when nothing else is.
    """
    from travelwatch.pipeline.article_date import page_dates

    lines = page_dates(text, language) if text else ()
    reference = lines[0][0] if lines else published
    month = page_month(text) if reference is None and text is not None else None
    found = issued_hit(
        window,
        language,
        reference=month or reference,
        month_only=month is not None,
        page=(text, lines) if text is not None else None,
    )
    return found[0] if found else None


def issued_hit(
    window: str,
    language: str,
    *,
    reference: dt.date | None,
    month_only: bool = False,
    exclude: Sequence[tuple[int, int]] = (),
    page: tuple[str, Sequence[PageDate]] | None = None,
) -> tuple[dt.date, int, int] | None:
    """The issue date of ``window`` and where it is written: (day, start, end).

    As :func:`issued_date`, with the reference given: ``month_only`` when only its
    year and month are known (the month's last day); ``exclude``, spans of
    ``window`` that print the article's own date.
    """
    tables = _tables(language)
    best: tuple[int, int, int] | None = None
    chosen: tuple[dt.date, int, int] | None = None
    spans = _sentence_bounds(window)
    for m in find_dates(window, language, reference=reference):
        if m.date is None or (reference and m.date > reference + _LEAP):
            continue
        if month_only and m.relative:
            continue
        before = window[max(0, m.start - _BEFORE) : m.start]
        after = window[m.end : m.end + _AFTER]
        if tables.labels.search(before) or any(
            _marked(p, before) for p in (tables.until_before, tables.since_before)
        ):
            continue
        if any(_marked(p, after) for p in (tables.until_after, tables.since_after)):
            continue
        if any(a < m.end and m.start < b for a, b in exclude):
            continue
        if page is not None and any(
            _is_page_date(window, m, page[0], x) for x in page[1]
        ):
            continue
        s, e = next(((s, e) for s, e in spans if s <= m.start < e), (0, len(window)))
        centre = (m.start + m.end) // 2
        distances = (
            [
                min(abs(c.start() + s - centre), abs(c.end() + s - centre))
                for c in tables.cues.finditer(window[s:e])
            ]
            if tables.cues
            else [0]
        )
        if not distances:
            continue
        weak = _marked(tables.from_before, before) or _marked(tables.from_after, after)
        score = (0 if weak else 1, -min(distances), -m.start)
        if best is None or score > best:
            best, chosen = score, (m.date, m.start, m.end)
    return chosen


def has_cues(language: str) -> bool:
    """Whether the lexicon has words for giving advice in ``language`` (without
    them any sentence near the advice may date it)."""
    return _tables(language).cues is not None


def _marked(pattern: re.Pattern[str] | None, context: str) -> bool:
    return bool(pattern and pattern.search(context))
