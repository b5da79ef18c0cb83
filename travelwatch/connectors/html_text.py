"""Plain text lines from the small HTML fragments official feeds embed.

Feeds carry their summaries as HTML snippets (RSS CDATA, JSON strings). The
connectors only need the visible text, one block per line, with list items marked
so that "Do not travel to:" can be paired with the bullets under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from typing import NamedTuple

BULLET = "• "

_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "blockquote",
}
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\r\n]+")


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current = ""
        self.bullet = False

    def _flush(self) -> None:
        text = _SPACES.sub(" ", self.current).strip()
        if text:
            self.lines.append(BULLET + text if self.bullet else text)
        self.current = ""
        self.bullet = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_startendtag(tag, attrs)
            return
        if tag not in _BLOCK:
            return
        # A <p> directly inside an <li> continues the bullet rather than ending it.
        if self.bullet and not self.current.strip():
            return
        self._flush()
        if tag == "li":
            self.bullet = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK and tag != "br":
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Inside a bullet a line break only wraps text; elsewhere it ends a line.
        if tag == "br":
            if self.bullet:
                self.current += " "
            else:
                self._flush()

    def handle_data(self, data: str) -> None:
        self.current += data


_TAG = re.compile(r"<[^<>]+>")


def strip_tags(fragment: str) -> str:
    """``fragment`` with every tag replaced by a space (linear: a tag holds no "<")."""
    return _TAG.sub(" ", fragment)


class Element(NamedTuple):
    """One ``<name ...>inner</name>`` found by :func:`elements`."""

    name: str
    start: int
    inner_start: int
    inner_end: int
    end: int

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end]


@cache
def _closer(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}>", re.IGNORECASE)


def elements(text: str, names: str) -> Iterator[Element]:
    """Each ``<name ...>…</name>`` of ``text`` (``names`` a regex such as ``h[23]``),
    in order and not overlapping, each ending at the first closing tag: what
    ``<(names)\b[^>]*>(.*?)</\1>`` finds, in linear time.

    The regex form rescans to the end of the text from every opening tag that is
    never closed, which is quadratic on hostile input ("<h2>" repeated).
    """
    opener = re.compile(rf"<({names})\b[^<>]*>", re.IGNORECASE)
    unclosed: set[str] = set()
    pos = 0
    while (m := opener.search(text, pos)) is not None:
        name = m.group(1).lower()
        close = None if name in unclosed else _closer(name).search(text, m.end())
        if close is None:
            # No closing tag after here: no later opening tag of this name closes.
            unclosed.add(name)
            pos = m.end()
            continue
        yield Element(name, m.start(), m.end(), close.start(), close.end())
        pos = close.end()


# A "<" that does not open a complete tag is text. Escaping it first keeps
# html.parser linear: it rescans to the end of the input for every "<" it cannot
# close ("<a" repeated took minutes on a megabyte).
_LONE_LT = re.compile(r"<(?![A-Za-z/!?][^<>]*>)")


def html_lines(html: str) -> list[str]:
    """Visible text of ``html``, one line per block; list items start with BULLET."""
    parser = _Lines()
    parser.feed(_LONE_LT.sub("&lt;", html))
    parser.close()
    parser._flush()
    return parser.lines


def html_text(html: str) -> str:
    return " ".join(line.removeprefix(BULLET) for line in html_lines(html))


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
