"""Plain text lines from the small HTML fragments official feeds embed.

Feeds carry their summaries as HTML snippets (RSS CDATA, JSON strings). The
connectors only need the visible text, one block per line, with list items marked
so that "Do not travel to:" can be paired with the bullets under it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


def html_lines(html: str) -> list[str]:
    """Visible text of ``html``, one line per block; list items start with BULLET."""
    parser = _Lines()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.lines


def html_text(html: str) -> str:
    return " ".join(line.removeprefix(BULLET) for line in html_lines(html))


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
