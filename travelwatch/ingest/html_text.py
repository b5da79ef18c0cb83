"""HTML to article text and metadata, through trafilatura.

trafilatura finds the main text of a full page; for the short HTML snippets that
feeds carry it often finds nothing, so those fall back to the plain text of the
fragment, paragraph by paragraph.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError

__all__ = ["HtmlText", "html_to_text"]

log = logging.getLogger(__name__)

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "section",
    }
)
_BLANK_RUN = re.compile(r"\n\s*\n\s*")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


def _fragment_text(html: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except AssertionError:
        # lxml asserts on a whole page without a <body>; read it as a document.
        try:
            root = lxml.html.document_fromstring(html)
        except (ParserError, ValueError):
            return ""
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    text = str(root.text_content())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def _date(value: str | None) -> dt.date | None:
    if not value or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: Pages with more tags than this skip trafilatura, whose time grows faster than
#: the page on pathological markup (333,000 empty paragraphs: 40 s); the plain
#: fragment reading below is linear. Real article pages stay far under it.
MAX_EXTRACTOR_TAGS = 60_000


def html_to_text(html: str, *, url: str | None = None) -> HtmlText:
    """Main text, title, site name (as outlet), date and canonical URL of a page."""
    doc = None
    if html.count("<") > MAX_EXTRACTOR_TAGS:
        log.info("%s: more than %d tags; read as plain markup", url, MAX_EXTRACTOR_TAGS)
        return HtmlText(text=_fragment_text(html), url=url)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # The file date is today's date, not the article's.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError) as e:  # trafilatura on odd markup
        log.debug("trafilatura failed on %s: %s", url, e)
    if doc is None:
        return HtmlText(text=_fragment_text(html), url=url)
    found = doc if isinstance(doc, dict) else doc.as_dict()
    text = (found.get("text") or "").strip() or _fragment_text(html)
    return HtmlText(
        text=text,
        title=found.get("title") or None,
        outlet=found.get("sitename") or None,
        published=_date(found.get("date")),
        url=found.get("url") or url,
    )
