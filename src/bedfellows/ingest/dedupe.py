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
from typing import Any

import numpy as np
from datasketch import MinHashLSH

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Lower-cased word k-grams; a text shorter than k words is one shingle."""
    words = _TOKEN.findall(text.lower())
    if not words:
        return {b""}
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


DTYPE = np.uint32
_MASK32 = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed affine maps h -> (a*h + b) mod 2**32, ``a`` odd (a bijection), seeded: stable."""
    rng = np.random.RandomState(1)
    a = rng.randint(1, 1 << 31, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.randint(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a & _MASK32, b


def _mix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser: spreads CRC32's structure before the affine maps."""
    h = h ^ (h >> np.uint64(16))
    h = (h * np.uint64(0x85EBCA6B)) & _MASK32
    h = h ^ (h >> np.uint64(13))
    h = (h * np.uint64(0xC2B2AE35)) & _MASK32
    return h ^ (h >> np.uint64(16))


_WORD_CACHE: dict[str, int] = {}


def _word_hashes(words: list[str]) -> np.ndarray:
    """Stable 32-bit word hashes (CRC32), cached: news vocabulary repeats heavily."""
    cache = _WORD_CACHE
    if len(cache) > 500_000:
        cache.clear()
    for w in set(words).difference(cache):
        cache[w] = zlib.crc32(w.encode("utf-8"))
    get = cache.__getitem__
    return np.fromiter(map(get, words), dtype=np.uint64, count=len(words))


def _combine(wh: np.ndarray, n: int, k: int) -> np.ndarray:
    """Hashes of the n windows of k consecutive word hashes (polynomial rolling)."""
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        acc = (acc * np.uint64(0x01000193) + wh[j : j + n]) & _MASK32
    return acc


def signatures(texts: list[str], num_perm: int = NUM_PERM, k: int = SHINGLE) -> np.ndarray:
    """MinHash signatures of many texts at once, shape (len(texts), num_perm), uint32.

    All word k-grams of a batch are hashed and permuted in a few numpy passes
    (no per-text numpy overhead), which is what lets the store check a million
    articles for near-duplicates at bulk-load speed. Repeated shingles need no
    de-duplication: they cannot change a minimum.
    """
    a, b = _permutations(num_perm)
    a32, b32 = a.astype(np.uint32), b.astype(np.uint32)
    out = np.empty((len(texts), num_perm), dtype=DTYPE)
    tokens = [_TOKEN.findall(t.lower()) or [""] for t in texts]
    start = 0
    while start < len(texts):  # chunks of ~100k shingles keep the matrix small
        stop, total = start, 0
        while stop < len(texts) and (total < 100_000 or stop == start):
            total += max(len(tokens[stop]) - k + 1, 1)
            stop += 1
        words = [w for ts in tokens[start:stop] for w in ts]
        wh = _word_hashes(words)
        lens = np.fromiter((len(ts) for ts in tokens[start:stop]), dtype=np.int64,
                           count=stop - start)
        offs = np.concatenate([[0], np.cumsum(lens)[:-1]])
        owner = np.repeat(np.arange(stop - start), lens)  # text of each word position
        if len(wh) >= k:
            windows = _combine(wh, len(wh) - k + 1, k)  # over the concatenation...
            pos = np.arange(len(windows))
            ok = pos - offs[owner[: len(windows)]] <= lens[owner[: len(windows)]] - k
            keep_h, keep_owner = windows[ok], owner[: len(windows)][ok]  # ...within one text
        else:
            keep_h, keep_owner = np.zeros(0, np.uint64), np.zeros(0, np.int64)
        short = np.nonzero(lens < k)[0]
        if len(short):  # a text shorter than k words is one shingle
            extra = [_combine(wh[offs[i] : offs[i] + lens[i]], 1, int(lens[i])) for i in short]
            keep_h = np.concatenate([keep_h, *extra])
            keep_owner = np.concatenate([keep_owner, short])
            order = np.argsort(keep_owner, kind="stable")
            keep_h, keep_owner = keep_h[order], keep_owner[order]
        h = _mix32(keep_h).astype(np.uint32)
        m = a32[:, None] * h[None, :] + b32[:, None]  # uint32 arithmetic wraps mod 2**32
        seg = np.searchsorted(keep_owner, np.arange(stop - start))
        out[start:stop] = np.minimum.reduceat(m, seg, axis=1).T
        start = stop
    return out


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of one text as a uint32 array (what the store keeps)."""
    return signatures([text], num_perm)[0]


def signature_bytes(text: str, num_perm: int = NUM_PERM) -> bytes:
    return signature(text, num_perm).tobytes()


class _Sketch:
    """What MinHashLSH reads from a MinHash: its hash values and length."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)


def _minhash(sig: np.ndarray) -> Any:
    return _Sketch(sig)


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
