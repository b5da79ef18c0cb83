"""News changes and sources in the API, the Atom feed and the dashboard (issue #14)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from news_server import NewsServer

from travelwatch.alerts.atom import ATOM_NS, changes_atom
from travelwatch.api import create_app
from travelwatch.news import sources as registry
from travelwatch.news.poll import Poller
from travelwatch.storage.official import list_changes
from travelwatch.storage.schema import changes
from travelwatch.storage.store import Store

pytestmark = pytest.mark.issue(14)


@pytest.fixture
def polled(news_store: Store, site: NewsServer) -> Store:
    """Outlet A then outlet B polled: one news change, two outlets."""
    with news_store.begin() as conn:
        registry.add_source(
            conn, site.base + "/a/feed.rss", settings=news_store.settings, name="fjord"
        )
        registry.add_source(
            conn,
            site.base + "/b/feed.atom",
            settings=news_store.settings,
            name="harbour",
        )
    poller = Poller(news_store)
    poller.poll(["fjord"])
    poller.poll(["harbour"])
    return news_store


@pytest.fixture
def client(polled: Store) -> Iterator[TestClient]:
    with TestClient(create_app(polled), raise_server_exceptions=False) as c:
        yield c


def test_api_changes_carry_corroboration_and_the_advisory_link(
    client: TestClient,
) -> None:
    [change] = client.get("/api/changes").json()["items"]
    assert change["corroboration"]["outlets"] == 2
    assert client.get(change["advisory_url"]).status_code == 200


def test_api_sources_include_news_sources(client: TestClient) -> None:
    items = client.get("/api/sources").json()["items"]
    news = {i["name"]: i["status"] for i in items if i["kind"] == "news"}
    assert news == {"fjord": "ok", "harbour": "ok"}


def test_the_sources_page_shows_news_health(client: TestClient) -> None:
    page = client.get("/sources").text
    assert "harbour" in page and "News sources" in page


def test_the_atom_feed_links_a_news_change_to_its_advisory(polled: Store) -> None:
    with polled.connect() as conn:
        found = list_changes(conn)
    root = ET.fromstring(changes_atom(found, base_url="http://tw.example"))
    [entry] = root.findall(f"{{{ATOM_NS}}}entry")
    related = [
        link.get("href")
        for link in entry.findall(f"{{{ATOM_NS}}}link")
        if link.get("rel") == "related"
    ]
    assert related[0].startswith("http://tw.example/advisories/")
    summary = entry.find(f"{{{ATOM_NS}}}summary")
    assert summary is not None and "Corroboration: 2 outlet(s)" in (summary.text or "")


def test_changes_to_any_destination_of_a_news_change(
    news_store: Store, news_files: Path
) -> None:
    with news_store.begin() as conn:
        registry.add_source(
            conn,
            str(news_files / "outlet-b.atom"),
            settings=news_store.settings,
            name="harbour",
        )
    Poller(news_store).poll(["harbour"])
    # Stand in for advice about several places: store the change's key as such.
    with news_store.begin() as conn:
        conn.execute(sa.update(changes).values(advisory_key="NO>NO>EU,MD,UA"))
    with news_store.connect() as conn:
        found = {to: len(list_changes(conn, to=to)) for to in ("EU", "MD", "UA", "NO")}
    assert found == {"EU": 1, "MD": 1, "UA": 1, "NO": 0}


def test_the_changes_page_links_a_news_change_to_its_advisory(
    client: TestClient,
) -> None:
    [change] = client.get("/api/changes").json()["items"]
    page = client.get("/changes").text
    assert f'href="{change["advisory_url"]}"' in page


@pytest.fixture
def health_client(polled: Store, site: NewsServer) -> Iterator[TestClient]:
    """``polled`` plus a source whose feed answers 500."""
    site.failing.add("/z/feed.rss")
    with polled.begin() as conn:
        registry.add_source(
            conn, site.base + "/z/feed.rss", settings=polled.settings, name="broken"
        )
    Poller(polled).poll(["broken"])
    with TestClient(create_app(polled), raise_server_exceptions=False) as c:
        yield c


def _news_rows(page: str) -> dict[str, list[str]]:
    """The News sources table of the sources page: name → its cells' text."""
    table = page[page.index("<h2>News sources</h2>") :]
    rows = {}
    for row in re.findall(r"<tr class=\"status-\w+\">(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        rows[cells[0]] = cells
    return rows


def test_the_sources_page_shows_each_news_source_health(
    health_client: TestClient,
) -> None:
    rows = _news_rows(health_client.get("/sources").text)
    # name, url, status, last attempt, last success, next due, failures in a
    # row, entries, articles, error
    fjord, broken = rows["fjord"], rows["broken"]
    assert (fjord[2], fjord[7], fjord[8], fjord[9]) == ("ok", "2", "1", "—")
    assert fjord[3].startswith("just now") and fjord[4].startswith("just now")
    assert (broken[2], broken[4]) == ("failed", "never")
    assert broken[3].startswith("just now")
    assert broken[9].startswith("TW107") and "500" in broken[9]
    # Polled every 15 minutes (the default), jittered; the failing one backs off.
    assert (fjord[6], broken[6]) == ("0", "1")
    assert re.match(r"in 1[3-7] minutes \(20\d\d-", fjord[5]), fjord[5]
    assert re.match(r"in (29|30) minutes \(20\d\d-", broken[5]), broken[5]


def test_api_sources_give_news_health_fields(health_client: TestClient) -> None:
    items = health_client.get("/api/sources").json()["items"]
    broken = next(i for i in items if i["name"] == "broken")
    assert (broken["status"], broken["last_success"], broken["failures"]) == (
        "failed",
        None,
        1,
    )
    assert broken["last_attempt"] and broken["last_error"].startswith("TW107")
