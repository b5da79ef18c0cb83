"""The reader's cheap first look: any advice or scale wording of the article's
language (its lexicon, ``data/lexicon/i18n``) lets the article through."""

from __future__ import annotations

from travelwatch.pipeline.wording_i18n import has_advice

__all__ = ["reader_screen"]


def reader_screen(text: str, language: str | None) -> bool:
    return bool(language) and has_advice(text, language or "")
