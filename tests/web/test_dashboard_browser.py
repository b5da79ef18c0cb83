"""The dashboard in real headless Chromium, served by uvicorn on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from advisory_store import SCRIPT_PAYLOAD, Filled, fill

from travelwatch.api import create_app
from travelwatch.storage.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


@pytest.fixture
def server(filled: Filled) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    config = uvicorn.Config(
        create_app(filled.store), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.requests = []  # type: ignore[attr-defined]
        pg.on("request", lambda req: pg.requests.append(req.url))  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_click_country_reach_advisory_and_see_evidence(page, server: str) -> None:
    page.goto(server + "/")
    assert page.locator('path[data-code="RU"]').get_attribute("data-level") == "4"
    assert page.locator('path[data-code="BR"]').get_attribute("data-level") == "none"
    # China: a compact shape whose bounding-box centre lies on the country.
    page.locator('path[data-code="CN"]').click()
    page.wait_for_url("**/destinations/CN")
    page.get_by_role("link", name="open").first.click()
    page.wait_for_url("**/advisories/**")
    assert page.locator("mark.quote").first.inner_text() == "reconsider travel"
    assert page.locator("figure.timeline svg rect").count() == 2


def test_unsupported_claim_is_marked(page, server: str, filled: Filled) -> None:
    page.goto(f"{server}/advisories/{filled.advisory_id_of('RU', 'US')}")
    assert "hunted" in page.locator("div.article mark.claim").first.inner_text()
    assert page.locator("#disagreement-change").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "advisory.png"), full_page=True)


def test_map_switches_by_audience(page, server: str) -> None:
    page.goto(server + "/?audience=JP")
    assert page.locator('path[data-code="CN"]').get_attribute("data-level") == "3"
    assert page.locator('path[data-code="RU"]').get_attribute("data-level") == "none"
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)


def test_no_request_leaves_the_server(page, server: str) -> None:
    for path in (
        "/",
        "/matrix",
        "/destinations/FR",
        "/changes",
        "/search?q=Haiti",
        "/docs",
    ):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}


def test_sources_page_says_when_each_feed_is_next_due(
    page, server: str, filled: Filled, tmp_path: Path
) -> None:
    from travelwatch import feeds

    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss>")
    feeds.sync(filled.store, ["us"], from_path=bad)
    page.goto(server + "/sources")
    table = page.locator("table.list").first
    heads = table.locator("thead th").all_inner_texts()
    due, failures = heads.index("Next due"), heads.index("Failures in a row")

    def row(name: str) -> list[str]:
        cell = page.get_by_role("cell", name=name, exact=True)
        return table.locator("tbody tr", has=cell).first.locator("td").all_inner_texts()

    us, uk = row("us"), row("uk")
    assert (us[failures], us[due][: len("in 2 hours (")]) == ("1", "in 2 hours (")
    assert (uk[failures], uk[due]) == ("0", "due now")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sources.png"), full_page=True)


def test_script_in_an_article_shows_as_text(page, server: str, filled: Filled) -> None:
    page.goto(f"{server}/advisories/{filled.advisory_id_of('CA', 'HT')}")
    assert SCRIPT_PAYLOAD in page.locator("div.article").first.inner_text()
    assert page.evaluate("window.__pwned") is None


@pytest.mark.issue(15)
def test_api_docs_render_the_openapi_31_document(page, server: str) -> None:
    """/docs is Swagger UI from local files, and it reads FastAPI's OpenAPI 3.1."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" else None,
    )
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    schema = page.request.get(server + "/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    # Every operation of the schema is listed (method and path on each block).
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text().lower(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in page.locator(".opblock").all()
    }
    expected = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    assert ("get", "/api/advisories") in expected
    assert shown == expected
    # The UI read the version it was given (an older build says it cannot).
    assert "OAS 3.1" in page.locator(".info .version-stamp").all_inner_texts()[-1]
    assert "Unable to render" not in page.content()
    assert errors == [], errors
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}  # no CDN
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
