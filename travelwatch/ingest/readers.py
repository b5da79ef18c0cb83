"""Reading sources: files, folders, standard input, feeds and web pages.

A *source* is what a user names on the command line; it can hold many *items*
(articles). :func:`read_sources` yields one :class:`Article` per item, or one
:class:`InputError` per item that cannot be read, and always goes on to the next.

Item names are stable, so re-reading a source names its articles the same way: the
path as given, ``path#N`` for the N-th article of a JSON list or JSON-lines file,
a feed entry's link (or ``feed#N``), the URL, ``-`` or ``-#N`` for standard input.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import httpx

from travelwatch.errors import InputError
from travelwatch.ingest.articles import (
    article_from_jsonl_line,
    articles_from_feed,
    articles_from_json,
    articles_from_jsonl,
)
from travelwatch.ingest.decode import binary_kind, decode_bytes, sniff_html_charset
from travelwatch.ingest.fetch import fetch_url
from travelwatch.models import Article
from travelwatch.settings import Settings

__all__ = ["SUPPORTED_SUFFIXES", "count_items", "read_sources", "sniff_format"]

log = logging.getLogger(__name__)

_FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
SUPPORTED_SUFFIXES = frozenset(_FORMAT_BY_SUFFIX)

_FORMAT_BY_MIME = (
    ("html", "html"),
    ("rss", "feed"),
    ("atom", "feed"),
    ("xml", "feed"),
    ("jsonl", "jsonl"),
    ("ndjson", "jsonl"),
    ("json", "json"),
    ("text/plain", "text"),
)


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed bytes (stdin, odd file names, vague servers)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        first_line = head.split(b"\n", 1)[0].rstrip()
        return (
            "jsonl"
            if head.startswith(b"{") and first_line.endswith(b"}") and b"\n{" in data
            else "json"
        )
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return "html"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith(b"<") and any(
        tag in head for tag in (b"<body", b"<p>", b"<div", b"<article")
    ):
        return "html"
    return "text"


def _from_bytes(
    data: bytes,
    *,
    source: str,
    fmt: str,
    hint: str | None = None,
    url: str | None = None,
) -> Iterator[Article | InputError]:
    """Articles of one payload whose format is known."""
    if fmt == "feed":
        if not data.strip():
            raise InputError("TW101", source=source)
        kind = binary_kind(data)
        if kind:
            raise InputError("TW102", source=source, detail=kind)
        yield from articles_from_feed(data, source=source)
        return
    if fmt == "html":
        hint = hint or sniff_html_charset(data)
    decoded = decode_bytes(data, source=source, hint=hint)
    meta = {"format": fmt, "encoding": decoded.encoding}
    if fmt == "json":
        items = articles_from_json(decoded.text, source=source)
    elif fmt == "jsonl":
        items = articles_from_jsonl(decoded.text, source=source)
    elif fmt == "html":
        items = iter(
            [Article(text="", html=decoded.text, source=source, url=url, metadata=meta)]
        )
    else:
        items = iter(
            [Article(text=decoded.text, source=source, url=url, metadata=meta)]
        )
    for item in items:
        if isinstance(item, Article) and fmt in {"json", "jsonl"}:
            item.metadata["encoding"] = decoded.encoding
        yield item


def _read_limited(stream: BinaryIO, limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError("TW104", source=source, size=f"more than {limit}", limit=limit)
    return data


def _read_stdin(
    stdin: BinaryIO | None, settings: Settings
) -> Iterator[Article | InputError]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = _read_limited(stream, int(settings["ingest.max_bytes"]), "-")
    yield from _from_bytes(data, source="-", fmt=sniff_format(data))


def _read_jsonl_file(
    path: Path, name: str, limit: int
) -> Iterator[Article | InputError]:
    """A JSON-lines file a line at a time, so that it can be of any size.

    The size limit applies to each line (one article), not to the whole file.
    """
    found = False
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            found = True
            item_name = f"{name}#{n}"
            if len(raw) > limit:
                yield InputError("TW104", source=item_name, size=len(raw), limit=limit)
                continue
            yield _jsonl_line(raw, item_name)
    if not found:
        yield InputError("TW101", source=name)


def _jsonl_line(raw: bytes, name: str) -> Article | InputError:
    """One line's article or its error: a bad line never ends the file."""
    try:
        decoded = decode_bytes(raw, source=name)
        item = article_from_jsonl_line(decoded.text, name=name)
    except InputError as e:
        return e
    except Exception as e:
        log.exception("reading %s failed", name)
        return InputError("TW106", source=name, detail=f"{type(e).__name__}: {e}")
    if isinstance(item, Article):
        item.metadata["encoding"] = decoded.encoding
    return item


