"""Learning curve and ablation of the reader, scored on the corpus.

usage: python -m travelwatch.reader.curve [--corpus DIR] [--labels DIR]
                                          [--fractions 0.25 0.5 1] [--split blind]

Trains the heads on growing shares of the train split (the same deterministic
subsets ``make train --fraction`` takes; embeddings cached) and scores each on
``--split``; then scores the shipped heads with the rules only, the trained
reader only, and both. Prints one Markdown table per question; no document is
named, so it may run on blind.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from travelwatch.corpus.evaluate import extract_files, select_labels
from travelwatch.corpus.splits import Split
from travelwatch.evaluation import score
from travelwatch.reader.train import train
from travelwatch.settings import load_settings

__all__ = ["main"]

_COLUMNS = (
    "advisory_f1",
    "advisory_precision",
    "advisory_recall",
    "destination_f1",
    "level_accuracy",
    "reasons_f1",
    "issued_accuracy",
    "false_alarm_docs",
)


def _row(title: str, metrics: dict[str, object]) -> str:
    return "| " + " | ".join([title, *(str(metrics.get(c)) for c in _COLUMNS)]) + " |"


def _scores(
    corpus: Path, labels: Path, split: Split, overrides: dict[str, str]
) -> list[tuple[str, dict[str, object]]]:
    settings = load_settings(overrides)
    gold = select_labels(labels, split=split)
    predictions, _ = extract_files(corpus / "texts", gold, settings=settings)
    english = {n: g for n, g in gold.items() if g.get("language") == "en"}
    other = {n: g for n, g in gold.items() if g.get("language") != "en"}
    return [
        ("all", score(gold, predictions).metrics),
        ("en", score(english, predictions).metrics),
        ("other", score(other, predictions).metrics),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--fractions", type=float, nargs="*", default=[0.25, 0.5, 1.0])
    parser.add_argument("--split", default="blind", choices=["train", "dev", "blind"])
    parser.add_argument("--cache", type=Path, default=Path(".cache/reader"))
    parser.add_argument("--no-ablation", action="store_true")
    args = parser.parse_args(argv)
    split: Split = args.split
    header = "| rows | " + " | ".join(_COLUMNS) + " |\n|" + "---|" * (len(_COLUMNS) + 1)
    if not args.no_ablation:
        print(f"Ablation on {split} (shipped heads):\n\n{header}")
        for title, off in (
            ("rules only", "advice"),
            ("trained reader only", "rules"),
            ("both", ""),
        ):
            for group, metrics in _scores(
                args.corpus, args.labels, split, {"reader.off": off}
            ):
                print(_row(f"{title}, {group}", metrics))
        print()
    if args.fractions:
        print(f"Learning curve (share of train -> {split}):\n\n{header}")
        for fraction in args.fractions:
            with tempfile.TemporaryDirectory() as tmp:
                train(
                    args.corpus,
                    args.labels,
                    Path(tmp),
                    fraction=fraction,
                    cache_dir=args.cache,
                )
                rows = _scores(
                    args.corpus, args.labels, split, {"reader.model_dir": tmp}
                )
            for group, metrics in rows:
                print(_row(f"{fraction:.0%} of train, {group}", metrics), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
