"""Does this tree store the same rows as another one? The same corpus ingested by
``travelwatch ingest`` from two source trees, the stores compared row by row.

Generates the mixed corpus (``benchmarks/corpus.py``), ingests it into one SQLite
store with the code of ``--baseline-tree`` (``PYTHONPATH`` set to it) and into
others with this tree's code (once per ``--processes`` value), then compares
documents (with their signatures and language), reports, advisories and their
destination and place rows, row by row in key order, leaving out only the
columns written with the wall clock (as ``kill_bench.py`` does). Prints the
comparison and exits 1 on any difference.

    python benchmarks/same_rows.py --baseline-tree ../main [--articles 20000]
        [--processes 1 2] [--stages clean,screen,extract_advisory,sign]
        [--also ../shared/corpus/texts]   # real texts too: many languages, paragraphs
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kill_bench import TRAVELWATCH, compare

from corpus import write_corpus

HERE = Path(__file__).resolve().parent.parent


def _ingest(
    tree: Path, sources: list[Path], db: Path, stages: str, processes: int
) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [TRAVELWATCH, "ingest", *map(str, sources), "--db", str(db)]
    cmd += ["--format", "csv"]
    cmd += ["--set", f"pipeline.stages={stages}"]
    cmd += ["--set", f"ingest.processes={processes}"]
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-tree", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--stages", default="clean,screen,extract_advisory,sign")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="more sources ingested after the corpus (e.g. ../shared/corpus/texts)",
    )
    args = parser.parse_args()
    base = args.baseline_tree.resolve()
    with tempfile.TemporaryDirectory(prefix="tw-same-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        info = write_corpus(corpus, args.articles)
        print(
            f"{args.articles} articles ({info['advice']} with advice), stages "
            f"{args.stages}; also {[str(p) for p in args.also]}; baseline {base}, "
            f"this tree {HERE}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        reference = tmp / "baseline.db"
        sources = [corpus, *args.also]
        took = _ingest(base, sources, reference, args.stages, 1)
        print(f"baseline tree, 1 process: {took:.1f} s")
        bad = False
        for processes in args.processes:
            db = tmp / f"this-{processes}.db"
            took = _ingest(HERE, sources, db, args.stages, processes)
            print(f"this tree, {processes} process(es): {took:.1f} s")
            result = compare(reference, db)
            print(f"  {'table':<24}{'baseline':>10}{'this tree':>11}{'differ':>8}")
            for name, (a, b, differ) in result.items():
                print(f"  {name:<24}{a:>10}{b:>11}{differ:>8}")
                bad = bad or bool(differ) or a != b
        print("DIFFERENT" if bad else "identical (volatile timestamps left out)")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
