"""A small, invented set of documents and reports for the read-side tests.

The texts are written for these tests. Reports go in through the real storage
path (``insert_reports`` then ``refresh_advisories``), so the merged advisories,
their current flags and ``advisory_destinations`` are what the store builds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from travelwatch.models import Advisory, Document, Evidence, Origin, Region, TextMap
from travelwatch.pipeline.merge import Report
from travelwatch.storage import advisories as adv_store
from travelwatch.storage import documents as docs
from travelwatch.storage.store import Store

SEEN = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)

SCRIPT_PAYLOAD = "<script>window.__pwned = 1;</script>"

TEXTS = {
    "ru_a": (
        "Moscow, 10 March 2026. The foreign ministry told Russian citizens to refrain "
        "from all trips to the United States, Canada and the European Union. "
        "It cited the risk of arrests of Russians abroad. Officials gave no date "
        "for a review."
    ),
    "ru_b": (
        "Russia has again urged its nationals not to travel to the United States, "
        "Canada and EU countries, the ministry said on Tuesday. "
        "The spokeswoman claimed, without evidence, that Russians were being hunted."
    ),
    "jp_old": (
        "Tokyo raised its advice for China to a high degree of caution after "
        "protests near its embassy in Beijing."
    ),
    "jp_new": (
        "Japan now asks its citizens to reconsider travel to China as protests grow "
        "and two Japanese nationals were detained."
    ),
    "ca_ht": (
        "Ottawa told Canadians to avoid all travel to Haiti because of gang violence. "
        f"A reader comment pasted into the page read {SCRIPT_PAYLOAD} and nothing more."
    ),
}


@dataclass
class Filled:
    store: Store
    doc_ids: dict[str, int] = field(default_factory=dict)

    def advisory_id_of(self, issuer: str, destination: str) -> str:
        from travelwatch.queries import list_advisories

        with self.store.connect() as conn:
            page = list_advisories(conn, issuer=issuer, destination=destination)
        return str(page.items[0]["id"])


def _evidence(text: str, name: str, quote: str) -> Evidence:
    start = text.index(quote)
    end = start + len(quote)
    # The sentence is the stretch between the full stops around the quote.
    s_start = text.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = text.find(". ", end)
    s_end = len(text) if s_end < 0 else s_end + 1
    return Evidence(name, start, end, quote, text[s_start:s_end])


def _document(store: Store, name: str, outlet: str, published: dt.date) -> int:
    text = TEXTS[name]
    doc = Document(
        source=f"{name}.txt",
        original_text=text,
        text=text,
        text_map=TextMap.identity(len(text)),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=f"{outlet}: {name}",
        url=f"https://news.example/{name}",
        outlet=outlet,
        published=published,
        language="en",
    )
    with store.begin() as conn:
        return docs.insert_document(
            conn,
            doc,
            raw_hash=doc.content_hash,
            duplicate_of=None,
            minhash=None,
            screened=True,
        )


def _news(
    filled: Filled,
    name: str,
    outlet: str,
    published: dt.date,
    advisory: Advisory,
    quotes: dict[str, str],
) -> Report:
    doc_id = _document(filled.store, name, outlet, published)
    filled.doc_ids[name] = doc_id
    advisory.evidence = [_evidence(TEXTS[name], f, q) for f, q in quotes.items()]
    return Report(
        key=f"doc:{name}#1",
        advisory=advisory,
        origin=Origin.NEWS,
        document_id=doc_id,
        source=outlet,
        published=published,
        seen_at=SEEN,
    )


def _official(key: str, advisory: Advisory, published: dt.date) -> Report:
    advisory.origin = Origin.OFFICIAL
    return Report(
        key=f"feed:test:{key}",
        advisory=advisory,
        origin=Origin.OFFICIAL,
        document_id=None,
        source="test feed",
        published=published,
        seen_at=SEEN,
    )


def fill(store: Store) -> Filled:
    filled = Filled(store)
    ru_text = TEXTS["ru_b"]
    claim_start = ru_text.index("Russians were being hunted")
    reports = [
        _news(
            filled,
            "ru_a",
            "Outlet A",
            dt.date(2026, 3, 10),
            Advisory(
                "RU",
                "RU",
                ["US", "CA", "EU"],
                4,
                "avoid_all_travel",
                change="issued",
                reasons=["wrongful_detention"],
                issued=dt.date(2026, 3, 10),
            ),
            {"action": "refrain from all trips", "reasons": "risk of arrests"},
        ),
        _news(
            filled,
            "ru_b",
            "Outlet B",
            dt.date(2026, 3, 10),
            Advisory(
                "RU",
                "RU",
                ["US", "CA", "EU"],
                4,
                "avoid_all_travel",
                change="reiterated",
                reasons=["political_tension"],
                issued=dt.date(2026, 3, 10),
                unsupported_claims=[],
            ),
            {"action": "not to travel", "change": "again urged"},
        ),
        _official(
            "us-ru",
            Advisory(
                "US",
                "US",
                ["RU"],
                4,
                "avoid_all_travel",
                reasons=["armed_conflict", "wrongful_detention"],
                native_level="Level 4: Do Not Travel",
            ),
            dt.date(2026, 2, 1),
        ),
        _official(
            "us-fr",
            Advisory(
                "US",
                "US",
                ["FR"],
                2,
                "increased_caution",
                reasons=["terrorism"],
                regions=[Region("Mayotte", "FR", 3, "reconsider_travel")],
            ),
            dt.date(2026, 2, 1),
        ),
        _news(
            filled,
            "jp_old",
            "Outlet C",
            dt.date(2025, 11, 20),
            Advisory(
                "JP",
                "JP",
                ["CN"],
                2,
                "increased_caution",
                change="raised",
                reasons=["civil_unrest"],
                issued=dt.date(2025, 11, 20),
            ),
            {"action": "a high degree of caution"},
        ),
        _news(
            filled,
            "jp_new",
            "Outlet D",
            dt.date(2026, 2, 15),
            Advisory(
                "JP",
                "JP",
                ["CN"],
                3,
                "reconsider_travel",
                change="raised",
                reasons=["civil_unrest", "wrongful_detention"],
                issued=dt.date(2026, 2, 15),
            ),
            {"action": "reconsider travel"},
        ),
        _news(
            filled,
            "ca_ht",
            "Outlet E",
            dt.date(2026, 1, 5),
            Advisory("CA", "CA", ["HT"], 4, "avoid_all_travel", reasons=["crime"]),
            {"action": "avoid all travel"},
        ),
    ]
    from travelwatch.models import Claim

    reports[1].advisory.unsupported_claims = [
        Claim(
            "Russians were being hunted",
            claim_start,
            claim_start + 26,
            "without evidence",
        )
    ]
    with store.begin() as conn:
        for rep in reports:
            adv_store.insert_reports(conn, [rep])
        adv_store.refresh_advisories(
            conn,
            {r.advisory.issuer for r in reports},
            window_days=int(store.settings["merge.window_days"]),
        )
    return filled
