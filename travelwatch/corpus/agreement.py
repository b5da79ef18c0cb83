"""Agreement between two independent labellings: ``python -m travelwatch.corpus.agreement``.

usage: python -m travelwatch.corpus.agreement [FIRST_DIR] [SECOND_DIR] [--scorer PATH]

The first labels (``corpus/labels``) are taken as gold and the second labelling
(``corpus/second``) as predictions, over the texts both labelled. With
``--scorer`` (``../shared/tools/score.py``) the reference scorer computes the
figures; otherwise travelwatch's own scorer, which agrees with it, does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from travelwatch.corpus.labels import load_labels
from travelwatch.evaluation import score

__all__ = ["agreement"]


def agreement(first: Path, second: Path, scorer: Path | None = None) -> dict[str, Any]:
    """Metrics of ``second`` scored against ``first`` on the texts both hold."""
    seconds = load_labels(second)
    firsts = {n: g for n, g in load_labels(first).items() if n in seconds}
    predictions = {n: seconds[n].get("advisories") or [] for n in firsts}
    if scorer is None:
        return score(firsts, predictions).metrics
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp) / "gold"
        gold_dir.mkdir()
        for name, label in firsts.items():
            (gold_dir / (Path(name).stem + ".json")).write_text(json.dumps(label))
        jsonl = Path(tmp) / "second.jsonl"
        jsonl.write_text(
            "".join(
                json.dumps({"doc": n, "advisories": a}) + "\n"
                for n, a in predictions.items()
            )
        )
        out = subprocess.run(
            [sys.executable, str(scorer), str(gold_dir), str(jsonl), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, nargs="?", default=Path("corpus/labels"))
    parser.add_argument("second", type=Path, nargs="?", default=Path("corpus/second"))
    parser.add_argument("--scorer", type=Path, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(agreement(args.first, args.second, args.scorer), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
