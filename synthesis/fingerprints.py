"""Text fingerprints: exact hashes and MinHash signatures, language-independent."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from synthesis.thesaurus import fold

NUM_PERM = 128
SHINGLE = 5
# LSH banding for threshold 0.6 with 128 permutations: datasketch's optimum when a missed
# copy weighs 0.9 and a false candidate 0.1 (``datasketch.lsh._optimal_param(0.6, 128, 0.1, 0.9)``
# = 25 bands of 5 rows). Two texts of similarity s share a band with probability
# 1 - (1 - s**5)**25: 0.87 at 0.6, 0.99 at 0.7, 1.0 at 0.8 (campaign letters), 0.06 at 0.3
# and 0.0002 at 0.1 (unrelated texts); a candidate is verified on the whole signature (decision 0021).
BANDS = 25
ROWS = 5
EXACT_BAND = -1  # the normalised-text hash, kept in the same index
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing removed: what stays is the wording."""
    return _NOT_WORD.sub(" ", fold(text)).strip()


def text_hash(text: str) -> str:
    return _digest(normalise(text))


def _digest(compact: str) -> str:
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()


def minhash_signature(text: str) -> np.ndarray:
    """MinHash over character 5-grams: works for Chinese as for French."""
    return _signature(normalise(text))


def text_fingerprint(text: str) -> tuple[str, np.ndarray]:
    """``text_hash`` and ``minhash_signature`` of one text, normalising it once (processing needs both)."""
    compact = normalise(text)
    return _digest(compact), _signature(compact)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own permutations (affine32 scheme, seed 1), so signatures stay those already stored."""
    a, b = MinHash(num_perm=NUM_PERM, seed=1).permutations
    return a.astype(np.uint32)[:, None], b.astype(np.uint32)[:, None]


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before the permutations (uint32 wraps)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def _signature(compact: str) -> np.ndarray:
    """The same values as ``MinHash(num_perm=128, seed=1).update_batch(shingles)``, computed in one pass.

    datasketch hashes each shingle (SHA-1, first 4 bytes little-endian), then applies its
    128 permutations to a shingles × 128 matrix; here the hashes are read as one buffer and
    the permutations run as a 128 × shingles product reduced along rows: 2.3x faster on a
    7,000-character text (issue 15), identical output (``tests/synthesis/test_duplicates_*``).
    """
    shingles = {compact[i : i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))}
    sha1 = hashlib.sha1
    hashes = np.frombuffer(b"".join([sha1(s.encode("utf-8")).digest()[:4] for s in shingles]), dtype="<u4")
    a, b = _permutations()
    permuted = a * _fmix32(hashes.astype(np.uint32))[None, :]
    permuted += b
    return permuted.min(axis=1).astype(np.uint64)


def to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u8").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u8")


def similarities(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of ``others``."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == signature[None, :]).mean(axis=1)


def hash64(data: bytes | str) -> int:
    """A signed 64-bit hash (fits PostgreSQL's bigint), stable across processes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "little", signed=True)


def lsh_keys(signature: np.ndarray, exact_hash: str) -> list[tuple[int, int]]:
    """(band, bucket) pairs: the exact text hash, then one bucket per band of ROWS values."""
    values = signature.astype("<u8")
    keys = [(EXACT_BAND, hash64(exact_hash))]
    keys += [(band, hash64(values[band * ROWS:(band + 1) * ROWS].tobytes())) for band in range(BANDS)]
    return keys
