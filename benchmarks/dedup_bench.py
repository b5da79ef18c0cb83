"""Benchmark near-duplicate detection: travelwatch's DedupIndex against datasketch.

Generates documents from an invented vocabulary (every 50th is a lightly edited
copy of an earlier one), signs them once, then builds both indexes over the same
signatures, each in a fresh forked process so that its memory can be read from
the process's resident set:

* ``DedupIndex`` (flat sorted numpy band arrays + uint32 signatures);
* datasketch ``MinHashLSH`` with its default in-memory storage.

Printed: documents/s signed and indexed, resident memory per million documents
(extrapolated), lookup latency (mean and p99) and the share of planted copies found
/ unrelated probes matched. Targets: 1M documents in <= 2 GB, lookups <= 5 ms.

    .venv/bin/python benchmarks/dedup_bench.py --docs 100000
"""

from __future__ import annotations

import argparse
import gc
import itertools
import multiprocessing as mp
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from travelwatch.pipeline.dedup import DedupIndex, MinHashSignature

THRESHOLD, NUM_PERM, SHINGLE_WORDS = 0.8, 128, 5


@dataclass
class Corpus:
    keys: list[str]
    sigs: np.ndarray  # (n, num_perm) uint32
    copy_probes: np.ndarray  # signatures of fresh edited copies
    copy_sources: list[str]  # the indexed key each copy was made from
    unrelated_probes: np.ndarray


_CHUNK = 2000


def make_chunk(job: tuple[int, int, int, int]) -> dict[str, Any]:
    """Generate and sign one chunk of documents (in a worker, so that the texts
    never bloat the parent's heap and distort the memory readings).

    Every 50th document is a light edit of an earlier one; probes are fresh edits
    of this chunk's originals and texts over a vocabulary nobody else uses.
    """
    chunk_no, size, words, probes = job
    rng = random.Random(chunk_no)
    texts: list[str] = []
    for i in range(size):
        if i > 0 and i % 50 == 0:
            texts.append(edit(texts[rng.randrange(i)], rng))
            continue
        length = rng.randint(words // 2, words * 3 // 2)
        picked = rng.choices(VOCAB, cum_weights=CUM_WEIGHTS, k=length)
        texts.append(" ".join(picked))
    originals = [i for i in range(size) if i == 0 or i % 50]
    sources = rng.sample(originals, probes)
    unrelated = [
        " ".join(f"q{rng.randrange(10**6):x}" for _ in range(words))
        for _ in range(probes)
    ]
    index = DedupIndex(
        threshold=THRESHOLD, num_perm=NUM_PERM, shingle_words=SHINGLE_WORDS
    )
    t0 = time.perf_counter()
    sigs = np.stack([index.signature(t).hashvalues for t in texts])
    seconds = time.perf_counter() - t0
    return {
        "sigs": sigs,
        "sign_seconds": seconds,
        "copies": np.stack(
            [index.signature(edit(texts[i], rng)).hashvalues for i in sources]
        ),
        "sources": [chunk_no * _CHUNK + i for i in sources],
        "unrelated": np.stack([index.signature(t).hashvalues for t in unrelated]),
    }


VOCAB = [f"{'bcdfghklmnprstvz'[i % 16]}{i:x}o" for i in range(50_000)]
# Zipf-like word frequencies, as in real text.
CUM_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(50_000)))


