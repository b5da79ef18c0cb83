"""Issue 15: links that come from content (an article's URL, its outlet) never
become ``javascript:`` or other non-http(s) links, on any page or in Atom."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(15)

HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    " JaVaScRiPt:alert(2)",
    "data:text/html,<script>alert(3)</script>",
    "vbscript:msgbox(4)",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.links.append(value)


def _safe(link: str) -> bool:
    """A relative link to the dashboard itself, or an http(s) URL."""
    scheme = urlsplit(link.strip()).scheme.lower()
    return scheme in ("", "http", "https") and not link.strip().startswith("//")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(settings=load_settings({"db": str(tmp_path / "l.db")}))
    articles = [
        Article(
            text=f"Oslo, {n + 2} March 2026. Norway's foreign ministry told its "
            f"citizens to avoid all travel to Haiti because armed gangs hold the "
            f"capital, report number {n}.",
            source=f"note-{n}.txt",
            url=url,
            outlet=f"<a href='{url}'>outlet {n}</a>",
            title=f"[link]({url})",
        )
        for n, url in enumerate(HOSTILE_URLS)
    ]
    outcomes = list(ingest_articles(store, articles))
    assert [o.status for o in outcomes] == ["stored"] * len(HOSTILE_URLS)
    yield store
    store.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


def test_no_page_links_to_a_script(client: TestClient) -> None:
    advisories = client.get("/api/advisories?destination=HT").json()["items"]
    assert advisories, "the articles' advice should be on record"
    pages = [
        "/",
        "/matrix",
        "/changes",
        "/sources",
        "/search?q=Haiti",
        "/destinations/HT",
        "/issuers/NO",
        *(f"/advisories/{a['id']}" for a in advisories),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        parser = _Links()
        parser.feed(response.text)
        unsafe = [link for link in parser.links if not _safe(link)]
        assert unsafe == [], path
        # The hostile text is shown as text, escaped, where it is shown at all.
        assert not re.search(r"<a href='(?:javascript|data|vbscript)", response.text)


def test_atom_links_are_http_only(client: TestClient) -> None:
    body = client.get("/api/export?format=atom").text
    feed = ElementTree.fromstring(body)
    links = [
        el.get("href") or "" for el in feed.iter("{http://www.w3.org/2005/Atom}link")
    ]
    assert links, "the export should link its entries"
    assert [link for link in links if not _safe(link) or not link.strip()] == []
    for url in HOSTILE_URLS:
        assert f'href="{url.strip()}"' not in body
