"""Linear heads in numpy: logistic (binary) and softmax (multi-class) regression.

Trained by full-batch gradient descent with L2, from a zero start, so training is
deterministic: the same examples give the same weights. Inputs are standardised
with the training mean and spread, which are stored with the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LinearHead", "fit"]


@dataclass(slots=True)
class LinearHead:
    """``classes`` labels; ``weights`` (features, classes); binary heads have 1 column."""

    classes: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray

    def scores(self, x: np.ndarray) -> np.ndarray:
        # In float64: float32 dot products differ in their last bits with the
        # BLAS kernel the CPU gets, and the next head is trained on these scores,
        # so `make train` gave weights 1e-8 apart on two machines of one kind.
        z = (x.astype(np.float64) - self.mean) / self.scale
        z = z @ self.weights.astype(np.float64) + self.bias
        if len(self.classes) == 2:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.mean": self.mean,
            f"{prefix}.scale": self.scale,
            f"{prefix}.weights": self.weights,
            f"{prefix}.bias": self.bias,
        }

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, np.ndarray], prefix: str, classes: list[str]
    ) -> LinearHead:
        return cls(
            classes,
            arrays[f"{prefix}.mean"],
            arrays[f"{prefix}.scale"],
            arrays[f"{prefix}.weights"],
            arrays[f"{prefix}.bias"],
        )


def fit(
    x: np.ndarray,
    y: np.ndarray,
    classes: list[str],
    *,
    l2: float = 1e-3,
    steps: int = 600,
    rate: float = 0.5,
    balanced: bool = True,
) -> LinearHead:
    """A head for ``x`` (n, d) and integer labels ``y`` (n,) indexing ``classes``."""
    x = x.astype(np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    xs = (x - mean) / scale
    n, d = xs.shape
    k = 1 if len(classes) == 2 else len(classes)
    w = np.zeros((d, k))
    b = np.zeros(k)
    counts = np.bincount(y, minlength=len(classes)).astype(np.float64)
    weight = (n / (len(classes) * np.maximum(counts, 1)))[y] if balanced else np.ones(n)
    weight = weight / weight.sum()
    onehot = np.eye(len(classes))[y]
    for _ in range(steps):
        z = xs @ w + b
        if k == 1:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            g = ((p - y) * weight)[:, None]
        else:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            p2 = e / e.sum(axis=1, keepdims=True)
            g = (p2 - onehot) * weight[:, None]
        w -= rate * (xs.T @ g + l2 * w)
        b -= rate * g.sum(axis=0)
    return LinearHead(
        classes,
        mean.astype(np.float32),
        scale.astype(np.float32),
        w.astype(np.float32),
        b.astype(np.float32),
    )
