"""Near-duplicate documents: MinHash signatures over word shingles, found by LSH.

Wire copies and light rewrites of one story should become one document with
several copies, not several documents. Signatures are datasketch MinHashes
(``affine32`` scheme, so every hash value fits in 32 bits); the index is a
banded LSH like datasketch's ``MinHashLSH`` with the same band/row split, but
kept in flat numpy arrays instead of per-band dictionaries of byte strings:

* each band of a signature is reduced to one 64-bit integer;
* per band, those integers live in one sorted ``uint64`` array (plus a small
  unsorted tail that is merged in from time to time), looked up by binary search;
* signatures stay in memory as ``uint32`` rows so that LSH candidates are
  checked against the estimated Jaccard similarity before they are reported.

That keeps a million documents well under a gigabyte (``benchmarks/dedup_bench.py``).
The store keeps ``MinHashSignature.to_bytes()`` per document; :meth:`DedupIndex.load`
rebuilds an index from those rows in one vectorised pass.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import methodcaller
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from travelwatch.errors import ConfigError, InputError

__all__ = ["DedupIndex", "MinHashSignature", "shingles"]

_WORD = re.compile(r"\w+")
_SCHEME = "affine32"
_SEED = 1
_EMPTY = np.uint32(0xFFFFFFFF)
# Rows per block of stored signatures: blocks grow the store without copying it.
_BLOCK = 1 << 15
# Unsorted band entries kept before they are merged into the sorted arrays; a
# query scans them linearly, so this bounds the lookup cost.
_TAIL = 1 << 14
_U64 = np.uint64


def _grams(text: str, size: int) -> list[str]:
    """The shingles of :func:`shingles`, repeats kept (a MinHash takes the
    minimum over them, so a repeat changes nothing and a set costs more)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(*[words[i:] for i in range(size)], strict=False)))


def _gram_bytes(text: str, size: int) -> list[bytes]:
    """The UTF-8 of each of :func:`_grams`, the same bytes in the same order.

    An ASCII text is cut into words as bytes (``\\w`` and lower-casing mean the
    same on ASCII as on ``str``), so no shingle is encoded one by one.
    """
    if not text.isascii():
        return list(map(str.encode, _grams(text, size)))
    words = _WORD_BYTES.findall(text.lower().encode("ascii"))
    if len(words) < size:
        return [b" ".join(words)] if words else []
    return list(map(b" ".join, zip(*[words[i:] for i in range(size)], strict=False)))


_WORD_BYTES = re.compile(rb"\w+")
_DIGEST = methodcaller("digest")


# MurmurHash3's 32-bit finaliser, as datasketch premixes ``affine32`` inputs.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _fmix32(x: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = (np.uint32(v) for v in _FMIX32)
    x = x ^ (x >> s1)
    x = x * m1
    x = x ^ (x >> s2)
    x = x * m2
    return x ^ (x >> s3)


def shingles(text: str, size: int) -> set[str]:
    """The word ``size``-grams of ``text`` (lower-cased ``\\w+`` words).

    A text with fewer words than ``size`` is one shingle of all its words, so
    short texts only match texts with the very same words; an empty text has none.
    """
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class MinHashSignature:
    """A MinHash of one document: ``num_perm`` unsigned 32-bit hash values."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = np.ascontiguousarray(hashvalues, dtype=np.uint32)

    @property
    def is_empty(self) -> bool:
        """True for a text without any words: it is nobody's duplicate."""
        return bool(np.all(self.hashvalues == _EMPTY))

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4", copy=False).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> MinHashSignature:
        if not data or len(data) % 4:
            raise InputError(
                "TW105", kind="signature", detail=f"{len(data)} bytes is not 4*n"
            )
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))

    def jaccard(self, other: MinHashSignature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        if self.is_empty or other.is_empty:
            return 0.0
        return float(np.mean(self.hashvalues == other.hashvalues))

    def to_minhash(self) -> MinHash:
        """The same signature as a datasketch ``MinHash`` (for datasketch tools)."""
        return MinHash(hashvalues=self.hashvalues, scheme=_SCHEME, seed=_SEED)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MinHashSignature):
            return NotImplemented
        return bool(np.array_equal(self.hashvalues, other.hashvalues))

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    def __repr__(self) -> str:
        return f"MinHashSignature(num_perm={len(self.hashvalues)})"


def _fmix64(x: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser: spreads the linear band sum over all 64 bits.
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> _U64(33))


