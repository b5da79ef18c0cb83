"""Text that every later step can encode, store and read back.

Python strings can hold what no UTF-8 database or JSON reader accepts: lone
surrogates (``\\ud800`` from a JSON escape or an ``&#xD800;`` entity) and NUL
characters (PostgreSQL refuses them in text). One such character stored breaks
every later read of the row, so they are replaced on the way in, each by U+FFFD
(the replacement character): one character for one, so that offsets into the
text stay valid.

:func:`safe_text` is applied where text enters travelwatch (every
:class:`~travelwatch.models.Article`) and again where it enters the store (every
statement parameter and JSON value, see :mod:`travelwatch.storage.db`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "REPLACEMENT",
    "clip",
    "safe_char_refs",
    "safe_optional",
    "safe_text",
    "safe_value",
]

REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\x00\ud800-\udfff]")


_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));")


def _safe_ref(match: re.Match[bytes]) -> bytes:
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return b"&#xFFFD;"
    return match.group(0)


def safe_char_refs(markup: bytes) -> bytes:
    """XML or HTML bytes whose numeric character references all name characters.

    ``&#xD800;``, ``&#x110000;`` and ``&#0;`` name no valid character: an XML
    parser refuses the whole document for one of them, and lenient parsers turn
    them into text that cannot be encoded. Each becomes ``&#xFFFD;``.
    """
    if b"&#" not in markup:
        return markup
    return _CHAR_REF.sub(_safe_ref, markup)


def safe_text(text: str) -> str:
    """``text`` with every lone surrogate and NUL replaced by U+FFFD."""
    if text.isascii():
        return text.replace("\x00", REPLACEMENT) if "\x00" in text else text
    return _UNSAFE.sub(REPLACEMENT, text)


def safe_optional(text: str | None) -> str | None:
    return None if text is None else safe_text(text)


def safe_value(value: Any) -> Any:
    """:func:`safe_text` applied to every string in a JSON-like value (keys too)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_value(k): safe_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [safe_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(safe_value(v) for v in value)
    return value


def clip(text: str | None, limit: int) -> str | None:
    """``text`` cut to at most ``limit`` characters, marking a cut with "…"."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
