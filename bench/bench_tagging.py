"""Theme-suggestion benchmarks (issue 12): sentences/s of the encoder and of the whole tagging step.

- encoder: sentences/s of ``synthesis.embeddings.embed`` on the evaluation call's sentences;
- tagging step: import a 40+ submission evaluation call (extraction, language, duplicates and
  suggestions, Celery eager) and report the time of the suggestion step for the whole call
  (``refresh_call``: call features, learning, writing tags) from stored vectors and from scratch.
Target: suggestions for a 40-submission call in under 2 minutes on 2 cores.
"""
from __future__ import annotations

import time

from _setup import ROOT, setup_django

CALL = ROOT / "eval" / "calls" / "privacy-digital-age-2025"


def main() -> None:
    setup_django()
    from submissions.models import Call
    from submissions.services.packages import import_package
    from synthesis.embeddings import embed
    from synthesis.models import PassageVectors
    from synthesis.passages import submission_passages
    from synthesis.services import suggestions
    from synthesis.thesaurus import thesaurus_vectors

    started = time.perf_counter()
    thesaurus_vectors()
    print(f"thesaurus vectors ready in {time.perf_counter() - started:.1f} s (cached on disk after the first run)")
    call = Call.objects.filter(slug="privacy-digital-age-2025").first()
    if call is None:
        started = time.perf_counter()
        call = import_package(CALL).call
        print(f"import + processing of {call.submissions.count()} submissions: {time.perf_counter() - started:.1f} s")
    submissions = list(call.submissions.prefetch_related("attachments"))
    sentences = [p.text for s in submissions for p in submission_passages(s)]
    started, cpu = time.perf_counter(), time.process_time()
    embed(sentences)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"encoder: {len(sentences)} sentences in {elapsed:.1f} s = {len(sentences) / elapsed:.0f} sentences/s "
          f"(CPU {cpu:.1f} s = {len(sentences) / cpu:.0f} sentences per CPU-second)")
    started, cpu = time.perf_counter(), time.process_time()
    suggestions.refresh_call(call)
    warm, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"tagging step, whole call from stored vectors: {warm:.1f} s = {len(sentences) / warm:.0f} sentences/s "
          f"(CPU {cpu:.1f} s)")
    PassageVectors.objects.filter(call=call).delete()
    suggestions._MODELS.clear()
    started, cpu = time.perf_counter(), time.process_time()
    suggestions.refresh_call(call)
    cold, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"tagging step, whole call from scratch (theme model + embedding): {cold:.1f} s = "
          f"{len(sentences) / cold:.0f} sentences/s for {len(submissions)} submissions (target < 120 s); "
          f"CPU {cpu:.1f} s (process_time: less sensitive to other load on the machine)")


if __name__ == "__main__":
    main()