class DedupIndex:
    """Finds near-duplicate texts among those already added.

    Keys are the caller's (e.g. ``"doc:<content_hash>"``); their insertion order
    is what "earliest" means, so add documents in the order that should make the
    first one the original (e.g. by document id).
    """

    def __init__(self, *, threshold: float, num_perm: int, shingle_words: int) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError("TW002", name="dedup.threshold", reason="not in (0, 1]")
        if num_perm < 2:
            raise ConfigError("TW002", name="dedup.num_perm", reason="below 2")
        if shingle_words < 1:
            raise ConfigError("TW002", name="dedup.shingle_words", reason="below 1")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        # datasketch picks the band/row split that balances false positives and
        # negatives at this threshold; reuse it rather than re-derive it.
        split = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands: int = split.b
        self.rows: int = split.r
        self._permutations = MinHash(
            num_perm=num_perm, seed=_SEED, scheme=_SCHEME
        ).permutations
        rng = np.random.default_rng(20240611)
        mult = rng.integers(0, 2**63, size=(self.bands, self.rows), dtype=np.uint64)
        self._mult = mult * _U64(2) + _U64(1)
        self._keys: list[str] = []
        self._index_of: dict[str, int] = {}
        self._originals: dict[str, str] = {}
        self._blocks: list[np.ndarray] = []
        self._sorted_hash = np.empty((self.bands, 0), dtype=np.uint64)
        self._sorted_id = np.empty((self.bands, 0), dtype=np.uint32)
        self._tail_hash = np.empty((self.bands, _TAIL), dtype=np.uint64)
        self._tail_id = np.empty(_TAIL, dtype=np.uint32)
        self._tail_len = 0

    @classmethod
    def from_settings(cls, settings: Any) -> DedupIndex:
        """An empty index with the ``dedup.*`` settings."""
        return cls(
            threshold=float(settings["dedup.threshold"]),
            num_perm=int(settings["dedup.num_perm"]),
            shingle_words=int(settings["dedup.shingle_words"]),
        )

    # -- signatures ---------------------------------------------------------

    def signature(self, text: str) -> MinHashSignature:
        """The datasketch ``MinHash`` (``affine32``, SHA-1 of each shingle's
        UTF-8) of the text's shingles, computed here without its per-value
        Python calls: the same values (``tests/pipeline/test_dedup.py``) at
        about half the cost."""
        grams = _gram_bytes(text, self.shingle_words)
        if not grams:
            return MinHashSignature(np.full(self.num_perm, _EMPTY, dtype=np.uint32))
        # sha1_hash32: each 20-byte digest's first 4 bytes, little-endian.
        digests = b"".join(map(_DIGEST, map(hashlib.sha1, grams)))
        values = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
        a, b = self._permutations
        # uint32 products and sums wrap around, as datasketch's do.
        mixed = _fmix32(values).reshape(-1, 1)
        return MinHashSignature((mixed * a + b).min(axis=0))

    def _band_hashes(self, sigs: np.ndarray) -> np.ndarray:
        """(n, num_perm) uint32 signatures -> (bands, n) uint64 band keys."""
        bands = sigs[:, : self.bands * self.rows].reshape(
            len(sigs), self.bands, self.rows
        )
        summed = np.zeros((len(sigs), self.bands), dtype=np.uint64)
        # uint64 products and sums wrap around: arithmetic modulo 2**64 on purpose.
        for j in range(self.rows):
            summed += bands[:, :, j].astype(np.uint64) * self._mult[:, j]
        return np.ascontiguousarray(_fmix64(summed).T)

    def _checked(self, sig: MinHashSignature) -> MinHashSignature:
        if len(sig.hashvalues) != self.num_perm:
            raise InputError(
                "TW105",
                kind="signature",
                detail=f"{len(sig.hashvalues)} values, index uses {self.num_perm}",
            )
        return sig

    # -- lookups ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._index_of

    def _stored(self, idx: int) -> np.ndarray:
        block: np.ndarray = self._blocks[idx // _BLOCK][idx % _BLOCK]
        return block

    def band_keys(self, sigs: Sequence[MinHashSignature]) -> np.ndarray:
        """(bands, n) band keys of many signatures in one pass, for ``query``/``add``."""
        if not sigs:
            return np.empty((self.bands, 0), dtype=np.uint64)
        return self._band_hashes(np.stack([self._checked(s).hashvalues for s in sigs]))

    def query(
        self, sig: MinHashSignature, *, bands: np.ndarray | None = None
    ) -> list[str]:
        """Keys of indexed near-duplicates of ``sig``, earliest added first.

        ``bands``: its column of :meth:`band_keys`, when computed for a batch.
        """
        self._checked(sig)
        if sig.is_empty or not self._keys:
            return []
        if bands is None:
            bands = self._band_hashes(sig.hashvalues[np.newaxis, :])[:, 0]
        found: set[int] = set()
        for band, value in enumerate(bands):
            row = self._sorted_hash[band]
            lo = int(np.searchsorted(row, value, side="left"))
            hi = int(np.searchsorted(row, value, side="right"))
            found.update(self._sorted_id[band, lo:hi].tolist())
            if self._tail_len:
                hits = np.flatnonzero(self._tail_hash[band, : self._tail_len] == value)
                found.update(self._tail_id[hits].tolist())
        return self._confirmed(found, sig)

    def _confirmed(self, found: set[int], sig: MinHashSignature) -> list[str]:
        """Keys of the candidates ``found`` (indexes) that agree with ``sig`` on
        at least the threshold's share of values, earliest added first."""
        need = self.threshold * self.num_perm
        return [
            self._keys[idx]
            for idx in sorted(found)
            if np.count_nonzero(self._stored(idx) == sig.hashvalues) >= need
        ]

    def query_and_add(
        self,
        items: Sequence[tuple[str, MinHashSignature]],
        bands: np.ndarray,
    ) -> list[list[str]]:
        """For each ``(key, sig)`` in order, :meth:`query` then :meth:`add`: the
        same answers as calling them one after the other, with the lookups among
        what was indexed before the batch made for the whole batch at once (one
        search per band instead of one per band and item).

        ``bands``: :meth:`band_keys` of the batch's signatures.
        """
        n = len(items)
        before: list[set[int]] = [set() for _ in range(n)]
        for band in range(self.bands if n else 0):
            values = bands[band]
            row = self._sorted_hash[band]
            lo = np.searchsorted(row, values, side="left")
            hi = np.searchsorted(row, values, side="right")
            for i in np.flatnonzero(hi > lo).tolist():
                before[i].update(self._sorted_id[band, lo[i] : hi[i]].tolist())
            if self._tail_len:
                tail = self._tail_hash[band, : self._tail_len]
                for i in np.flatnonzero(np.isin(values, tail)).tolist():
                    hits = np.flatnonzero(tail == values[i])
                    before[i].update(self._tail_id[hits].tolist())
        # What the batch itself adds, per band: band key -> ids, as it is added.
        added: list[dict[int, list[int]]] = [{} for _ in range(self.bands)]
        out: list[list[str]] = []
        for i, ((key, sig), keys) in enumerate(
            zip(items, bands.T.tolist(), strict=True)
        ):
            self._checked(sig)
            empty = sig.is_empty
            if empty or not self._keys:
                out.append([])
            else:
                found = before[i]
                for band, value in enumerate(keys):
                    found.update(added[band].get(value, ()))
                out.append(self._confirmed(found, sig))
            if key in self._index_of:
                continue
            idx = len(self._keys)
            self.add(key, sig, bands=bands[:, i])
            if not empty:
                for band, value in enumerate(keys):
                    added[band].setdefault(value, []).append(idx)
        return out

    # -- updates ------------------------------------------------------------

    def _append_signature(self, values: np.ndarray) -> int:
        idx = len(self._keys)
        if idx % _BLOCK == 0:
            self._blocks.append(np.empty((_BLOCK, self.num_perm), dtype=np.uint32))
        self._blocks[-1][idx % _BLOCK] = values
        return idx

    def add(
        self, key: str, sig: MinHashSignature, *, bands: np.ndarray | None = None
    ) -> None:
        """Index ``sig`` under ``key``; adding a known key again changes nothing."""
        self._checked(sig)
        if key in self._index_of:
            return
        idx = self._append_signature(sig.hashvalues)
        self._keys.append(key)
        self._index_of[key] = idx
        if sig.is_empty:
            return
        if self._tail_len == _TAIL:
            self._merge_tail()
        if bands is None:
            bands = self._band_hashes(sig.hashvalues[np.newaxis, :])[:, 0]
        self._tail_hash[:, self._tail_len] = bands
        self._tail_id[self._tail_len] = idx
        self._tail_len += 1

    def _merge_tail(self) -> None:
        n = self._tail_len
        hashes = self._tail_hash[:, :n]
        ids = np.broadcast_to(self._tail_id[:n], hashes.shape)
        self._sorted_hash, self._sorted_id = _merge_sorted(
            self._sorted_hash, self._sorted_id, hashes, ids
        )
        self._tail_len = 0

    def find_original(self, key: str, text: str) -> str | None:
        """Index ``text`` under ``key`` and name the document it copies, if any.

        The original is the earliest-added near-duplicate, followed back to its own
        original, so every copy of a story points at the same first document.
        """
        if key in self._index_of:
            return self._originals.get(key)
        sig = self.signature(text)
        matches = self.query(sig)
        self.add(key, sig)
        if not matches:
            return None
        first = matches[0]
        original = self._originals.get(first, first)
        self._originals[key] = original
        return original

    @property
    def originals(self) -> dict[str, str]:
        """``{copy key: original key}`` for every copy seen (for the store)."""
        return dict(self._originals)

    def items(self) -> Iterator[tuple[str, bytes]]:
        """``(key, signature bytes)`` in insertion order, as :meth:`load` takes them."""
        for idx, key in enumerate(self._keys):
            yield key, MinHashSignature(self._stored(idx)).to_bytes()

    @classmethod
    def load(
        cls,
        rows: Iterable[tuple[str, bytes]],
        *,
        threshold: float,
        num_perm: int,
        shingle_words: int,
        originals: Mapping[str, str] | None = None,
    ) -> DedupIndex:
        """Rebuild an index from stored ``(key, signature bytes)`` rows, in order."""
        index = cls(threshold=threshold, num_perm=num_perm, shingle_words=shingle_words)
        width = 4 * num_perm
        chunk: list[bytes] = []
        for key, data in rows:
            if key in index._index_of:
                continue
            if len(data) != width:
                raise InputError(
                    "TW105",
                    kind="signature",
                    source=key,
                    detail=f"{len(data)} bytes, expected {width}",
                )
            index._index_of[key] = len(index._keys)
            index._keys.append(key)
            chunk.append(data)
            if len(chunk) == _BLOCK:
                index._load_block(chunk)
                chunk = []
        if chunk:
            index._load_block(chunk)
        index._originals.update(originals or {})
        return index

    def _load_block(self, chunk: list[bytes]) -> None:
        start = len(self._blocks) * _BLOCK
        sigs = np.frombuffer(b"".join(chunk), dtype="<u4").astype(np.uint32)
        sigs = sigs.reshape(len(chunk), self.num_perm)
        block = np.empty((_BLOCK, self.num_perm), dtype=np.uint32)
        block[: len(chunk)] = sigs
        self._blocks.append(block)
        keep = np.flatnonzero(~np.all(sigs == _EMPTY, axis=1))
        hashes = self._band_hashes(sigs[keep])
        ids = np.broadcast_to((keep + start).astype(np.uint32), hashes.shape)
        self._sorted_hash, self._sorted_id = _merge_sorted(
            self._sorted_hash, self._sorted_id, hashes, ids
        )


def _merge_sorted(
    hashes: np.ndarray, ids: np.ndarray, new_hashes: np.ndarray, new_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge unsorted (bands, m) entries into sorted (bands, n) arrays, per band."""
    bands = hashes.shape[0]
    out_h = np.empty((bands, hashes.shape[1] + new_hashes.shape[1]), dtype=np.uint64)
    out_i = np.empty(out_h.shape, dtype=np.uint32)
    for band in range(bands):
        order = np.argsort(new_hashes[band], kind="stable")
        add_h = new_hashes[band][order]
        at = np.searchsorted(hashes[band], add_h, side="right")
        out_h[band] = np.insert(hashes[band], at, add_h)
        out_i[band] = np.insert(ids[band], at, new_ids[band][order])
    return out_h, out_i


@functools.cache
def _signer(threshold: float, num_perm: int, shingle_words: int) -> DedupIndex:
    return DedupIndex(
        threshold=threshold, num_perm=num_perm, shingle_words=shingle_words
    )


def signer(settings: Any) -> DedupIndex:
    """An (empty) index configured like the store's, used only to sign texts."""
    return _signer(
        float(settings["dedup.threshold"]),
        int(settings["dedup.num_perm"]),
        int(settings["dedup.shingle_words"]),
    )
