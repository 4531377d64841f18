"""CPU of processing outside the encoder, measured without the encoder's noise (issue 15).

``bench_processing`` compares processing with a second run of the encoder, whose CPU varies by
5-8 % between runs of the same code: a change of a few milliseconds a submission is lost in it.
Here the encoder's answers are remembered (``suggestions.embed`` looked up by its texts after a
first pass), so each run of ``process_submission`` is the work outside the encoder only: the same
48 submissions as ``bench_processing`` (same seed, a quarter with the demo's files), each its
call's first arrival, processed REPEATS times afresh (database flushed, received again). Printed:
the mean and median over submissions of each one's median CPU, and, with ``--parts``, the CPU
of the main steps (cProfile, one more pass; inflated by the profiler, for where, not how much).

    .venv/bin/python bench/outside_encoder.py [--repeats 7] [--parts] [--profile FILE]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("BENCH_DATABASE", "rapporteur_bench_outside")

from _setup import ROOT, setup_django
from _texts import load_corpus

# The steps reported by ``--parts``: (label, module path suffix, function name).
PARTS = [
    ("passages (all_passages)", "synthesis/passages.py", "all_passages"),
    ("  reflow", "synthesis/reflow.py", "reflow"),
    ("  sentence_spans (ICU)", "synthesis/sentences.py", "sentence_spans"),
    ("  garbled", "synthesis/passages.py", "garbled"),
    ("  furniture kind_of", "synthesis/furniture.py", "kind_of"),
    ("  furniture sentence_kind", "synthesis/furniture.py", "sentence_kind"),
    ("  furniture fragment", "synthesis/furniture.py", "fragment"),
    ("  count_words", "synthesis/wordcount.py", "count_words"),
    ("language (language_shares_and_words)", "synthesis/language_detection.py", "language_shares_and_words"),
    ("  main_language", "synthesis/language_detection.py", "main_language"),
    ("duplicates (detect_repeat)", "synthesis/services/duplicates.py", "detect_repeat"),
    ("  text_fingerprint", "synthesis/fingerprints.py", "text_fingerprint"),
    ("suggest_themes", "synthesis/services/suggestions.py", "suggest_themes"),
    ("  scoring_inputs", "synthesis/services/suggestions.py", "scoring_inputs"),
    ("  _folded (fold)", "synthesis/services/suggestions.py", "_folded"),
    ("  _vectors (store)", "synthesis/services/suggestions.py", "_vectors"),
    ("  _source_hash", "synthesis/services/suggestions.py", "_source_hash"),
    ("  _score", "synthesis/services/suggestions.py", "_score"),
    ("    call_features", "synthesis/tagging.py", "call_features"),
    ("  _write", "synthesis/services/suggestions.py", "_write"),
    ("change_status", "submissions/services/status.py", "change_status"),
    ("extract_attachment", "synthesis/services/processing.py", "extract_attachment"),
    ("submission_full_text", "submissions/selectors.py", "submission_full_text"),
]


def remember_embeddings():
    """Replace ``suggestions.embed`` by a lookup of its earlier answers (the same arrays)."""
    from synthesis.services import suggestions

    real = suggestions.embed
    answers: dict[tuple[str, ...], object] = {}

    def remembered(texts):
        key = tuple(texts)
        if key not in answers:
            answers[key] = real(texts)
        return answers[key]

    suggestions.embed = remembered


def fresh_submissions(items):
    """An empty database with the bench's call, the submissions received (queued, not processed)."""
    import yaml
    from django.core.management import call_command

    from submissions.services.calls import upsert_call
    from submissions.services.intake import receive_submission
    from synthesis.services.suggestions import call_model

    call_command("flush", interactive=False, verbosity=0)
    spec = yaml.safe_load((ROOT / "demo" / "call.yaml").read_text(encoding="utf-8"))
    call, _ = upsert_call({**spec, "slug": "bench-outside"})
    call_model(call)  # the theme model is built apart, as in bench_processing
    return [receive_submission(call, item) for item in items]


def one_pass(items) -> list[float]:
    """CPU seconds of each submission's processing, each its call's first arrival."""
    from submissions.models import Submission
    from synthesis.services.processing import process_submission

    submissions = fresh_submissions(items)
    spent = []
    for submission in submissions:
        cpu = time.process_time()
        process_submission(submission.pk)
        spent.append(time.process_time() - cpu)
        Submission.objects.filter(pk=submission.pk).update(status="excluded")
    return spent


def parts(items, target: str | None) -> None:
    import cProfile
    import pstats

    profile = cProfile.Profile(time.process_time)
    profile.runcall(one_pass, items)
    if target:
        profile.dump_stats(target)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    print(f"where (cProfile, one pass, inflated by the profiler), ms a submission over {len(items)}:")
    for label, path, name in PARTS:
        total = sum(entry[3] for (file, _, function), entry in stats.items()
                    if file.endswith(path) and function == name)
        print(f"  {label:40s} {total / len(items) * 1000:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--profile", default="")
    options = parser.parse_args()
    setup_django()
    from bench_processing import SUBMISSIONS, demo_files, incoming

    from config.celery import app as celery_app
    from synthesis.embeddings import embed
    from synthesis.thesaurus import thesaurus_vectors

    celery_app.conf.task_always_eager = False  # queued to the in-memory broker, processed here
    embed(["warm-up"])
    thesaurus_vectors()
    rng = random.Random(15)
    pools, alphabets, _ = load_corpus()
    files = demo_files()
    items = [incoming(rng, n, pools, alphabets, files) for n in range(SUBMISSIONS)]
    remember_embeddings()
    one_pass(items)  # the encoder's answers, and every cache warm
    runs = [one_pass(items) for _ in range(options.repeats)]
    per_submission = [statistics.median(times) for times in zip(*runs, strict=True)]
    print(f"outside the encoder ({len(items)} submissions, {options.repeats} passes, load average "
          f"{os.getloadavg()[0]:.1f}): mean {statistics.mean(per_submission) * 1000:.1f} ms a submission, "
          f"median {statistics.median(per_submission) * 1000:.1f} ms; passes (mean ms) "
          + ", ".join(f"{statistics.mean(r) * 1000:.1f}" for r in runs), flush=True)
    if options.parts or options.profile:
        parts(items, options.profile or None)


if __name__ == "__main__":
    main()
