"""Bytes to text: UTF-8, declared and detected charsets, refusals."""

from __future__ import annotations

import codecs

import pytest

from travelwatch.errors import InputError
from travelwatch.ingest.decode import decode_bytes, sniff_html_charset

FRENCH = "Le ministère déconseille formellement les voyages vers la région côtière."
RUSSIAN = "Министерство рекомендовало гражданам воздержаться от поездок в страну."


def test_utf8_is_read_as_utf8() -> None:
    decoded = decode_bytes(FRENCH.encode("utf-8"), source="a.txt")
    assert (decoded.text, decoded.encoding) == (FRENCH, "utf-8")


@pytest.mark.parametrize(
    ("text", "codec"),
    [(FRENCH, "latin-1"), (FRENCH, "cp1252"), (RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r")],
)
def test_legacy_charset_is_detected(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), source="a.txt").text == text


def test_declared_charset_is_used() -> None:
    data = RUSSIAN.encode("iso8859-5")
    assert decode_bytes(data, source="a.txt", hint="iso-8859-5").text == RUSSIAN


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF8 + FRENCH.encode("utf-8"), FRENCH.encode("utf-16")],
    ids=["utf-8-bom", "utf-16-bom"],
)
def test_byte_order_mark_decides_and_is_dropped(data: bytes) -> None:
    assert decode_bytes(data, source="a.txt").text == FRENCH


def test_line_ends_become_newlines() -> None:
    assert (
        decode_bytes(b"one\r\ntwo\rthree\n", source="a.txt").text == "one\ntwo\nthree\n"
    )


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, source="e.txt")
    assert (err.value.code, err.value.source) == ("TW101", "e.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
        (b"text with a \x00 NUL byte in it", "NUL"),
    ],
)
def test_binary_content_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, source="b.bin")
    assert err.value.code == "TW102"
    assert kind in err.value.line()


def test_control_character_soup_is_refused() -> None:
    data = bytes(range(1, 9)) * 50 + b"some words"
    with pytest.raises(InputError) as err:
        decode_bytes(data, source="c.txt")
    assert err.value.code == "TW102"


@pytest.mark.parametrize(
    ("html", "charset"),
    [
        (b'<html><head><meta charset="windows-1251"></head>', "windows-1251"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
            "ISO-8859-1",
        ),
        (b"<html><head><title>x</title></head>", None),
    ],
)
def test_html_meta_charset_is_sniffed(html: bytes, charset: str | None) -> None:
    assert sniff_html_charset(html) == charset
