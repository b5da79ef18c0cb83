"""The batched store: one transaction a batch, idempotent, a bad item fails alone."""

from __future__ import annotations

import sqlalchemy as sa
from scale_support import ADVICE, WIRE_COPY, irrelevant_text, snapshot

from travelwatch.models import Article
from travelwatch.pipeline.stages import build_pipeline
from travelwatch.service import (
    Ingestor,
    ProcessedArticle,
    ingest_articles,
    process_article,
    signed_key,
    write_batch,
)
from travelwatch.settings import Settings, load_settings
from travelwatch.storage.store import Store


def _articles(n: int) -> list[Article]:
    return [Article(text=irrelevant_text(i), source=f"item{i}") for i in range(n)]


def _processed(settings: Settings, articles: list[Article]) -> list[ProcessedArticle]:
    pipeline = build_pipeline(settings)
    return [process_article(a, settings, pipeline) for a in articles]


def _statements(store: Store) -> list[str]:
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(store.engine, "before_cursor_execute", note)
    return seen


def test_a_batch_is_one_transaction_with_one_lookup(tmp_path: object) -> None:
    settings = load_settings({"db": f"{tmp_path}/b.db", "ingest.processes": 1})
    with Store(settings=settings) as store:
        items = _processed(settings, _articles(30))
        ingestor = Ingestor(store)
        ingestor.place([])  # load the (empty) index before counting
        seen = _statements(store)
        outcomes = ingestor.store_batch(items)
    assert [o.status for o in outcomes] == ["stored"] * 30
    assert [o.document_id for o in outcomes] == list(range(1, 31))
    writes = [s for s in seen if s.startswith(("INSERT", "UPDATE"))]
    lookups = [s for s in seen if "FROM documents" in s and s.startswith("SELECT")]
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert len(begins) == 1, begins
    assert len(lookups) == 1, lookups
    # 30 documents in one multi-row statement (no per-document INSERT).
    assert len(writes) == 1 and writes[0].count("?, ?, ?") >= 30


def test_copies_within_one_batch(tmp_path: object) -> None:
    haiti = next(iter(ADVICE.values()))
    near = next(iter(WIRE_COPY.values()))
    texts = [irrelevant_text(1), haiti, irrelevant_text(2), "  " + haiti, near]
    articles = [Article(text=t, source=f"s{n}") for n, t in enumerate(texts)]
    settings = load_settings({"db": f"{tmp_path}/c.db"})
    with Store(settings=settings) as store:
        outcomes = list(ingest_articles(store, articles))
    status = [o.status for o in outcomes]
    # Same words (only whitespace differs): the one document, stored once.
    assert status[:4] == ["stored", "stored", "stored", "unchanged"]
    assert outcomes[3].document_id == outcomes[1].document_id
    # A lightly edited copy in the same batch: a near-duplicate of the first.
    assert status[4] == "duplicate"
    assert outcomes[4].detail == f"near-duplicate of document {outcomes[1].document_id}"
    docs = snapshot(str(tmp_path / "c.db"))["documents"]
    dup = next(d for d in docs if d["id"] == outcomes[4].document_id)
    assert dup["duplicate_of"] == outcomes[1].document_id
    # Only the original's advice became reports.
    reports = snapshot(str(tmp_path / "c.db"))["reports"]
    assert reports and {r["document_id"] for r in reports} == {outcomes[1].document_id}


def test_batch_size_does_not_change_what_is_stored(tmp_path: object) -> None:
    texts = [irrelevant_text(i) for i in range(25)] + list(ADVICE.values())
    texts += [irrelevant_text(3), next(iter(ADVICE.values())) + " Update."]
    articles = [Article(text=t, source=f"s{n}") for n, t in enumerate(texts)]
    snaps = []
    for size in (1, 7, 500):
        db = f"{tmp_path}/n{size}.db"
        settings = load_settings({"db": db, "ingest.batch_size": size})
        with Store(settings=settings) as store:
            list(ingest_articles(store, articles))
        snaps.append(snapshot(db))
    assert snaps[0]["reports"] and snaps[0] == snaps[1] == snaps[2]


def test_writing_a_batch_twice_stores_it_once(tmp_path: object) -> None:
    settings = load_settings({"db": f"{tmp_path}/i.db"})
    with Store(settings=settings) as store:
        items = _processed(settings, _articles(12))
        ingestor = Ingestor(store)
        first = ingestor.store_batch(items)
        # A second writer that placed the same batch (as a retried Dask task would).
        other = Ingestor(store)
        keys = [signed_key(item, settings) for item in items]
        second = write_batch(store, items, other.place(keys))
        before = snapshot(str(tmp_path / "i.db"))
    assert [o.status for o in first] == ["stored"] * 12
    assert [o.status for o in second.outcomes] == ["unchanged"] * 12
    assert [o.document_id for o in second.outcomes] == [o.document_id for o in first]
    assert len(before["documents"]) == 12


def test_an_item_the_store_refuses_fails_alone(pg_url: str) -> None:
    settings = load_settings({"db": pg_url, "ingest.processes": 1})
    with Store(settings=settings) as store:
        items = _processed(settings, _articles(10))
        bad = items[4].document
        assert bad is not None
        # Not a number: JSON has no such token, and PostgreSQL refuses it.
        bad.metadata["score"] = float("nan")
        outcomes = Ingestor(store).store_batch(items)
    status = [o.status for o in outcomes]
    assert status == ["stored"] * 4 + ["failed"] + ["stored"] * 5
    assert (outcomes[4].detail or "").startswith("TW401 item4")
    docs = snapshot(pg_url)["documents"]
    assert sorted(d["source"] for d in docs) == sorted(
        f"item{i}" for i in range(10) if i != 4
    )


def test_the_pool_gives_what_the_process_gives(tmp_path: object) -> None:
    from travelwatch.article_pool import ArticlePool

    texts = [irrelevant_text(i) for i in range(60)] + list(ADVICE.values())
    articles = [Article(text=t, source=f"s{n}") for n, t in enumerate(texts)]
    alone = load_settings({"db": ":memory:", "ingest.processes": 1})
    pooled = load_settings({"db": ":memory:", "ingest.processes": 2})
    with ArticlePool(alone, build_pipeline(alone)) as one:
        expected = one.process(list(articles))
    with ArticlePool(pooled, build_pipeline(pooled)) as two:
        got = two.process(list(articles))
        assert two._pool is not None, "the batch was big enough to go to the pool"
    assert any(p.advisories for p in expected)
    assert got == expected


def test_a_pooled_ingest_stores_what_an_in_process_one_stores(tmp_path: object) -> None:
    texts = [irrelevant_text(i) for i in range(70)] + list(ADVICE.values())
    texts += [irrelevant_text(5), *WIRE_COPY.values()]
    articles = [Article(text=t, source=f"s{n}") for n, t in enumerate(texts)]
    snaps, statuses = [], []
    for procs in (1, 2):
        db = f"{tmp_path}/p{procs}.db"
        # Batches of 40: big enough for the pool (16 per process), and several.
        values = {"db": db, "ingest.batch_size": 40, "ingest.processes": procs}
        with Store(settings=load_settings(values)) as store:
            statuses.append(
                [(o.item, o.status) for o in ingest_articles(store, articles)]
            )
        snaps.append(snapshot(db))
    assert statuses[0] == statuses[1]
    assert {s for _, s in statuses[0]} == {"stored", "unchanged", "duplicate"}
    assert snaps[0]["reports"] and snaps[0] == snaps[1]
