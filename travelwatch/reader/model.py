"""The reader's trained heads, shipped as package data and loaded once.

``data/models/reader.npz`` holds the weights; ``reader.json`` beside it records the
classes, the thresholds chosen on corpus dev, the corpus commit and label digest
it was trained from, and the SHA-256 of the weights file. A missing, unreadable or
altered file is error TW302, naming the file and how to restore it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from travelwatch.errors import ExtractionError
from travelwatch.reader.linear import LinearHead

__all__ = ["HEADS", "ReaderModel", "load_model", "model_dir"]

#: name -> how its classes are listed in reader.json
HEADS = ("advice", "action", "destination", "issuer")


@dataclass(slots=True)
class ReaderModel:
    heads: dict[str, LinearHead]
    thresholds: dict[str, float]
    meta: dict[str, Any]


def model_dir() -> Path:
    return Path(str(resources.files("travelwatch") / "data" / "models"))


def _fail(name: str, detail: str) -> ExtractionError:
    return ExtractionError("TW302", name=name, detail=detail)


@functools.cache
def load_model(folder: str | None = None) -> ReaderModel:
    """The trained heads (cached per folder); TW302 when they cannot be trusted."""
    base = Path(folder) if folder else model_dir()
    meta_path, weights_path = base / "reader.json", base / "reader.npz"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _fail(str(meta_path), type(exc).__name__) from exc
    try:
        blob = weights_path.read_bytes()
    except OSError as exc:
        raise _fail(str(weights_path), type(exc).__name__) from exc
    if hashlib.sha256(blob).hexdigest() != meta.get("weights_sha256"):
        raise _fail(str(weights_path), "checksum does not match reader.json")
    try:
        with np.load(weights_path) as arrays:
            data = {k: arrays[k] for k in arrays.files}
        heads = {
            name: LinearHead.from_arrays(data, name, list(meta["classes"][name]))
            for name in HEADS
        }
    except (KeyError, ValueError, OSError) as exc:
        raise _fail(str(weights_path), f"unreadable: {exc}") from exc
    return ReaderModel(heads, dict(meta["thresholds"]), meta)
