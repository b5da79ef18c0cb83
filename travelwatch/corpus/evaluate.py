"""Scoring extraction on the labelled corpus, by split, language and issuer kind.

The texts are read from the corpus folder (``../shared/corpus``), the labels from
the project (``corpus/labels``); extraction runs exactly as ``ingest`` runs it.
Rows: every document of the split, then one per language, then the advisories of
issuers with an official feed travelwatch reads (``feed``) against all others
(``news-only``): the governments that matter most to news reading are the second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from travelwatch.corpus.labels import load_labels
from travelwatch.corpus.splits import Split, split_of
from travelwatch.evaluation import Report, score
from travelwatch.ingest.readers import read_sources
from travelwatch.settings import Settings, load_settings

__all__ = [
    "FEED_ISSUERS",
    "Row",
    "corpus_rows",
    "extract_files",
    "select_labels",
]

# Issuers whose advice travelwatch reads from an official feed (travelwatch/connectors).
FEED_ISSUERS = frozenset({"US", "GB", "CA", "AU"})

Adv = Mapping[str, Any]


@dataclass(slots=True)
class Row:
    """One line of a corpus evaluation: what was scored and its report."""

    split: str
    group: str
    report: Report


def select_labels(
    labels_dir: Path, split: Split | None = None, language: str | None = None
) -> dict[str, dict[str, Any]]:
    """Labels of one split (``None``: all) and language (``None``: all)."""
    out = {}
    for name, label in load_labels(labels_dir).items():
        if split is not None and split_of(name) != split:
            continue
        if language is not None and label.get("language") != language:
            continue
        out[name] = label
    return out


def extract_files(
    texts_dir: Path, names: Iterable[str], *, settings: Settings | None = None
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Advisories of ``texts_dir/NAME`` for each name, read as ingest reads them."""
    from travelwatch.service import extract_articles

    settings = settings or load_settings()
    files = [str(texts_dir / name) for name in sorted(names)]
    predictions: dict[str, list[dict[str, Any]]] = {}
    errors: list[str] = []
    for item in extract_articles(read_sources(files, settings=settings), settings):
        if item.error is not None or item.document is None:
            errors.append(item.error.line() if item.error else item.source)
            continue
        predictions[Path(item.source).name] = [a.to_dict() for a in item.advisories]
    return predictions, errors


def _issuer_kind(adv: Adv) -> str:
    return "feed" if str(adv.get("issuer", "")).upper() in FEED_ISSUERS else "news-only"


def _only_kind(
    gold: Mapping[str, Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Adv]],
    kind: str,
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Adv]]]:
    kept_gold = {
        name: {
            **label,
            "advisories": [
                a for a in label.get("advisories") or [] if _issuer_kind(a) == kind
            ],
        }
        for name, label in gold.items()
    }
    kept_pred = {
        name: [a for a in advs if _issuer_kind(a) == kind]
        for name, advs in predictions.items()
    }
    return kept_gold, kept_pred


def corpus_rows(
    split: str,
    gold: Mapping[str, Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Adv]],
) -> list[Row]:
    """The overall row, one per language (most documents first), one per issuer kind."""
    rows = [Row(split, "all", score(gold, predictions))]
    languages: dict[str, int] = {}
    for label in gold.values():
        lang = str(label.get("language") or "?")
        languages[lang] = languages.get(lang, 0) + 1
    non_english = {n: g for n, g in gold.items() if g.get("language") != "en"}
    if non_english and len(languages) > 1:
        rows.append(Row(split, "non-en", score(non_english, predictions)))
    for lang in sorted(languages, key=lambda x: (-languages[x], x)):
        subset = {n: g for n, g in gold.items() if (g.get("language") or "?") == lang}
        rows.append(Row(split, f"lang:{lang}", score(subset, predictions)))
    for kind in ("feed", "news-only"):
        kind_gold, kind_pred = _only_kind(gold, predictions, kind)
        rows.append(Row(split, f"issuers:{kind}", score(kind_gold, kind_pred)))
    return rows
