"""Turn labellers' drafts into label files: ``python -m travelwatch.corpus.draft``.

usage: python -m travelwatch.corpus.draft DRAFT_DIR OUT_DIR [--texts DIR]

A draft is a label whose evidence lists fragments of the text instead of offsets
(see corpus/README.md, "How the labels were made"). Each draft is checked and
written as ``OUT_DIR/NAME.json``; one line per draft that fails, naming it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from travelwatch.corpus.labels import from_draft, problems


def convert(draft_path: Path, texts: Path, out_dir: Path) -> list[str]:
    """Convert one draft; the problems found (nothing is written when any)."""
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    name = draft.get("doc") or draft_path.with_suffix(".txt").name
    text_path = texts / name
    if not text_path.exists():
        return [f"no text {text_path}"]
    text = text_path.read_text(encoding="utf-8")
    meta_path = texts / (Path(name).stem + ".meta.json")
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        draft = {**draft, "doc": name}
        draft.setdefault("source_url", meta.get("source_url"))
        draft.setdefault("language", meta.get("language"))
    try:
        label = from_draft(draft, text)
    except ValueError as exc:
        return [str(exc)]
    found = problems(label, text)
    if not found:
        out = out_dir / (Path(name).stem + ".json")
        out.write_text(json.dumps(label, ensure_ascii=False, indent=2) + "\n")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--texts", type=Path, default=Path("../shared/corpus/texts"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    paths = (
        sorted(args.drafts.glob("*.json")) if args.drafts.is_dir() else [args.drafts]
    )
    for path in paths:
        for line in convert(path, args.texts, args.out):
            failed += 1
            print(f"{path.name}: {line}", file=sys.stderr)
    print(f"{len(paths)} drafts, {failed} problems", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
