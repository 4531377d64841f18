"""What a Celery worker loads once, before its pool forks the processes that run tasks (issue 15).

Loaded lazily, the encoder (1.2 s CPU), lingua's six language models (1.5 s) and the thesaurus
vectors were loaded again by every pool process, and again each time one was replaced
(``CELERY_WORKER_MAX_TASKS_PER_CHILD``, 100 tasks): about 28 ms a submission, paid by the
first submission of each process. Loaded in the parent, they are shared copy-on-write.
The loaded heap is then frozen out of the garbage collector (``gc.freeze``), so that
collections in the children do not rescan it, nor write to its pages.

``RAPPORTEUR_WORKER_PRELOAD=0`` turns it off (the drafting worker, which runs no processing).
"""
from __future__ import annotations

import gc
import logging
import os
import time

log = logging.getLogger(__name__)


def preload_enabled() -> bool:
    return os.environ.get("RAPPORTEUR_WORKER_PRELOAD", "1").strip().lower() not in ("0", "false", "no", "")


def load_processing_models() -> float:
    """Load what processing needs in this process, then freeze the heap; returns the seconds it took."""
    from synthesis.embeddings import embed
    from synthesis.language_detection import _detector
    from synthesis.thesaurus import thesaurus_vectors

    started = time.perf_counter()
    embed(["warm-up"])
    _detector()
    thesaurus_vectors()
    gc.collect()
    gc.freeze()
    spent = time.perf_counter() - started
    log.warning("processing models preloaded in %.1f s (pid %s); %s objects frozen", spent, os.getpid(),
                gc.get_freeze_count())
    return spent
