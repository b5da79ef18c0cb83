"""Places named in text in other languages than English.

The tables are ``data/places/i18n/<lang>.tsv`` (built by ``places_build``), the
matching rules per language ``data/places/i18n_extra/matching.json``. English goes
to the project gazetteer (``geo.get_gazetteer``) unchanged.

Languages with spaces between words are tokenised; a name (one or more words) is
matched on tokens, each token standing for the name words it can be an inflected,
clitic-carrying or particle-carrying form of. Chinese, Japanese and Thai are matched
as substrings, longest first. Either way mentions are left to right, longest
first, non-overlapping; a table row with code ``-`` is a phrase that is matched
and then dropped (a collision such as "Indian Ocean").
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from travelwatch.pipeline.geo import PlaceMention, get_gazetteer

__all__ = ["find_places", "place_languages"]

_PLACES = Path(__file__).resolve().parent.parent / "data" / "places"
_TABLES = _PLACES / "i18n"
_MATCHING = _PLACES / "i18n_extra" / "matching.json"
_BLOCK = "-"
# What may stand between two words of one name: spaces, a hyphen, a dot, an
# apostrophe or a Hebrew geresh/gershayim ("ארה״ב" is two tokens).
_JOINER = re.compile(r"[\s\-‐‑–.·'’\"׳״]{1,3}")
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_KATAKANA_DOT = "\u30fb"
_TOKEN_CACHE = 50_000


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """Runs of letters and combining marks (Indic vowel signs, Arabic harakat)."""
    marks = [
        chr(c)
        for c in range(0x300, 0x10000)
        if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")
    ]
    cls = "".join(re.escape(m) for m in marks)
    return re.compile(rf"(?:[^\W\d_]|[{cls}\u200c\u200d])+")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _is_katakana(ch: str) -> bool:
    return ("\u30a1" <= ch <= "\u30fc" and ch != _KATAKANA_DOT) or ch == "\uff70"


@dataclass(frozen=True, slots=True)
class _Rules:
    mode: str
    cased: bool
    strip: str
    endings: tuple[str, ...]
    min_stem: int
    particles: tuple[str, ...]
    prefixes: tuple[tuple[str, str], ...]
    prefix_letters: str
    suffix_rules: tuple[tuple[str, tuple[str, ...]], ...]
    fold: dict[int, str]
    replace: tuple[tuple[str, str], ...]
    strip_accents: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]
    code: str
    kind: str
    cased: bool


# candidate name word -> (characters to cut at the start, at the end) of the token
_Candidates = dict[str, tuple[int, int]]


@functools.cache
def _all_rules() -> dict[str, _Rules]:
    with _MATCHING.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    default: dict[str, Any] = data["default"]
    rules = {}
    for lang, own in data["languages"].items():
        merged = {**default, **own}
        rules[lang] = _Rules(
            mode=merged["mode"],
            cased=merged["cased"],
            strip=merged["strip"],
            endings=tuple(sorted(set(merged["endings"]), key=len, reverse=True)),
            min_stem=merged["min_stem"],
            particles=tuple(sorted(set(merged["particles"]), key=len, reverse=True)),
            prefixes=tuple(
                sorted(merged["prefixes"].items(), key=lambda p: -len(p[0]))
            ),
            prefix_letters=merged["prefix_letters"],
            suffix_rules=tuple(
                (suffix, tuple(adds)) for suffix, adds in merged["suffix_rules"]
            ),
            fold=str.maketrans(merged["fold"]),
            replace=tuple((a, b) for a, b in merged["replace"]),
            strip_accents=merged["strip_accents"],
        )
        rules[lang] = _fold_affixes(rules[lang])
    return rules


def _fold_affixes(rules: _Rules) -> _Rules:
    """The affixes folded like names and tokens are (Bengali nukta, Greek accents)."""

    def many(items: Iterable[str]) -> tuple[str, ...]:
        folded = {_fold(item, rules) for item in items}
        return tuple(sorted(folded, key=lambda a: (-len(a), a)))

    return dataclasses.replace(
        rules,
        strip=_fold(rules.strip, rules),
        endings=many(rules.endings),
        particles=many(rules.particles),
        prefixes=tuple(
            sorted(
                {(_fold(a, rules), _fold(b, rules)) for a, b in rules.prefixes},
                key=lambda p: (-len(p[0]), p[0]),
            )
        ),
        prefix_letters=_fold(rules.prefix_letters, rules),
        suffix_rules=tuple(
            (_fold(suffix, rules), many(adds)) for suffix, adds in rules.suffix_rules
        ),
    )


def _read_rows(lang: str) -> list[tuple[str, str, str]]:
    path = _TABLES / f"{lang}.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        surface, code, kind = line.split("\t")
        rows.append((surface, code, kind))
    return rows


def place_languages() -> frozenset[str]:
    """Languages ``find_places`` knows: those with a table, and English."""
    tables = {p.stem for p in _TABLES.glob("*.tsv")}
    return frozenset(tables & set(_all_rules())) | {"en"}


def find_places(text: str, language: str) -> list[PlaceMention]:
    """Every place named in ``text`` (written in ``language``), left to right."""
    if language == "en":
        return get_gazetteer().find(text)
    matcher = _matcher(language)
    if matcher is None:
        return []
    return matcher.find(text)


@functools.cache
def _matcher(language: str) -> _WordMatcher | _SpacelessMatcher | None:
    rules = _all_rules().get(language)
    if rules is None or not (_TABLES / f"{language}.tsv").exists():
        return None
    rows = _read_rows(language)
    if rules.mode == "spaceless":
        return _SpacelessMatcher(language, rules, rows)
    return _WordMatcher(language, rules, rows)


def _fold(word: str, rules: _Rules) -> str:
    if rules.strip_accents:
        word = "".join(c for c in unicodedata.normalize("NFD", word) if not _is_mark(c))
    folded = unicodedata.normalize("NFC", word).lower().translate(rules.fold)
    for old, new in rules.replace:
        folded = folded.replace(old, new)
    return folded


class _WordMatcher:
    """Names as sequences of words, matched on the tokens of the text."""

    def __init__(
        self, language: str, rules: _Rules, rows: Iterable[tuple[str, str, str]]
    ) -> None:
        self._rules = rules
        pattern = _token_pattern()
        by_first: dict[str, list[_Entry]] = {}
        seen: dict[tuple[str, ...], _Entry] = {}
        for surface, code, kind in rows:
            words = tuple(
                _fold(w, rules) for w in pattern.findall(surface) if w.strip()
            )
            words = tuple(w for w in words if w)
            if not words:
                continue
            cased = rules.cased and surface[:1].isupper()
            entry = _Entry(words, code, kind, cased)
            old = seen.get(words)
            if old is not None:
                if old.code != code:  # two spellings of two places fold alike
                    seen[words] = _Entry(words, _BLOCK, "block", old.cased and cased)
                continue
            seen[words] = entry
        for entry in seen.values():
            by_first.setdefault(entry.words[0], []).append(entry)
        for entries in by_first.values():
            entries.sort(key=lambda e: (-len(e.words), e.words))
        self._by_first = by_first
        self._vocab = frozenset(w for e in seen.values() for w in e.words)
        stems: dict[str, set[str]] = {}
        if rules.endings:
            for word in self._vocab:
                for stem in _stems(word, rules.strip):
                    if len(stem) >= rules.min_stem:
                        stems.setdefault(stem, set()).add(word)
        self._stems = stems
        self._cache: dict[str, _Candidates] = {}

    def find(self, text: str) -> list[PlaceMention]:
        tokens = [(m.start(), m.end()) for m in _token_pattern().finditer(text)]
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(text, tokens, i)
            if found is None:
                i += 1
                continue
            entry, n, lead, trail = found
            start = tokens[i][0] + lead
            end = tokens[i + n - 1][1] - trail
            if entry.code != _BLOCK:
                mentions.append(
                    PlaceMention(start, end, text[start:end], entry.code, entry.kind)
                )
            i += n
        return mentions

    def _match_at(
        self, text: str, tokens: list[tuple[int, int]], i: int
    ) -> tuple[_Entry, int, int, int] | None:
        first_token = text[tokens[i][0] : tokens[i][1]]
        first = self._candidates(first_token)
        if not first:
            return None
        best: tuple[_Entry, int, int, int] | None = None
        for word in sorted(first):
            lead, trail = first[word]
            for entry in self._by_first.get(word, ()):
                n = len(entry.words)
                if best is not None and n <= best[1]:
                    break
                if i + n > len(tokens):
                    continue
                if entry.cased and first_token[:1].islower():
                    continue
                if n == 1:
                    best = (entry, 1, lead, trail)
                    break
                last_trail = self._rest_matches(text, tokens, i, entry.words)
                if last_trail is not None:
                    best = (entry, n, lead, last_trail)
                    break
        return best

    def _rest_matches(
        self, text: str, tokens: list[tuple[int, int]], i: int, words: tuple[str, ...]
    ) -> int | None:
        trail = 0
        for j in range(1, len(words)):
            gap = text[tokens[i + j - 1][1] : tokens[i + j][0]]
            if not _JOINER.fullmatch(gap):
                return None
            cands = self._candidates(text[tokens[i + j][0] : tokens[i + j][1]])
            if words[j] not in cands:
                return None
            trail = cands[words[j]][1]
        return trail

    def _candidates(self, token: str) -> _Candidates:
        cands = self._cache.get(token)
        if cands is None:
            if len(self._cache) >= _TOKEN_CACHE:
                self._cache.clear()
            cands = self._compute(token)
            self._cache[token] = cands
        return cands

    def _compute(self, token: str) -> _Candidates:
        rules = self._rules
        vocab = self._vocab
        folded = _fold(token, rules)
        same_length = len(folded) == len(token)
        out: _Candidates = {}

        def add(word: str, lead: int = 0, trail: int = 0) -> None:
            if word in vocab and word not in out:
                out[word] = (lead, trail) if same_length else (0, 0)

        bases = [(folded, 0)]
        for prefix, replacement in rules.prefixes:
            if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
                cut = len(prefix) if not replacement else 0
                bases.append((replacement + folded[len(prefix) :], cut))
        if rules.prefix_letters:
            for k in (1, 2, 3):
                if len(folded) - k < 2 or folded[k - 1] not in rules.prefix_letters:
                    break
                bases.append((folded[k:], k))
        for base, lead in bases:
            add(base, lead)
            for particle in rules.particles:
                if base.endswith(particle) and len(base) > len(particle) + 1:
                    add(base[: -len(particle)], lead, len(particle))
            for suffix, replacements in rules.suffix_rules:
                if base.endswith(suffix) and len(base) > len(suffix) + 1:
                    root = base[: -len(suffix)]
                    for replacement in replacements:
                        add(root + replacement, lead)
                        add("ال" + root + replacement, lead)
        if self._stems:
            for ending in rules.endings:
                if folded.endswith(ending):
                    stem = folded[: len(folded) - len(ending)]
                    for word in self._stems.get(stem, ()):
                        add(word)
        return out


def _stems(word: str, strip: str) -> list[str]:
    """The word and the word minus one, two... of its final ``strip`` letters
    ("сирия" -> "сирия", "сири", "сир")."""
    stems = [word]
    while strip and stems[-1] and stems[-1][-1] in strip:
        stems.append(stems[-1][:-1])
    return stems


class _SpacelessMatcher:
    """Names as substrings of text written without spaces (zh, ja, th)."""

    def __init__(
        self, language: str, rules: _Rules, rows: Iterable[tuple[str, str, str]]
    ) -> None:
        self._thai = language == "th"
        self._japanese = language == "ja"
        names: dict[str, tuple[str, str]] = {}
        for surface, code, kind in rows:
            key = unicodedata.normalize("NFC", surface)
            old = names.get(key)
            if old is not None and old[0] != code:
                names[key] = (_BLOCK, "block")
            elif old is None:
                names[key] = (code, kind)
        by_first: dict[str, list[str]] = {}
        for name in names:
            by_first.setdefault(name[0], []).append(name)
        for options in by_first.values():
            options.sort(key=lambda n: (-len(n), n))
        self._names = names
        self._by_first = by_first

    def find(self, text: str) -> list[PlaceMention]:
        by_first = self._by_first
        mentions: list[PlaceMention] = []
        i = 0
        n = len(text)
        while i < n:
            options = by_first.get(text[i])
            if options is None:
                i += 1
                continue
            for name in options:
                if text.startswith(name, i) and self._fits(text, i, i + len(name)):
                    code, kind = self._names[name]
                    end = i + len(name)
                    if code != _BLOCK:
                        mentions.append(PlaceMention(i, end, name, code, kind))
                    i = end
                    break
            else:
                i += 1
        return mentions

    def _fits(self, text: str, start: int, end: int) -> bool:
        """A name must not end inside a syllable or a longer katakana word."""
        if end < len(text) and _is_mark(text[end]):
            return False
        if self._thai and start > 0 and text[start - 1] in _THAI_LEADING:
            return False
        if self._japanese and _is_katakana(text[end - 1]):
            if end < len(text) and _is_katakana(text[end]):
                return False
            if (
                start > 0
                and _is_katakana(text[start - 1])
                and _is_katakana(text[start])
            ):
                return False
        return True
