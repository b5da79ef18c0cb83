"""Counts of the labelled corpus, as Markdown: ``python -m travelwatch.corpus.stats``.

usage: python -m travelwatch.corpus.stats [LABELS_DIR]

Prints the tables of corpus/README.md (by split, by language, by issuer), so the
README's numbers are regenerated, not typed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from travelwatch.corpus.evaluate import FEED_ISSUERS
from travelwatch.corpus.labels import load_labels
from travelwatch.corpus.splits import SPLITS, split_of

__all__ = ["markdown"]


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(labels: Mapping[str, Mapping[str, Any]]) -> str:
    """The corpus tables for ``labels`` (document name -> label)."""
    lines = [
        "| split | texts | with advice | distractors | advisories |",
        "|---|---|---|---|---|",
    ]
    for split in (*SPLITS, "all"):
        docs = [
            lab for n, lab in labels.items() if split == "all" or split_of(n) == split
        ]
        advice = sum(1 for d in docs if d["advisories"])
        total = sum(len(d["advisories"]) for d in docs)
        lines.append(_row([split, len(docs), advice, len(docs) - advice, total]))
    lines += [
        "",
        "| language | texts | with advice | distractors | advisories | train / dev / blind |",
        "|---|---|---|---|---|---|",
    ]
    by_lang: dict[str, list[str]] = {}
    for name, lab in labels.items():
        by_lang.setdefault(str(lab.get("language")), []).append(name)
    for lang, names in sorted(by_lang.items(), key=lambda x: (-len(x[1]), x[0])):
        advice = sum(1 for n in names if labels[n]["advisories"])
        total = sum(len(labels[n]["advisories"]) for n in names)
        per = Counter(split_of(n) for n in names)
        spread = " / ".join(str(per[s]) for s in SPLITS)
        lines.append(
            _row([lang, len(names), advice, len(names) - advice, total, spread])
        )
    issuers = Counter(a["issuer"] for lab in labels.values() for a in lab["advisories"])
    feed = sum(v for k, v in issuers.items() if k in FEED_ISSUERS)
    lines += [
        "",
        f"Advisories by issuer ({len(issuers)} issuers; {feed} from issuers with an "
        f"official feed travelwatch reads, {sum(issuers.values()) - feed} from the rest):",
        "",
        "| issuer | advisories |",
        "|---|---|",
    ]
    lines += [_row([k, v]) for k, v in issuers.most_common(25)]
    rest = issuers.most_common()[25:]
    if rest:
        lines.append(_row([f"{len(rest)} others", sum(v for _, v in rest)]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("corpus/labels")
    print(markdown(load_labels(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
