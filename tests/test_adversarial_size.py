"""Issue 15: no parser is super-linear.

Each parser gets a megabyte of whitespace and punctuation where its patterns
look. A quadratic pattern takes minutes on that (the US summary regex took 57 s
on 4,000 spaces); a linear parser takes a second or two, so the budget below
separates the two even on a busy machine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest

from travelwatch.connectors import get_connector
from travelwatch.connectors.html_text import html_lines
from travelwatch.ingest.articles import articles_from_feed
from travelwatch.ingest.decode import decode_bytes
from travelwatch.ingest.readers import sniff_format
from travelwatch.models import Article
from travelwatch.service import process_article
from travelwatch.settings import load_settings

pytestmark = pytest.mark.issue(15)

SIZE = 1_000_000
BUDGET_S = 20.0
UNITS = [" ", "\n", " \t", ".", ", ", "<", "<p>", "<a", "&#", "St. ", '"', "due to "]
SETTINGS = load_settings({})


def _pad(unit: str) -> str:
    return unit * (SIZE // len(unit))


def _us(pad: str) -> None:
    item = (
        "<item><title>Niger - Level 3: Reconsider Travel</title>"
        f"<pubDate>{pad[:2000]}</pubDate>"
        f"<description><![CDATA[Reconsider travel{pad}x]]></description>"
        '<category domain="Country-Tag">NG</category></item>'
    )
    payload = f'<rss version="2.0"><channel>{item}</channel></rss>'.encode()
    get_connector("us", SETTINGS).parse(payload, origin="adversarial")


def _ca(pad: str) -> None:
    blocks = (
        f'<div class="AdvisoryContainer x"><h3>{pad}</h3>{pad}</div>'
        '<div class="AdvisoryContainer RegionalAdv"><h3>Regional advisory - '
        f"Avoid all travel</h3><p>Avoid all travel to {pad}</p></div>"
    )
    data = {
        "country-iso": "PE",
        "advisory-state": 1,
        "eng": {"name": "Peru", "friendly-date": pad[:2000], "advisories": blocks},
    }
    payload = json.dumps({"metadata": {}, "data": data}).encode()
    get_connector("ca", SETTINGS).parse(payload, origin="adversarial")


def _uk(pad: str) -> None:
    body = (
        f"<h2>Areas where FCDO advises against all travel{pad}</h2><h3>{pad}</h3>"
        f"<p>FCDO advises against all travel {pad}</p><li>{pad}"
    )
    data = {
        "schema_name": "travel_advice",
        "details": {
            "alert_status": [],
            "country": {"name": "Bolivia", "slug": "bolivia"},
            "parts": [{"slug": "warnings-and-insurance", "body": body}],
        },
    }
    get_connector("uk", SETTINGS).parse(json.dumps(data).encode(), origin="x")


def _au(pad: str) -> None:
    rows = [{"destination": pad, "risk_level": pad, "last_updated": pad[:2000]}]
    get_connector("au", SETTINGS).parse(json.dumps(rows).encode(), origin="x")


def _feed(pad: str) -> None:
    escaped = pad.replace("&", "&amp;").replace("<", "&lt;")
    payload = (
        f'<rss version="2.0"><channel><title>{escaped[:2000]}</title>'
        f"<item><title>t</title><description>{escaped}</description></item>"
        "</channel></rss>"
    ).encode()
    list(articles_from_feed(payload, source="adversarial"))


def _text(pad: str) -> None:
    text = "Norway told its citizens to avoid all travel to Haiti. " + pad
    process_article(Article(text=text, source="adversarial"), SETTINGS)


def _html(pad: str) -> None:
    html = f"<html><body><p>Norway told its citizens to avoid all travel to Haiti.</p><p>{pad}</p></body></html>"
    process_article(Article(text="", html=html, source="adversarial"), SETTINGS)


def _bytes(pad: str) -> None:
    data = pad.encode()
    sniff_format(data)
    decode_bytes(data, source="adversarial")


PARSERS: dict[str, Callable[[str], None]] = {
    "us": _us,
    "ca": _ca,
    "uk": _uk,
    "au": _au,
    "html_lines": html_lines,
    "feed": _feed,
    "text": _text,
    "html": _html,
    "bytes": _bytes,
}


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_a_megabyte_of_adversarial_input_is_read_in_bounded_time(parser: str) -> None:
    slow = {}
    for unit in UNITS:
        started = time.perf_counter()
        try:
            PARSERS[parser](_pad(unit))
        except Exception as e:  # refusing is fine; only the time counts
            assert type(e).__name__ != "RecursionError"
        took = time.perf_counter() - started
        if took > BUDGET_S:
            slow[unit] = round(took, 1)
    assert not slow, f"{parser}: over {BUDGET_S}s on 1 MB of {slow}"
