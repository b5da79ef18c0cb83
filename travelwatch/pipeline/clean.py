"""Cleaning copied articles: drop the debris, keep every sentence, remember where.

Debris rules are data (``travelwatch/data/debris.json``); this module only applies
them. Cleaning never rewrites text: it removes runs of the original, so the cleaned
text is a concatenation of verbatim pieces and a :class:`~travelwatch.models.TextMap`
maps every cleaned offset back to the original.

Rules are deliberately narrow. A rule that removes a body sentence loses evidence for
good, while a debris line that slips through costs little downstream, so when in
doubt a line stays.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from travelwatch.errors import InputError
from travelwatch.ingest.html_text import html_to_text
from travelwatch.models import Article, Document, Segment, TextMap
from travelwatch.pipeline.language import detect_language
from travelwatch.settings import Settings, load_settings

__all__ = [
    "CleanedText",
    "DebrisRule",
    "DebrisRules",
    "clean_article",
    "clean_text",
    "content_hash",
    "debris_rules_from_dict",
    "load_debris_rules",
]

log = logging.getLogger(__name__)

_KINDS = frozenset({"line", "prefix", "block", "signature"})
# Lines longer than this are paragraphs; no line rule is meant for them.
_MAX_RULE_LINE = 400
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = (".", "!", "?", "…")


@dataclass(frozen=True, slots=True)
class DebrisRule:
    name: str
    kind: str
    pattern: re.Pattern[str]
    first_lines: int | None = None
    requires_date: bool = False


@dataclass(frozen=True, slots=True)
class DebrisRules:
    rules: tuple[DebrisRule, ...]
    block_max_lines: int
    block_max_words: int
    placeholder_dates: tuple[re.Pattern[str], ...]


@dataclass(slots=True)
class CleanedText:
    """The result of :func:`clean_text`."""

    text: str
    text_map: TextMap
    fired: list[str] = field(default_factory=list)
    published: dt.date | None = None
    outlet: str | None = None


def _rule(row: dict[str, Any]) -> DebrisRule:
    if row["kind"] not in _KINDS:
        raise ValueError(f"debris rule {row['name']!r}: unknown kind {row['kind']!r}")
    flags = 0 if row.get("case_sensitive") else re.IGNORECASE
    return DebrisRule(
        name=row["name"],
        kind=row["kind"],
        pattern=re.compile(row["pattern"], flags),
        first_lines=row.get("first_lines"),
        requires_date=bool(row.get("requires_date")),
    )


@functools.cache
def load_debris_rules() -> DebrisRules:
    """The packaged debris rules (``travelwatch/data/debris.json``)."""
    raw = resources.files("travelwatch").joinpath("data/debris.json").read_text("utf-8")
    return debris_rules_from_dict(json.loads(raw))


def debris_rules_from_dict(data: dict[str, Any]) -> DebrisRules:
    return DebrisRules(
        rules=tuple(_rule(row) for row in data["rules"]),
        block_max_lines=int(data.get("block_max_lines", 6)),
        block_max_words=int(data.get("block_max_words", 14)),
        placeholder_dates=tuple(
            re.compile(p) for p in data.get("placeholder_dates", ())
        ),
    )


def content_hash(text: str) -> str:
    """sha256 of ``text`` with whitespace collapsed: same words, same hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    if _ISO_PARTIAL.fullmatch(value):
        return None  # a month or a year is not a publication day
    import dateparser  # slow to import; only datelines need it

    parsed = dateparser.parse(
        value,
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed else None


def _ends_sentence(line: str) -> bool:
    return line.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_END)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # without the newline
    stop: int  # with the newline

    def content(self, text: str) -> str:
        return text[self.start : self.end]


