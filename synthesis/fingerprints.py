"""Text fingerprints: exact hashes and MinHash signatures, language-independent."""
from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from synthesis.thesaurus import fold

NUM_PERM = 128
SHINGLE = 5
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing removed: what stays is the wording."""
    return _NOT_WORD.sub(" ", fold(text)).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def minhash_signature(text: str) -> np.ndarray:
    """MinHash over character 5-grams: works for Chinese as for French."""
    compact = normalise(text)
    shingles = {compact[i : i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature.hashvalues.astype(np.uint64)


def to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u8")


def similarities(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of ``others``."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == signature[None, :]).mean(axis=1)
