"""Reading sources: one article per item, one error per failed item, never stopping."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import httpx
import pytest

from travelwatch.errors import InputError
from travelwatch.ingest.readers import count_items, read_sources, sniff_format
from travelwatch.models import Article
from travelwatch.settings import Settings, load_settings

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
TEXT = "The ministry told its citizens to avoid all travel to Northland.\n"


def _settings(**overrides: object) -> Settings:
    return load_settings(overrides, environ={}, config_file=Path("/nonexistent.toml"))


def _read(sources: list[str], **kwargs: object) -> list[Article | InputError]:
    return list(
        read_sources(sources, settings=kwargs.pop("settings", _settings()), **kwargs)
    )  # type: ignore[arg-type]


def _names(items: list[Article | InputError]) -> list[tuple[str, str | None]]:
    return [
        (i.source or "", i.code if isinstance(i, InputError) else None) for i in items
    ]


def test_text_file_is_one_article_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    [article] = _read([str(path)])
    assert isinstance(article, Article)
    assert (article.source, article.text) == (str(path), TEXT)


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a/c.txt", ".hidden.txt", "c/.git/x.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT, encoding="utf-8")
    names = [i.source for i in _read([str(tmp_path)])]
    assert names == [str(tmp_path / p) for p in ["a/c.txt", "a/z.txt", "b.txt"]]


def test_unsupported_file_in_folder_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    assert _names(_read([str(tmp_path)])) == [
        (str(tmp_path / "a.txt"), None),
        (str(tmp_path / "b.pdf"), "TW109"),
    ]


def test_bad_items_do_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    items = _read([str(tmp_path / "missing.txt"), str(tmp_path)])
    assert [code for _, code in _names(items)] == ["TW106", "TW101", None, "TW102"]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, encoding="utf-8")
    [error] = _read([str(path)], settings=_settings(**{"ingest.max_bytes": 100}))
    assert isinstance(error, InputError) and error.code == "TW104"


def test_json_object_carries_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    obj = {
        "text": TEXT,
        "title": "T",
        "url": "https://x.example/a",
        "outlet": "X",
        "published": "2024-05-06T10:00:00Z",
    }
    path.write_text(json.dumps(obj), encoding="utf-8")
    [article] = _read([str(path)])
    assert isinstance(article, Article)
    assert (article.title, article.url, article.outlet) == (
        "T",
        "https://x.example/a",
        "X",
    )
    assert article.published == dt.date(2024, 5, 6)


def test_json_list_names_items_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    path.write_text(
        json.dumps(
            [{"text": TEXT}, {"title": "no body"}, "oops", {"html": "<p>Hi there.</p>"}]
        )
    )
    assert _names(_read([str(path)])) == [
        (f"{path}#1", None),
        (f"{path}#2", "TW105"),
        (f"{path}#3", "TW105"),
        (f"{path}#4", None),
    ]


def test_malformed_json_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"text": "unterminated', encoding="utf-8")
    assert _names(_read([str(path)])) == [(str(path), "TW105")]


def test_jsonl_names_items_by_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": "one"})
        + "\nnot json\n\n"
        + json.dumps({"text": "two"})
        + "\n"
    )
    assert _names(_read([str(path)])) == [
        (f"{path}#1", None),
        (f"{path}#2", "TW105"),
        (f"{path}#4", None),
    ]


def test_html_file_is_an_html_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    shutil.copy(ARTICLES / "page.html", path)
    [article] = _read([str(path)])
    assert isinstance(article, Article)
    assert (
        article.text == "" and article.html is not None and "<article>" in article.html
    )


def test_feed_entries_become_articles() -> None:
    items = _read([str(ARTICLES / "wire.rss")])
    feed = str(ARTICLES / "wire.rss")
    assert _names(items) == [
        ("https://wire.example/eastland-northland", None),
        (f"{feed}#2", None),
        ("https://wire.example/no-body", "TW101"),
    ]
    first = items[0]
    assert isinstance(first, Article)
    assert (first.outlet, first.published) == ("Example Wire", dt.date(2025, 3, 14))
    assert first.title == "Eastland tells citizens to leave Northland"
    assert first.html is not None and "leave Northland" in first.html


def test_xml_that_is_not_a_feed_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><inventory><item>bolt</item></inventory>")
    [error] = _read([str(path)])
    assert isinstance(error, InputError) and error.code == "TW105"


def test_stdin_text_is_one_article() -> None:
    [article] = _read(["-"], stdin=io.BytesIO(TEXT.encode()))
    assert isinstance(article, Article)
    assert (article.source, article.text) == ("-", TEXT)


def test_stdin_json_lines_are_numbered() -> None:
    data = b'{"text": "one"}\n{"text": "two"}\n'
    assert _names(_read(["-"], stdin=io.BytesIO(data))) == [
        ("-#1", None),
        ("-#2", None),
    ]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'{"text": "a"}', "json"),
        (b'[{"text": "a"}]', "json"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b'<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        (
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "feed",
        ),
        (b"Plain words about travel.", "text"),
    ],
)
def test_format_is_sniffed_from_bytes(data: bytes, fmt: str) -> None:
    assert sniff_format(data) == fmt


def _client(routes: dict[str, tuple[str, bytes]]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        content_type, body = routes[request.url.path]
        return httpx.Response(200, content=body, headers={"Content-Type": content_type})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_url_of_a_page_is_an_html_article() -> None:
    html = (ARTICLES / "page.html").read_bytes()
    client = _client({"/news/a": ("text/html; charset=utf-8", html)})
    [article] = _read(
        ["https://news.example/news/a"], client=client, allow_private=True
    )
    assert isinstance(article, Article)
    assert (article.source, article.url) == (
        "https://news.example/news/a",
        "https://news.example/news/a",
    )
    assert article.html is not None and "Riverland" in article.html


def test_url_of_a_feed_yields_its_entries() -> None:
    client = _client(
        {"/rss": ("application/rss+xml", (ARTICLES / "wire.rss").read_bytes())}
    )
    items = _read(["https://wire.example/rss"], client=client, allow_private=True)
    assert [i.source for i in items][:2] == [
        "https://wire.example/eastland-northland",
        "https://wire.example/rss#2",
    ]


def test_refused_url_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    items = _read(["file:///etc/passwd", "http://127.0.0.1/", str(path)])
    assert [code for _, code in _names(items)] == ["TW108", "TW108", None]


def test_count_items_counts_files_and_json_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(
        '{"text": "1"}\n\n{"text": "2"}\n{"text": "3"}\n'
    )
    assert count_items([str(tmp_path)]) == 4
    assert count_items([str(tmp_path), "-"]) is None
    assert count_items(["https://example.org/"]) is None


@pytest.mark.parametrize(
    ("data", "code"), [(b"", "TW101"), (b"\x1f\x8b\x08\x00" + bytes(10), "TW102")]
)
def test_feed_file_that_is_empty_or_binary_is_refused(
    tmp_path: Path, data: bytes, code: str
) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes(data)
    assert _names(_read([str(path)])) == [(str(path), code)]