def _lines(text: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(text):
        stop = m.end()
        end = stop - 1 if text[stop - 1 : stop] == "\n" else stop
        out.append(_Line(m.start(), end, stop))
    return out


class _Cleaner:
    """One pass of the rules over one text; marks removed characters."""

    def __init__(self, text: str, rules: DebrisRules) -> None:
        self.text = text
        self.rules = rules
        self.removed = bytearray(len(text))
        self.lines = _lines(text)
        self.fired: list[str] = []
        self.published: dt.date | None = None
        self.outlet: str | None = None

    def remove(self, start: int, stop: int, rule: str) -> None:
        self.removed[start:stop] = b"\x01" * (stop - start)
        if rule not in self.fired:
            self.fired.append(rule)

    def take_date(self, match: re.Match[str]) -> dt.date | None:
        value = match.groupdict().get("published")
        if not value:
            return None
        day = _parse_date(value)
        if day and not any(
            p.fullmatch(day.isoformat()) for p in self.rules.placeholder_dates
        ):
            self.published = self.published or day
        return day

    def is_kept(self, line: _Line) -> bool:
        return bool(line.content(self.text).strip()) and not self.removed[line.start]

    def run(self) -> None:
        rank = 0
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.content(self.text).strip():
                i = self.apply_line_rules(i, rank)
                rank += 1
            i += 1
        self.apply_signature()

    def apply_line_rules(self, i: int, rank: int) -> int:
        """Apply the first rule matching line ``i``; return the last line consumed."""
        line = self.lines[i]
        content = line.content(self.text)
        stripped = content.strip()
        for rule in self.rules.rules:
            if rule.first_lines is not None and rank >= rule.first_lines:
                continue
            if rule.kind == "prefix":
                m = rule.pattern.match(content)
                if m and m.end() > 0:
                    self.take_date(m)
                    rest_blank = not content[m.end() :].strip()
                    self.remove(
                        line.start,
                        line.stop if rest_blank else line.start + m.end(),
                        rule.name,
                    )
                    return i
            elif rule.kind in {"line", "block"} and len(stripped) <= _MAX_RULE_LINE:
                m = rule.pattern.fullmatch(stripped)
                if not m:
                    continue
                day = self.take_date(m)
                if rule.requires_date and day is None:
                    continue
                self.remove(line.start, line.stop, rule.name)
                return (
                    self.remove_headlines(i, rule.name) if rule.kind == "block" else i
                )
        return i

    def remove_headlines(self, i: int, name: str) -> int:
        """Remove the short headline lines under a block header at line ``i``."""
        last = i
        for j in range(i + 1, min(len(self.lines), i + 1 + self.rules.block_max_lines)):
            content = self.lines[j].content(self.text).strip()
            if not content or _ends_sentence(content):
                break
            if len(content.split()) > self.rules.block_max_words:
                break
            self.remove(self.lines[j].start, self.lines[j].stop, name)
            last = j
        return last

    def apply_signature(self) -> None:
        kept = [ln for ln in self.lines if self.is_kept(ln)]
        if len(kept) < 3 or not _ends_sentence(kept[-2].content(self.text)):
            return
        last = kept[-1]
        stripped = last.content(self.text).strip()
        for rule in self.rules.rules:
            if rule.kind != "signature":
                continue
            m = rule.pattern.fullmatch(stripped)
            if m:
                self.outlet = m.groupdict().get("outlet") or None
                self.remove(last.start, last.stop, rule.name)
                return

    def kept_segments(self) -> list[Segment]:
        """Kept runs of the original; outer whitespace and blank-line runs trimmed.

        Works on runs, not characters: the kept stretches are found with one regex
        over the removal mask, joined, tidied with another regex, and mapped back.
        """
        runs = [m.span() for m in _KEPT_RUN.finditer(self.removed)]
        joined = "".join(self.text[a:b] for a, b in runs)
        starts: list[int] = []
        pos = 0
        for a, b in runs:
            starts.append(pos)
            pos += b - a
        lo = len(joined) - len(joined.lstrip())
        hi = len(joined.rstrip())
        keep: list[tuple[int, int]] = []
        cursor = lo
        # Only whitespace runs with two newlines or more are tidied: found whole,
        # without visiting every space between two words (none in one paragraph).
        blank_runs = _BLANK_RUN.finditer(joined, lo, hi)
        for m in blank_runs if joined.count("\n", lo, hi) >= 2 else ():
            run = m.group()
            # Within one whitespace run keep at most one blank line (two newlines).
            first = m.start() + run.index("\n")
            second = m.start() + run.index("\n", first - m.start() + 1)
            keep += [(cursor, m.start()), (first, first + 1), (second, second + 1)]
            cursor = m.end()
        keep.append((cursor, hi))
        return _map_back([(a, b) for a, b in keep if b > a], runs, starts)


def _map_back(
    spans: list[tuple[int, int]], runs: list[tuple[int, int]], starts: list[int]
) -> list[Segment]:
    """Spans of the joined kept text as segments of the original text."""
    segments: list[Segment] = []
    clean_pos = 0
    for a, b in spans:
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while a < b:
            run_start, run_end = runs[i]
            offset = a - starts[i]
            length = min(b - a, (run_end - run_start) - offset)
            orig = run_start + offset
            last = segments[-1] if segments else None
            if last is not None and last.orig_start + last.length == orig:
                segments[-1] = Segment(
                    last.clean_start, last.orig_start, last.length + length
                )
            else:
                segments.append(Segment(clean_pos, orig, length))
            clean_pos += length
            a += length
            i += 1
    return segments


_KEPT_RUN = re.compile(rb"\x00+")
# A whole whitespace run holding two newlines or more: it starts after a
# non-space (so no match starts inside a run, and the scan stays linear) and is
# taken to its end.
_BLANK_RUN = re.compile(r"(?<!\s)[^\S\n]*\n[^\S\n]*\n\s*")


def clean_text(original: str, rules: DebrisRules | None = None) -> CleanedText:
    """Remove debris from ``original``; the map points every kept character back."""
    cleaner = _Cleaner(original, rules or load_debris_rules())
    cleaner.run()
    segments = cleaner.kept_segments()
    text = "".join(original[s.orig_start : s.orig_start + s.length] for s in segments)
    return CleanedText(
        text=text,
        text_map=TextMap(segments),
        fired=cleaner.fired,
        published=cleaner.published,
        outlet=cleaner.outlet,
    )


def clean_article(article: Article, *, settings: Settings | None = None) -> Document:
    """Turn an :class:`Article` into a :class:`Document`; TW101 when nothing is left.

    HTML articles without text go through trafilatura first: the extracted text is
    the original text, the HTML goes to ``metadata["html"]``. Title, outlet and
    published date the article lacks are filled from page metadata, then from debris
    (reader widget date, outlet signature).
    """
    settings = settings or load_settings()
    metadata = dict(article.metadata)
    title, outlet, published, url = (
        article.title,
        article.outlet,
        article.published,
        article.url,
    )
    text = article.text.replace("\r\n", "\n").replace("\r", "\n")
    if article.html is not None:
        metadata["html"] = article.html
        if not text.strip():
            page = html_to_text(article.html, url=article.url)
            text = page.text
            title, outlet = title or page.title, outlet or page.outlet
            published, url = published or page.published, url or page.url
    limit = int(settings["ingest.max_text_chars"])
    if len(text) > limit:
        metadata["truncated"] = True
        metadata["original_chars"] = len(text)
        text = text[:limit]
        log.info("%s: text cut at %d characters", article.source, limit)
    cleaned = clean_text(text)
    if len(cleaned.text) < max(1, int(settings["ingest.min_text_chars"])):
        raise InputError("TW101", source=article.source)
    metadata["debris"] = cleaned.fired
    return Document(
        source=article.source,
        original_text=text,
        text=cleaned.text,
        text_map=cleaned.text_map,
        content_hash=content_hash(cleaned.text),
        title=title,
        url=url,
        outlet=outlet or cleaned.outlet,
        published=published or cleaned.published,
        language=detect_language(cleaned.text, settings=settings),
        metadata=metadata,
    )
