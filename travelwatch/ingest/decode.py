"""Bytes to text: refuse what is not text, decode what is, whatever its charset.

UTF-8 is tried first because it almost never decodes by accident; then a declared
charset (HTTP header or HTML ``<meta>``); only then detection by charset-normalizer.
Line ends are normalised to ``\\n`` here, so every later offset counts one character
per line end.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from travelwatch.errors import InputError

__all__ = ["DecodedText", "binary_kind", "decode_bytes", "sniff_html_charset"]

# Signatures of the binary formats people actually drop into an article folder.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\xd0\xcf\x11\xe0", "legacy office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Text with more control characters than this share is binary that happened to
# decode (e.g. a latin-1 reading of a compressed file).
_MAX_CONTROL_SHARE = 0.01
_PREFERRED_TIE = "cp1252"
_TIE_CHAOS = 0.01
_TIE_COHERENCE = 0.005


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        return "RIFF media"
    if data[4:8] == b"ftyp":
        return "MP4/ISO media"
    if b"\x00" in data[:65536]:
        return "NUL bytes"
    return None


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its ``<meta>``, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, source: str, hint: str | None) -> DecodedText:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(codec), codec.removesuffix("-sig"))
            except UnicodeDecodeError as e:
                raise InputError("TW103", source=source, detail=str(e)) from e
    kind = binary_kind(data)
    if kind:
        raise InputError("TW102", source=source, detail=kind)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _known_codec(hint)
    if declared and declared != "utf-8":
        try:
            return DecodedText(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(
            "TW103", source=source, detail="no text encoding fits the bytes"
        )
    for match in matches:
        # Short Western text fits several single-byte code pages equally well; the
        # web's own default (WHATWG reads latin-1 as it) is the likeliest of them.
        if (
            _PREFERRED_TIE in match.could_be_from_charset
            and match.chaos <= best.chaos + _TIE_CHAOS
            and match.coherence >= best.coherence - _TIE_COHERENCE
        ):
            return DecodedText(str(match), _PREFERRED_TIE)
    return DecodedText(str(best), best.encoding)


def decode_bytes(data: bytes, *, source: str, hint: str | None = None) -> DecodedText:
    """Decode ``data`` to text or raise an :class:`InputError` naming ``source``.

    ``hint`` is a declared charset (HTTP ``Content-Type`` or HTML ``<meta>``).
    Raises TW101 for empty input, TW102 for binary content, TW103 when no encoding
    fits.
    """
    if not data.strip():
        raise InputError("TW101", source=source)
    decoded = _decode(data, source, hint)
    text = _normalise(decoded.text)
    if not text.strip():
        raise InputError("TW101", source=source)
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            "TW102", source=source, detail=f"{controls} control characters"
        )
    return DecodedText(text, decoded.encoding)
