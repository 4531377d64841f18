"""CPU of processing outside the encoder, measured without the encoder's noise (issue 15).

``bench_processing`` compares processing with a second run of the encoder, whose CPU varies by
5-8 % between runs of the same code: a change of a few milliseconds a submission is lost in it.
Here the encoder's answers are remembered (``suggestions.embed`` looked up by its texts after a
first pass), so each later run of ``process_submission`` is the work outside the encoder only: the same
48 submissions as ``bench_processing`` (same seed, a quarter with the demo's files), each its
call's first arrival, processed REPEATS times afresh (database flushed, received again, the
scoring memo emptied). Printed:
the mean and median over submissions of each one's median CPU; with ``--parts``, the mean CPU of
the main steps (timed around each call: the timers add a few microseconds a submission); with
``--profile FILE``, one more pass under cProfile (inflated by the profiler: for where, not how much).

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

# The steps timed by ``--parts``: (label, module, function), patched where they are called from.
PARTS = [
    ("file extraction", "synthesis.services.processing", "extract_attachment"),
    ("language detection and words", "synthesis.services.processing", "language_shares_and_words"),
    ("duplicates (detect_repeat)", "synthesis.services.processing", "detect_repeat"),
    ("  fingerprint (normalise, hash, MinHash)", "synthesis.services.duplicates", "text_fingerprint"),
    ("suggestions (suggest_themes)", "synthesis.services.processing", "suggest_themes"),
    ("  passages (submission_passages)", "synthesis.services.suggestions", "submission_passages"),
    ("  folded passages (fold)", "synthesis.services.suggestions", "_folded"),
    ("  source hash", "synthesis.services.suggestions", "_source_hash"),
    ("  passage vectors upsert (_vectors)", "synthesis.services.suggestions", "_vectors"),
    ("  scoring (_score)", "synthesis.services.suggestions", "_score"),
    ("    call_features", "synthesis.services.suggestions", "call_features"),
    ("  tags written (_write)", "synthesis.services.suggestions", "_write"),
    ("status changes (change_status)", "synthesis.services.processing", "change_status"),
    ("full text (submission_full_text)", "synthesis.services.processing", "submission_full_text"),
]
SPENT: dict[str, float] = {}  # CPU seconds per part, over every pass


def time_parts() -> None:
    """Wrap each step of ``PARTS`` in a CPU timer (a few calls a submission: the timers cost ~nothing)."""
    import importlib

    for label, module_name, name in PARTS:
        module = importlib.import_module(module_name)
        function = getattr(module, name)

        def timed(*args, _function=function, _label=label, **kwargs):
            cpu = time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                SPENT[_label] = SPENT.get(_label, 0.0) + time.process_time() - cpu

        setattr(module, name, timed)


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


def one_pass(items, profile=None) -> list[float]:
    """CPU seconds of each submission's processing, each its call's first arrival.

    ``profile``: a ``cProfile.Profile`` that records the processing runs only.
    """
    from submissions.models import Submission
    from synthesis import tagging
    from synthesis.services.processing import process_submission

    submissions = fresh_submissions(items)
    tagging._memo.clear()  # keyword hits and similarities of a new text are never remembered yet
    spent = []
    for submission in submissions:
        cpu = time.process_time()
        if profile is None:
            process_submission(submission.pk)
        else:
            profile.runcall(process_submission, submission.pk)
        spent.append(time.process_time() - cpu)
        Submission.objects.filter(pk=submission.pk).update(status="excluded")
    return spent


def profiled(items, target: str) -> None:
    """One more pass, its processing runs under cProfile (CPU clock), dumped to ``target``: where, not how much."""
    import cProfile

    profile = cProfile.Profile(time.process_time)
    one_pass(items, profile)
    profile.dump_stats(target)


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
    cold = one_pass(items)  # the encoder's answers, and every per-process cache warm
    print(f"first pass (the encoder's answers not remembered yet: its CPU included; per-process caches built): "
          f"mean {statistics.mean(cold) * 1000:.1f} ms a submission", flush=True)
    if options.parts:
        time_parts()
    runs = [one_pass(items) for _ in range(options.repeats)]
    per_submission = [statistics.median(times) for times in zip(*runs, strict=True)]
    print(f"outside the encoder ({len(items)} submissions, {options.repeats} passes, load average "
          f"{os.getloadavg()[0]:.1f}): mean {statistics.mean(per_submission) * 1000:.1f} ms a submission, "
          f"median {statistics.median(per_submission) * 1000:.1f} ms; passes (mean ms) "
          + ", ".join(f"{statistics.mean(r) * 1000:.1f}" for r in runs), flush=True)
    if options.parts:
        passes = len(items) * options.repeats
        print("  of which (mean ms a submission): " + "; ".join(
            f"{label.strip()} {SPENT.get(label, 0) / passes * 1000:.2f}" for label, _, _ in PARTS), flush=True)
    if options.profile:
        profiled(items, options.profile)


if __name__ == "__main__":
    main()
