"""Sentences in any language, as spans of the document's text.

English and other Latin-script text goes through the project's splitter (which
knows abbreviations and initials); every sentence is then cut further where another
script ends one: 。！？ (Chinese, Japanese), ؟ ۔ (Arabic, Urdu, Persian), । ॥
(Hindi, Bengali), and a full stop before a capital or an uncased letter (Cyrillic,
Greek, Arabic, Hebrew, Thai...). The same cut is used when training and reading,
so a sentence means the same thing to both.
"""

from __future__ import annotations

import re

from travelwatch.pipeline.sentences import Sentence, split_sentences

__all__ = ["sentences_of"]

_CUT = re.compile(r"[。！？]+[」』”\"')）]*|[؟۔।॥]+|[.!?]+[\"'”’»)\]]*\s+(?=\S)")


def _starts_sentence(ch: str) -> bool:
    """After a full stop: a capital of a non-Latin script, or a letter of a script
    without case (ASCII capitals were already judged by the project's splitter,
    which knows abbreviations). A lower-case letter or a digit continues it."""
    if ch.isascii():
        return False
    return ch.isupper() or (ch.isalpha() and not ch.islower())


def _cut(sentence: Sentence) -> list[Sentence]:
    text, out, start = sentence.text, [], 0
    for m in _CUT.finditer(text):
        end = m.end()
        if text[m.start()] in ".!?" and not (
            end < len(text) and _starts_sentence(text[end])
        ):
            continue
        piece = text[start:end].strip()
        if piece:
            lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            out.append(
                Sentence(
                    sentence.start + lead, sentence.start + lead + len(piece), piece
                )
            )
        start = end
    rest = text[start:].strip()
    if rest:
        lead = start + (len(text[start:]) - len(text[start:].lstrip()))
        out.append(
            Sentence(sentence.start + lead, sentence.start + lead + len(rest), rest)
        )
    return out


def sentences_of(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; ``text[s.start:s.end] == s.text``."""
    return [piece for s in split_sentences(text) for piece in _cut(s)]