def _read_file(
    path: Path, name: str, settings: Settings
) -> Iterator[Article | InputError]:
    limit = int(settings["ingest.max_bytes"])
    if _FORMAT_BY_SUFFIX.get(path.suffix.lower()) == "jsonl":
        yield from _read_jsonl_file(path, name, limit)
        return
    size = path.stat().st_size
    if size > limit:
        raise InputError("TW104", source=name, size=size, limit=limit)
    with path.open("rb") as fh:
        data = _read_limited(fh, limit, name)
    fmt = _FORMAT_BY_SUFFIX.get(path.suffix.lower()) or sniff_format(data)
    yield from _from_bytes(data, source=name, fmt=fmt)


def _walk(root: Path) -> list[Path]:
    """Files under ``root`` sorted by relative path, without hidden files or folders."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _read_folder(
    root: Path, name: str, settings: Settings
) -> Iterator[Article | InputError]:
    for path in _walk(root):
        item = str(Path(name) / path.relative_to(root))
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield InputError(
                "TW109", source=item, detail=f"file type {path.suffix or '(none)'!r}"
            )
            continue
        yield from _guard(item, _read_file(path, item, settings))


def _format_of(content_type: str | None, data: bytes) -> str:
    for needle, fmt in _FORMAT_BY_MIME:
        if content_type and needle in content_type:
            # Servers label XHTML pages and plain pages loosely; trust the bytes there.
            return sniff_format(data) if fmt in {"feed", "text"} else fmt
    return sniff_format(data)


def _read_url(
    url: str,
    settings: Settings,
    client: httpx.Client | None,
    allow_private: bool | None,
) -> Iterator[Article | InputError]:
    page = fetch_url(url, settings=settings, client=client, allow_private=allow_private)
    fmt = _format_of(page.content_type, page.content)
    for item in _from_bytes(
        page.content, source=url, fmt=fmt, hint=page.encoding, url=page.final_url
    ):
        if isinstance(item, Article):
            item.url = item.url or page.final_url
            item.metadata.setdefault("fetched_url", page.final_url)
        yield item


def _guard(
    source: str, items: Iterator[Article | InputError]
) -> Iterator[Article | InputError]:
    """Run one (lazy) reader, turning its failure into an error item for ``source``."""
    try:
        yield from items
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError("TW106", source=source, detail=e.strerror or str(e))
    except Exception as e:  # a reader bug must not end the whole batch
        log.exception("reading %s failed", source)
        yield InputError("TW106", source=source, detail=f"{type(e).__name__}: {e}")


def _is_url(source: str) -> bool:
    return "://" in source


def read_sources(
    sources: Sequence[str],
    *,
    settings: Settings,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
    allow_private: bool | None = None,
) -> Iterator[Article | InputError]:
    """Every article of every source, or an :class:`InputError` per failed item."""
    for source in sources:
        if source == "-":
            yield from _guard(source, _read_stdin(stdin, settings))
        elif _is_url(source):
            yield from _guard(
                source, _read_url(source, settings, client, allow_private)
            )
        else:
            path = Path(source)
            if path.is_dir():
                yield from _guard(source, _read_folder(path, source, settings))
            elif path.exists():
                yield from _guard(source, _read_file(path, source, settings))
            else:
                yield InputError(
                    "TW106", source=source, detail="no such file or directory"
                )


def _count_file(path: Path) -> int:
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    return 1


def count_items(sources: Sequence[str]) -> int | None:
    """Roughly how many items the sources hold; None when that is not cheap to know."""
    total = 0
    for source in sources:
        if source == "-" or _is_url(source):
            return None
        path = Path(source)
        try:
            if path.is_dir():
                total += sum(_count_file(p) for p in _walk(path))
            else:
                total += _count_file(path) if path.is_file() else 1
        except OSError:
            total += 1
    return total
