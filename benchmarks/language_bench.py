"""How much of a text language identification needs: agreement and speed by prefix.

For each prefix length, every text's language is identified from its first N
characters and compared with the answer from the whole text (same rules: too few
letters or too little confidence is "no language"). Texts: the real news texts of
``../shared/corpus/texts`` and ``../shared/gold/dev`` (when present) and the
generated corpus (``benchmarks/corpus.py``). The whole-text run is the baseline,
timed the same way in the same run.

    .venv/bin/python benchmarks/language_bench.py [--generated 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from corpus import write_corpus
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.pipeline.language import SAMPLE_CHARS, detect_language
from travelwatch.settings import load_settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
PREFIXES = (200, 400, 600, 1000, 2000)
WHOLE = 10**9


def _texts(folder: Path) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]


def _measure(name: str, texts: list[str]) -> None:
    settings = load_settings({"db": ":memory:"})
    # One untimed pass first, so that the baseline does not pay for a cold start.
    whole = [detect_language(t, settings=settings, sample_chars=WHOLE) for t in texts]
    start = time.perf_counter()
    again = [detect_language(t, settings=settings, sample_chars=WHOLE) for t in texts]
    base = time.perf_counter() - start
    assert again == whole
    chars = sum(len(t) for t in texts) / max(1, len(texts))
    print(f"{name}: {len(texts)} texts, mean {chars:.0f} characters")
    print(f"  whole text (baseline)  agree 100.0%  {len(texts) / base:8.0f} texts/s")
    for n in PREFIXES:
        start = time.perf_counter()
        got = [detect_language(t, settings=settings, sample_chars=n) for t in texts]
        secs = time.perf_counter() - start
        same = sum(a == b for a, b in zip(got, whole, strict=True))
        mark = "  <- travelwatch" if n == SAMPLE_CHARS else ""
        print(
            f"  first {n:>5} characters  agree {100 * same / len(texts):5.1f}%  "
            f"{len(texts) / secs:8.0f} texts/s ({base / secs:.1f}x){mark}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--generated", type=int, default=2_000)
    args = parser.parse_args()
    for name, folder in (
        ("shared/corpus/texts", SHARED / "corpus" / "texts"),
        ("shared/gold/dev", SHARED / "gold" / "dev"),
    ):
        if folder.is_dir():
            _measure(name, _texts(folder))
        else:
            print(f"{name}: not present, skipped")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_corpus(path, args.generated)
        settings = load_settings({"db": ":memory:"})
        texts = [
            a.text
            for a in read_sources([str(path)], settings=settings)
            if isinstance(a, Article)
        ]
        _measure("generated corpus", texts)


if __name__ == "__main__":
    main()
