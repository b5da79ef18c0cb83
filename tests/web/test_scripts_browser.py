"""Issue 12 (item 5): evidence is highlighted right in right-to-left (Arabic) and
CJK (Chinese) articles, in real headless Chromium.

Two short advisory articles written for this test are ingested through the real
reader; on each advisory page the marked text must be the evidence sentence the
reader recorded, the marks must be drawn (non-empty boxes inside the article
block, painted in the highlight colour on a screenshot), and the Arabic block
must run right to left.
"""

from __future__ import annotations

import struct
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_dashboard_browser import ARGS, ARTIFACTS, CHROMIUM, _free_port

from travelwatch.api import create_app
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import load_settings
from travelwatch.storage.store import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.issue(12),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"
    ),
]

# Written for this test: a dateline sentence, the advice, and a closing sentence
# that is not evidence, so the highlight has text on both sides to stop at.
ARTICLES = {
    "ar": {
        "text": "أبوظبي، 3 مارس 2026. حذرت وزارة الخارجية الإماراتية مواطنيها من "
        "السفر إلى لبنان في الوقت الحالي بسبب تدهور الأوضاع الأمنية. وستصدر "
        "الوزارة بيانا جديدا الأسبوع المقبل.",
        "issuer": "AE",
        "destination": "LB",
        "direction": "rtl",
    },
    "zh": {
        "text": "北京，2026年3月3日。中国外交部提醒中国公民暂勿前往海地，因为当地治安"
        "形势持续恶化。外交部表示，已在海地的中国公民应尽快撤离。",
        "issuer": "CN",
        "destination": "HT",
        "direction": "ltr",
    },
}

#: The highlight colours of style.css (mark.sentence, mark.quote).
MARK_COLOURS = {(0xFF, 0xF3, 0xB0), (0xFF, 0xD5, 0x4A)}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    db = tmp_path_factory.mktemp("scripts") / "s.db"
    store = Store(settings=load_settings({"db": str(db)}))
    articles = [
        Article(text=a["text"], source=f"{lang}.txt", title=f"{lang} advisory")
        for lang, a in ARTICLES.items()
    ]
    outcomes = list(ingest_articles(store, articles))
    assert [o.status for o in outcomes] == ["stored", "stored"], outcomes
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            create_app(store), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (Chromium's)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        (size,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(
                ">IIBBBBB", body
            )
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += body
    raw = zlib.decompress(data)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        previous = line
    return [
        (row[x], row[x + 1], row[x + 2])
        for row in rows
        for x in range(0, stride, channels)
    ]


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_evidence_is_highlighted_in_rtl_and_cjk(
    browser: Any, server: str, lang: str
) -> None:
    article = ARTICLES[lang]
    found = httpx.get(
        f"{server}/api/advisories",
        params={"issuer": article["issuer"], "destination": article["destination"]},
    ).json()["items"]
    assert len(found) == 1, found
    advisory = httpx.get(f"{server}/api/advisories/{found[0]['id']}").json()
    evidence = advisory["advisory"]["reports"][0]["advisory"]["evidence"]
    sentences = {ev["sentence"] for items in evidence.values() for ev in items}
    assert len(sentences) == 1, sentences  # one advice sentence in each article
    [sentence] = sentences
    assert sentence in article["text"] and sentence != article["text"]

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(f"{server}/advisories/{found[0]['id']}")
        block = page.locator("div.article").first
        marks = block.locator("mark")
        # The marked text, in reading order, is the evidence sentence exactly.
        assert "".join(marks.all_text_contents()) == sentence
        assert block.text_content() == article["text"]

        direction = block.evaluate("e => getComputedStyle(e).direction")
        assert direction == article["direction"]
        assert block.get_attribute("lang") == lang
        # Direction shows in the layout: the first letter sits at the start edge.
        first, box = block.evaluate(
            """e => {
                const r = document.createRange();
                r.setStart(e.firstChild, 0); r.setEnd(e.firstChild, 1);
                const a = r.getBoundingClientRect(), b = e.getBoundingClientRect();
                return [[a.left, a.right], [b.left, b.right]];
            }"""
        )
        middle = (box[0] + box[1]) / 2
        if article["direction"] == "rtl":
            assert first[0] > middle
        else:
            assert first[1] < middle

        outer = block.bounding_box()
        assert outer is not None
        painted = 0
        for i in range(marks.count()):
            mark_box = marks.nth(i).bounding_box()
            assert mark_box is not None
            assert mark_box["width"] > 0 and mark_box["height"] > 0
            assert mark_box["x"] >= outer["x"] - 1
            assert mark_box["y"] >= outer["y"] - 1
            assert mark_box["x"] + mark_box["width"] <= outer["x"] + outer["width"] + 1
            assert (
                mark_box["y"] + mark_box["height"] <= outer["y"] + outer["height"] + 1
            )
            pixels = _pixels(marks.nth(i).screenshot())
            painted += sum(p in MARK_COLOURS for p in pixels)
            # Most of a mark's box is its background colour (the rest, glyphs).
            assert sum(p in MARK_COLOURS for p in pixels) > len(pixels) / 3
        # Text outside the evidence is not painted.
        block_pixels = _pixels(block.screenshot())
        assert sum(p in MARK_COLOURS for p in block_pixels) >= painted * 0.9
        assert sum(p in MARK_COLOURS for p in block_pixels) < len(block_pixels)
        ARTIFACTS.mkdir(exist_ok=True)
        block.screenshot(path=str(ARTIFACTS / f"evidence-{lang}.png"))
    finally:
        page.close()
