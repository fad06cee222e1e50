"""Near-duplicate articles: the same wire story printed by several outlets.

GDELT counts such copies as extra *mentions* and *sources* of one event, not as
new events. We detect them with MinHash signatures over word shingles and a
locality-sensitive hash index (datasketch), so a lookup costs the same whether
the store holds a hundred articles or a million.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Lower-cased word k-grams; a text shorter than k words is one shingle."""
    words = _TOKEN.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


SCHEME = "affine32"
DTYPE = np.uint32


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    """Made once: building them is most of the cost of a fresh MinHash."""
    return MinHash(num_perm=num_perm, scheme=SCHEME).permutations


def _crc32(data: bytes) -> int:
    """Stable across processes (unlike ``hash``) and much faster than SHA-1."""
    return zlib.crc32(data)


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of a text as a uint32 array (what the store keeps)."""
    m = MinHash(num_perm=num_perm, permutations=_permutations(num_perm), scheme=SCHEME,
                hashfunc=_crc32)
    m.update_batch(list(shingles(text)))
    return np.asarray(m.hashvalues, dtype=DTYPE)


def signature_bytes(text: str, num_perm: int = NUM_PERM) -> bytes:
    return signature(text, num_perm).tobytes()


def _minhash(sig: np.ndarray) -> MinHash:
    return MinHash(num_perm=len(sig), hashvalues=sig, permutations=_permutations(len(sig)),
                   scheme=SCHEME)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=8)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): datasketch finds them by numeric integration; do it once."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return (lsh.b, lsh.r)


class NearDuplicateIndex:
    """Canonical articles by MinHash; ``find`` names the one a new text copies, if any."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm,
                               params=_lsh_params(threshold, num_perm))
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def add(self, key: str, sig: np.ndarray | bytes) -> None:
        arr = np.frombuffer(sig, dtype=DTYPE) if isinstance(sig, bytes | bytearray) else sig
        if len(arr) != self.num_perm or key in self._sigs:
            return
        self._sigs[key] = arr
        self._lsh.insert(key, _minhash(arr))

    def add_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        for key, sig in items:
            self.add(key, sig)

    def remove(self, key: str) -> None:
        if key in self._sigs:
            del self._sigs[key]
            self._lsh.remove(key)

    def find(self, sig: np.ndarray, exclude: str | None = None) -> str | None:
        """The most similar indexed article at or above the threshold (ties: smallest key)."""
        best: tuple[float, str] | None = None
        for key in self._lsh.query(_minhash(sig)):
            if key == exclude:
                continue
            sim = similarity(sig, self._sigs[key])
            if sim >= self.threshold and (best is None or (-sim, key) < (-best[0], best[1])):
                best = (sim, key)
        return best[1] if best else None
