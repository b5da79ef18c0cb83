"""Dashboard pages through the real app and store, without a browser."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.models import Advisory, Origin
from travelwatch.pipeline.merge import Report
from travelwatch.settings import load_settings
from travelwatch.storage.advisories import insert_reports, refresh_advisories
from travelwatch.storage.store import Store

SEEN = dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)


def report(
    key: str,
    issuer: str,
    dests: list[str],
    level: int,
    *,
    audience: str | None = None,
    official: bool = False,
    published: dt.date | None = None,
) -> Report:
    origin = Origin.OFFICIAL if official else Origin.NEWS
    adv = Advisory(issuer, audience or issuer, dests, level, None, origin=origin)
    return Report(
        key=key,
        advisory=adv,
        origin=origin,
        document_id=None,
        source="test",
        published=published,
        seen_at=SEEN,
    )


def put(store: Store, reports: list[Report]) -> None:
    with store.begin() as conn:
        insert_reports(conn, reports)
        refresh_advisories(conn, {r.advisory.issuer for r in reports}, window_days=21)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c


def test_undated_advice_shows_date_unknown_not_the_day_of_ingest(
    store: Store, client: TestClient
) -> None:
    put(store, [report("doc:x#1", "US", ["BR"], 4)])
    html = client.get("/destinations/BR").text
    assert "date unknown" in html
    assert SEEN.date().isoformat() not in html


def _level_of(html: str, code: str) -> str:
    marker = f'data-code="{code}" data-level="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.fixture
def two_audiences(store: Store) -> None:
    day = dt.date(2026, 3, 1)
    put(
        store,
        [
            report("feed:us:a", "US", ["RU"], 4, official=True, published=day),
            report("feed:us:b", "US", ["FR"], 2, official=True, published=day),
            report("feed:us:c", "US", ["BR"], 2, official=True, published=day),
            report("doc:ru#1", "RU", ["US", "CA", "EU"], 4, published=day),
            report("doc:gb#1", "GB", ["BR"], 3, published=day),
        ],
    )


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_default_map_is_one_audience_and_says_so(client: TestClient) -> None:
    html = client.get("/").text
    assert "Current travel advice for United States citizens" in html
    # Russia's advice to Russians does not paint the US, Canada or the EU.
    assert _level_of(html, "US") == "none"
    assert _level_of(html, "CA") == "none"
    assert _level_of(html, "FR") == "2"
    assert _level_of(html, "RU") == "4"


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_dashboard_audience_setting_picks_the_default(store: Store) -> None:
    configured = Store(
        settings=load_settings({"db": store.settings.db, "dashboard.audience": "ru"})
    )
    with TestClient(create_app(configured)) as client:
        html = client.get("/").text
    configured.close()
    assert "for Russia citizens" in html or "for Russian Federation citizens" in html
    assert _level_of(html, "CA") == "4"


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_view_across_audiences_never_takes_the_maximum(client: TestClient) -> None:
    html = client.get("/?audience=all").text
    assert "each government to its own citizens" in html
    # US says 2 for Brazil, the UK says 3: shown as differing, not as 3.
    assert _level_of(html, "BR") == "mixed"
    assert "US 2" in html and "GB 3" in html
    assert _level_of(html, "CA") == "4"  # only Russia advises on Canada


@pytest.mark.issue(13)
def test_uk_partial_advice_reads_in_fcdo_words_and_regions_not_known(
    store: Store, client: TestClient
) -> None:
    gb = report("feed:uk:peru", "GB", ["PE"], 2, official=True)
    gb.advisory.action = "increased_caution"
    gb.advisory.native_level = "avoid_all_travel_to_parts"
    gb.advisory.regions_known = False
    put(store, [gb])
    html = client.get("/destinations/PE").text
    assert "FCDO advises against all travel to parts of the country" in html
    assert "increased caution" not in html
    assert "regions not known" in html


@pytest.mark.issue(13)
def test_unknown_destination_is_a_404_page(client: TestClient) -> None:
    response = client.get("/destinations/XX")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Unknown place" in response.text


@pytest.mark.issue(13)
def test_destination_page_takes_a_name(store: Store, client: TestClient) -> None:
    put(store, [report("doc:x#1", "US", ["RU"], 4)])
    response = client.get("/destinations/Russia")
    assert response.status_code == 200 and "Russia" in response.text


@pytest.mark.issue(13)
def test_api_unknown_code_is_an_error_not_an_empty_list(client: TestClient) -> None:
    assert client.get("/api/advisories?destination=XX").status_code == 400
    assert client.get("/api/destinations/XX").status_code == 404
    assert client.get("/api/advisories?destination=UK").status_code == 200


def _mark_us(store: Store, *, hours_ago: float, error: str | None = None) -> None:
    from travelwatch.storage import sources

    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    with store.begin() as conn:
        sources.record_success(conn, "us", at=at, item_count=3)
        if error:
            sources.record_failure(conn, "us", at=dt.datetime.now(dt.UTC), error=error)


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_stale_us_source_shows_a_banner_with_its_own_date(
    store: Store, client: TestClient
) -> None:
    _mark_us(store, hours_ago=72)
    for page in ("/", "/destinations/BR", "/matrix", "/changes"):
        html = client.get(page).text
        assert "US feed: last success 3 days ago" in html, page


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_failed_source_banner_says_why(store: Store, client: TestClient) -> None:
    _mark_us(store, hours_ago=1, error="TW201 feed us unavailable: HTTP 503")
    html = client.get("/destinations/FR").text
    assert "US feed: last success 1 hour ago" in html and "HTTP 503" in html


@pytest.mark.issue(13)
@pytest.mark.usefixtures("two_audiences")
def test_healthy_or_unrelated_sources_show_no_banner(
    store: Store, client: TestClient
) -> None:
    _mark_us(store, hours_ago=1)
    assert 'class="banner' not in client.get("/").text
    _mark_us(store, hours_ago=72)
    # Germany's page shows no US advice: nothing from the stale feed on it.
    assert 'class="banner' not in client.get("/destinations/DE").text


@pytest.mark.issue(13)
def test_sources_page_lists_every_feed(store: Store, client: TestClient) -> None:
    _mark_us(store, hours_ago=72)
    html = client.get("/sources").text
    assert "stale" in html and "never" in html
    for name in ("us", "uk", "ca", "au"):
        assert f"<td>{name}</td>" in html


@pytest.mark.issue(16)
def test_destination_history_comes_a_page_at_a_time_and_every_page_is_reachable(
    store: Store, client: TestClient
) -> None:
    """A place's earlier advice grows with the store: the page shows how much
    there is, the newest 50, and links through to all of it."""
    start = dt.date(2016, 1, 1)
    history = []
    for n in range(120):
        rep = report(f"doc:h{n:03d}#1", "US", ["PE"], 2)
        # 40 days apart: each its own advisory; only the newest is current.
        rep.advisory.issued = start + dt.timedelta(days=40 * n)
        history.append(rep)
    put(store, history)
    seen: list[str] = []
    url = "/destinations/PE"
    pages = 0
    while url:
        html = client.get(url).text
        earlier = html[html.index('id="earlier"') :]
        if pages == 0:
            assert "Earlier advice (119)" in html
            assert "1–50 of 119, newest first" in earlier
            # Newest first: the advisory before the current one opens the list.
            newest = (start + dt.timedelta(days=40 * 118)).isoformat()
            assert earlier.index(newest) < earlier.index("/advisories/")
            assert 'rel="prev"' not in earlier
        else:
            assert 'rel="prev"' in earlier
        seen += re.findall(r'href="/advisories/([^"]+)"', earlier)
        nxt = re.search(r'<a rel="next" href="([^"]+)"', earlier)
        url = "/destinations/PE" + nxt.group(1).split("#")[0] if nxt else ""
        pages += 1
    assert pages == 3
    assert "101–119 of 119" in earlier
    assert len(seen) == len(set(seen)) == 119
    api = client.get("/api/destinations/PE").json()
    assert api["earlier_total"] == 119 and len(api["earlier"]) == 119
    assert [a["id"] for a in api["earlier"]] == seen
    paged = client.get("/api/destinations/PE?earlier_limit=10&earlier_offset=110")
    assert [a["id"] for a in paged.json()["earlier"]] == seen[110:]


def _official_rows(page: str) -> dict[str, list[str]]:
    """The official sources table of the sources page: name → its cells' text."""
    table = page[page.index("<h1>Official sources</h1>") : page.index("<h2>")]
    rows = {}
    for row in re.findall(r"<tr class=\"status-\w+\">(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        rows[cells[0]] = cells
    return rows


def test_sources_page_shows_when_each_feed_is_next_due(
    store: Store, client: TestClient, tmp_path: Path
) -> None:
    from travelwatch import feeds

    assert _official_rows(client.get("/sources").text)["us"][5] == "due now"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    feeds.sync(store, ["us"], from_path=bad)
    # Read again at once: a failed sync writes source health alone, which must
    # not leave the page as it was before.
    rows = _official_rows(client.get("/sources").text)
    # name, issuer, status, last success, last attempt, next due, failures, ...
    us, uk = rows["us"], rows["uk"]
    assert (us[2], us[6]) == ("failed", "1")
    assert re.fullmatch(r"in 2 hours \(20\d\d-\d\d-\d\d \d\d:\d\d UTC\)", us[5])
    assert (uk[2], uk[5], uk[6]) == ("never", "due now", "0")


@pytest.mark.usefixtures("two_audiences")
def test_a_failed_sync_shows_on_a_page_rendered_before_it(
    store: Store, client: TestClient
) -> None:
    """Pages are cached per data version; a failed sync writes source health
    alone, and the page rendered before it must not go on saying all is well."""
    from travelwatch.storage import sources

    _mark_us(store, hours_ago=1)
    assert 'class="banner' not in client.get("/destinations/FR").text
    with store.begin() as conn:
        sources.record_failure(
            conn, "us", at=dt.datetime.now(dt.UTC), error="TW201 feed us: HTTP 503"
        )
    html = client.get("/destinations/FR").text
    assert 'class="banner' in html and "HTTP 503" in html


def test_a_rendering_is_valid_for_a_minute_at_most(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed turns stale by the clock alone, with no write: the data version
    moves with the minute, so a cached page catches up within one."""
    import time

    from travelwatch.api import cache

    now = time.time()
    with store.connect() as conn:
        monkeypatch.setattr(cache.time, "time", lambda: now)
        before = cache.data_version(conn)
        assert cache.data_version(conn) == before
        monkeypatch.setattr(cache.time, "time", lambda: now + cache.CLOCK_STEP)
        assert cache.data_version(conn) != before