def edit(text: str, rng: random.Random) -> str:
    """A light rewrite: 1% of the words replaced and a credit line added."""
    words = text.split()
    for _ in range(max(1, len(words) // 100)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words) + " reporting by the wire desk"


def make_corpus(
    docs: int, words: int, probes: int, workers: int
) -> tuple[Corpus, float]:
    """The signed corpus and the signing rate of one process (docs/s)."""
    chunks = -(-docs // _CHUNK)
    per_chunk = -(-probes // chunks)
    jobs = [
        (n, min(_CHUNK, docs - n * _CHUNK), words, per_chunk) for n in range(chunks)
    ]
    with mp.get_context("fork").Pool(workers) as pool:
        parts = pool.map(make_chunk, jobs)
    sign_rate = docs / sum(p["sign_seconds"] for p in parts)
    corpus = Corpus(
        keys=[f"doc:{i:08d}" for i in range(docs)],
        sigs=np.concatenate([p["sigs"] for p in parts]),
        copy_probes=np.concatenate([p["copies"] for p in parts])[:probes],
        copy_sources=[f"doc:{i:08d}" for p in parts for i in p["sources"]][:probes],
        unrelated_probes=np.concatenate([p["unrelated"] for p in parts])[:probes],
    )
    return corpus, sign_rate


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def timed_queries(
    query: Callable[[np.ndarray], list[str]], probes: np.ndarray
) -> tuple[list[list[str]], list[float]]:
    found, times = [], []
    for row in probes:
        t0 = time.perf_counter()
        found.append(query(row))
        times.append(time.perf_counter() - t0)
    return found, times


def run_travelwatch(corpus: Corpus) -> dict[str, Any]:
    gc.collect()
    before = rss_bytes()
    index = DedupIndex(
        threshold=THRESHOLD, num_perm=NUM_PERM, shingle_words=SHINGLE_WORDS
    )
    t0 = time.perf_counter()
    for key, row in zip(corpus.keys, corpus.sigs, strict=True):
        index.add(key, MinHashSignature(row))
    build = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - before

    def query(row: np.ndarray) -> list[str]:
        return index.query(MinHashSignature(row))

    t0 = time.perf_counter()
    loaded = DedupIndex.load(
        index.items(),
        threshold=THRESHOLD,
        num_perm=NUM_PERM,
        shingle_words=SHINGLE_WORDS,
    )
    reload = time.perf_counter() - t0
    del loaded
    return {
        "build": build,
        "memory": memory,
        "reload": reload,
        **quality(query, corpus),
    }


def run_datasketch(corpus: Corpus) -> dict[str, Any]:
    template = MinHash(num_perm=NUM_PERM, scheme="affine32")

    def minhash(row: np.ndarray) -> MinHash:
        return MinHash(
            hashvalues=row, permutations=template.permutations, scheme="affine32"
        )

    gc.collect()
    before = rss_bytes()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    t0 = time.perf_counter()
    for key, row in zip(corpus.keys, corpus.sigs, strict=True):
        lsh.insert(key, minhash(row), check_duplication=False)
    build = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - before

    def query(row: np.ndarray) -> list[str]:
        return list(lsh.query(minhash(row)))

    return {"build": build, "memory": memory, "reload": None, **quality(query, corpus)}


def quality(query: Callable[[np.ndarray], list[str]], corpus: Corpus) -> dict[str, Any]:
    copies, t_copies = timed_queries(query, corpus.copy_probes)
    unrelated, t_unrelated = timed_queries(query, corpus.unrelated_probes)
    times = np.array(t_copies + t_unrelated) * 1000
    hits = sum(src in got for src, got in zip(corpus.copy_sources, copies, strict=True))
    return {
        "recall": hits / len(copies),
        "false_matches": sum(bool(got) for got in unrelated) / len(unrelated),
        "query_mean_ms": float(times.mean()),
        "query_p99_ms": float(np.percentile(times, 99)),
    }


def in_child(fn: Callable[[Corpus], dict[str, Any]], corpus: Corpus) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def target() -> None:
        send.send(fn(corpus))

    proc = ctx.Process(target=target)
    proc.start()
    result: dict[str, Any] = receive.recv()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--words", type=int, default=200, help="mean words per document"
    )
    parser.add_argument("--probes", type=int, default=500, help="probes of each kind")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    corpus, sign_rate = make_corpus(args.docs, args.words, args.probes, args.workers)
    ours = in_child(run_travelwatch, corpus)
    theirs = in_child(run_datasketch, corpus)
    scale = 1_000_000 / args.docs
    print(f"documents: {args.docs:,}  (mean {args.words} words, every 50th a copy)")
    print(f"signing (one process, shingles + MinHash): {sign_rate:,.0f} docs/s")
    print(f"{'':28}{'travelwatch':>14}{'datasketch':>14}")
    rows = [
        ("index adds/s", lambda r: f"{args.docs / r['build']:,.0f}"),
        (
            "sign+index docs/s",
            lambda r: f"{1 / (1 / sign_rate + r['build'] / args.docs):,.0f}",
        ),
        ("memory, this run (MB)", lambda r: f"{r['memory'] / 2**20:,.0f}"),
        ("memory per 1M docs (MB)", lambda r: f"{r['memory'] * scale / 2**20:,.0f}"),
        ("lookup mean (ms)", lambda r: f"{r['query_mean_ms']:.3f}"),
        ("lookup p99 (ms)", lambda r: f"{r['query_p99_ms']:.3f}"),
        ("edited copies found", lambda r: f"{r['recall']:.1%}"),
        ("unrelated probes matched", lambda r: f"{r['false_matches']:.1%}"),
        (
            "rebuild from bytes (s)",
            lambda r: "-" if r["reload"] is None else f"{r['reload']:.2f}",
        ),
    ]
    for label, cell in rows:
        print(f"{label:28}{cell(ours):>14}{cell(theirs):>14}")


if __name__ == "__main__":
    main()
