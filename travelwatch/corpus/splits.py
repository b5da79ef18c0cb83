"""Fixed train/dev/blind splits decided by a salted hash of a text's name.

A text's split depends on its own name only, so adding texts never moves old ones.
The salt was chosen once (the first ``travelwatch-corpus-v1:<k>:``, k counting from 0, that put
every language with five or more texts into all three splits, closest to
60/20/20) and must never change.
"""

from __future__ import annotations

import hashlib
from typing import Literal

__all__ = ["SALT", "SPLITS", "Split", "split_of"]

Split = Literal["train", "dev", "blind"]
SPLITS: tuple[Split, ...] = ("train", "dev", "blind")
SALT = "travelwatch-corpus-v1:861:"


def split_of(name: str) -> Split:
    """The split of text ``name`` (``en-0028ade9``, with or without ``.txt``)."""
    stem = name[:-4] if name.endswith(".txt") else name
    bucket = int(hashlib.sha256((SALT + stem).encode()).hexdigest()[:8], 16) % 100
    if bucket < 60:
        return "train"
    return "dev" if bucket < 80 else "blind"
