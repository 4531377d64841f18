"""The one-call SHA-1 of the MinHash shingles gives hashlib's values, so stored signatures stay comparable."""
from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest
from datasketch import MinHash

from synthesis.fingerprints import NUM_PERM, SHINGLE, _sha1_prefixes, _shingle_blocks, _signature, normalise
from tests.conftest import UDHR

# One to four UTF-8 bytes a character: ASCII, Latin, Cyrillic, Arabic, Chinese, an emoji (astral).
ALPHABET = "ab z9_éüßДЖثق中文€\U0001F600\U00010348"


def hashlib_prefixes(compact: str) -> list[int]:
    """datasketch's shingle hash: SHA-1, first 4 bytes little-endian, for every shingle in order."""
    shingles = [compact[i : i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))]
    return [int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingles]


def datasketch_signature(compact: str) -> np.ndarray:
    shingles = {compact[i : i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature.hashvalues.astype(np.uint64)


@pytest.mark.parametrize("seed", range(4))
def test_shingle_hashes_are_hashlibs_for_every_length_and_width(seed):
    rng = random.Random(seed)
    texts = ["", *("".join(rng.choice(ALPHABET) for _ in range(n)) for n in range(1, 30))]
    texts += ["".join(rng.choice(ALPHABET[:5]) for _ in range(n)) for n in range(0, 12)]  # ASCII only
    for text in texts:
        assert _sha1_prefixes(_shingle_blocks(text)).tolist() == hashlib_prefixes(text), repr(text)


def test_signatures_of_long_mixed_texts_are_datasketchs():
    rng = random.Random(15)
    for size in (7, 500, 9_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(size))
        assert np.array_equal(_signature(text), datasketch_signature(text))


def test_signatures_of_real_texts_are_datasketchs():
    texts = [path.read_text(encoding="utf-8") for path in sorted(UDHR.glob("*")) if path.is_file()]
    assert texts
    for text in texts:
        compact = normalise(text)
        assert np.array_equal(_signature(compact), datasketch_signature(compact))
