"""The encoder path: threads, batching and the cache change no embedding."""

from __future__ import annotations

import numpy as np

from travelwatch.reader import encoder

TEXTS = [
    "The Foreign Office advises against all travel to Mali.",
    "Das Auswärtige Amt warnt vor Reisen nach Niger.",
    "外务省建议中国公民暂勿前往缅甸。",
    "Le Quai d'Orsay déconseille formellement de se rendre au Burkina Faso.",
    "The Foreign Office advises against all travel to Mali.",
    "x" * (encoder.MAX_CHARS + 50),
]


def _direct(texts: list[str], threads: int) -> np.ndarray:
    setter = encoder._thread_setter()
    assert setter is not None
    setter(threads)
    model = encoder.load_encoder()
    clipped = [t[: encoder.MAX_CHARS] for t in texts]
    return np.asarray(model.passage(clipped), dtype=np.float32)


def test_the_engine_links_an_openmp_runtime_whose_threads_can_be_set() -> None:
    assert encoder._thread_setter() is not None


def test_embeddings_equal_the_engine_bit_for_bit() -> None:
    """Whatever the thread count, batch or cache, a text's embedding is the one the
    engine gives for it alone: the trained heads read exactly what they learned on."""
    encoder.embed(["reset"], cache_entries=1)
    reference = _direct(TEXTS, 2)
    for threads in (1, 2):
        assert np.array_equal(encoder.embed(TEXTS, threads=threads), reference)
    assert np.array_equal(encoder.embed(TEXTS[::-1]), reference[::-1])  # cached
    one_by_one = np.concatenate([_direct([t], 1).reshape(1, -1) for t in TEXTS])
    assert np.array_equal(one_by_one, reference)
    norms = np.linalg.norm(reference, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_the_cache_is_bounded_and_can_be_switched_off() -> None:
    encoder.embed(["reset"], cache_entries=1)
    before = encoder.cache_info()
    encoder.embed(TEXTS, cache_entries=3)
    after = encoder.cache_info()
    assert after["entries"] == 3
    # Five distinct texts encoded once each; the repeated one was answered.
    assert after["misses"] - before["misses"] == 5
    assert after["hits"] - before["hits"] == 1
    # Switched off, a call neither reads the cache nor fills it.
    encoder.embed(TEXTS[-1:], cache_entries=0)
    encoder.embed(["not cached"], cache_entries=0)
    last = encoder.cache_info()
    assert last["misses"] - after["misses"] == 2
    assert last["entries"] == 3


def test_nothing_to_encode() -> None:
    assert encoder.embed([]).shape == (0, encoder.DIM)
