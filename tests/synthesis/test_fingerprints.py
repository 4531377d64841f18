"""Our one-pass MinHash gives datasketch's own signatures, so fingerprints already stored stay comparable."""
from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from synthesis.fingerprints import NUM_PERM, SHINGLE, minhash_signature, normalise, text_fingerprint, text_hash
from tests.conftest import UDHR


def datasketch_signature(text: str) -> np.ndarray:
    """The reference: what ``minhash_signature`` computed with datasketch before issue 15."""
    compact = normalise(text)
    shingles = {compact[i : i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature.hashvalues.astype(np.uint64)


TEXTS = [
    "", "a", "abcd", "abcde", "Hello, world!", "人人生而自由，在尊严和权利上一律平等。",
    "Все люди рождаются свободными и равными в своем достоинстве и правах.",
    "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.",
    "Tous les êtres humains naissent libres et égaux en dignité et en droits. " * 40,
]


@pytest.mark.parametrize("text", TEXTS)
def test_signature_is_datasketchs(text):
    assert minhash_signature(text).dtype == np.uint64
    assert np.array_equal(minhash_signature(text), datasketch_signature(text))


def test_signature_of_real_texts_in_six_languages_is_datasketchs():
    texts = [path.read_text(encoding="utf-8") for path in sorted(UDHR.glob("*"))[:6] if path.is_file()]
    assert texts
    for text in texts:
        assert np.array_equal(minhash_signature(text), datasketch_signature(text))


def test_text_fingerprint_is_both_at_once():
    text = "Le droit à l'eau dans les quartiers informels. " * 10
    digest, signature = text_fingerprint(text)
    assert digest == text_hash(text)
    assert np.array_equal(signature, minhash_signature(text))
