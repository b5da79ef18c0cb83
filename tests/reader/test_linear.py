"""The numpy heads learn, and learn the same way every time."""

from __future__ import annotations

import numpy as np

from travelwatch.reader.linear import LinearHead, fit


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int)
    return x, y


def test_binary_head_separates_what_is_separable() -> None:
    x, y = _data()
    head = fit(x, y, ["no", "yes"])
    accuracy = ((head.scores(x)[:, 1] > 0.5).astype(int) == y).mean()
    assert accuracy > 0.95


def test_softmax_head_picks_the_right_class() -> None:
    rng = np.random.default_rng(1)
    centres = np.eye(3) * 4
    y = rng.integers(0, 3, size=300)
    x = centres[y] + rng.normal(size=(300, 3))
    head = fit(x, y, ["a", "b", "c"])
    assert (head.scores(x).argmax(axis=1) == y).mean() > 0.9


def test_training_is_deterministic_and_round_trips() -> None:
    x, y = _data()
    a, b = fit(x, y, ["no", "yes"]), fit(x, y, ["no", "yes"])
    assert np.array_equal(a.weights, b.weights)
    again = LinearHead.from_arrays(a.arrays("h"), "h", ["no", "yes"])
    assert np.allclose(again.scores(x), a.scores(x))
