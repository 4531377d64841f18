"""Duplicate detection at scale (issue 15): 20,000 submissions with a 5,000-letter campaign in one call.

Texts are built from the real submissions under ``eval/calls/*/sources/texts/`` and
``demo/tools/texts/`` (six languages): unique submissions are sentences of their language
drawn at random and varied word by word (so two of them are no nearer than unrelated
texts), of real length (log-normal, median 7,000 characters, up to 84,000 = a 20-page
submission); campaign letters are the evaluation calls' campaign letters (Spanish:
5,000 letters; French: 300) with their own greeting, signature, town, sometimes a
paragraph dropped or a personal sentence added; 1 % of senders send again.

Runs the duplicate step (``detect_repeat`` + ``inherit_suggestions``) directly on a
PostgreSQL database of its own (BENCH_DATABASE, default rapporteur_bench_duplicates,
rebuilt every run), in arrival order, and prints at 100, 1,000, 5,000 and 20,000
submissions the median cost per submission, its SQL time and statements, the growth
exponent (target <= 0.1), then the whole processing (``process_submission``) of
campaign copies and of unique submissions with the encoder loaded (loading reported
apart), extrapolated to a 100,000-letter campaign on 2 cores (target < 1 hour).

BENCH_SCALE (default 1) shrinks both for a quick look (``BENCH_SCALE=0.25``: 5,000 submissions, a
1,250-letter campaign); BENCH_DUP_TOTAL / BENCH_DUP_CAMPAIGN set them directly. The targets need
the full size: a smaller run prints MISSED on the 20,000 requirement.
"""
from __future__ import annotations

import math
import os
import random
import sys
import time

os.environ.setdefault("BENCH_DATABASE", "rapporteur_bench_duplicates")

from _setup import ROOT, median, setup_django
from _texts import FIRST, LAST, campaign_letter, load_corpus, unique_text

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
TOTAL = int(os.environ.get("BENCH_DUP_TOTAL", str(max(200, int(20_000 * SCALE)))))
CAMPAIGN = int(os.environ.get("BENCH_DUP_CAMPAIGN", str(max(20, int(5_000 * SCALE)))))
SMALL_CAMPAIGN = max(2, CAMPAIGN * 3 // 50)
RESENT_SHARE = 0.01
CHECKPOINTS = [n for n in (100, 1_000, 5_000, 20_000) if n <= TOTAL] or [TOTAL]
WINDOW = 200  # the submissions just before each checkpoint
TARGET_EXPONENT = 0.1
TARGET_HOURS = 1.0
CORES = 2
LETTERS_100K = 100_000
WHOLE_COPIES = 40
WHOLE_UNIQUE = 8

def flag(met: bool) -> str:
    return "MET" if met else "MISSED"


def build_plan(seed: int = 15) -> list[dict]:
    """Every submission of the call in arrival order: kind, language, sender, text."""
    rng = random.Random(seed)
    pools, alphabets, campaigns = load_corpus()
    languages = sorted(pools)
    kinds = ["campaign-es"] * CAMPAIGN + ["campaign-fr"] * SMALL_CAMPAIGN
    kinds += ["unique"] * (TOTAL - len(kinds))
    rng.shuffle(kinds)
    plan: list[dict] = []
    sent: list[dict] = []
    for n, kind in enumerate(kinds):
        if kind.startswith("campaign"):
            language = kind.split("-")[1]
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
            text = campaign_letter(rng, campaigns[language], language, name, pools, alphabets)
            plan.append({"kind": kind, "language": language, "name": name, "category": "individual", "text": text})
            continue
        if sent and rng.random() < RESENT_SHARE:
            earlier = rng.choice(sent)
            plan.append({**earlier, "kind": "resent", "text": earlier["text"] + "\n\n(Corrected version.)"})
            continue
        language = languages[n % len(languages)]
        item = {"kind": "unique", "language": language, "name": f"Organisation {n}", "category": "ngo",
                "text": unique_text(rng, language, pools, alphabets)}
        plan.append(item)
        sent.append(item)
    return plan


def fresh_database() -> None:
    import psycopg2
    from _setup import BENCH_DB

    admin = psycopg2.connect("dbname=postgres user=postgres host=127.0.0.1")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin.close()


def seed(plan: list[dict]):
    """The call and its submissions, in bulk (arrival order = plan order), status ready: only the
    duplicate step is measured here, not intake."""
    import datetime as dt

    import yaml
    from django.db import transaction

    from submissions.models import Contributor, Submission
    from submissions.services.calls import upsert_call

    spec = yaml.safe_load((ROOT / "demo" / "call.yaml").read_text(encoding="utf-8"))
    call, _ = upsert_call({**spec, "slug": "bench-duplicates", "reference_prefix": "BD"})
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        names = {item["name"]: item["category"] for item in plan}
        contributors = {c.name: c for c in Contributor.objects.bulk_create(
            Contributor(name=name, category=category) for name, category in names.items())}
        rows = [Submission(call=call, contributor=contributors[item["name"]], reference=f"BD-{n + 1:06d}",
                           source=f"bench-{n}", received_at=start + dt.timedelta(seconds=30 * n),
                           declared_language=item["language"], detected_language=item["language"],
                           text=item["text"], status="ready", word_count=len(item["text"].split()))
                for n, item in enumerate(plan)]
        created = Submission.objects.bulk_create(rows, batch_size=2000)
    type(call).objects.filter(pk=call.pk).update(next_reference_number=len(plan) + 1)
    from django.db import connection

    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum keeps them on a live database
        cursor.execute("ANALYZE")
    return call, [s.pk for s in created]


class Counter:
    """Statements and SQL time of what runs inside it (an execute wrapper)."""

    def __init__(self) -> None:
        self.statements = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.statements += 1


def run_duplicate_step(ids: list[int], plan: list[dict]) -> list[tuple[float, float, int]]:
    """(seconds, SQL seconds, statements) of the duplicate step, per submission, in arrival order."""
    from django.db import connection

    from submissions.models import Submission
    from synthesis.services.duplicates import detect_repeat, inherit_suggestions

    costs = []
    started = time.perf_counter()
    for n, pk in enumerate(ids):
        submission = Submission.objects.select_related("call", "contributor").get(pk=pk)
        counter = Counter()
        with connection.execute_wrapper(counter):
            begun = time.perf_counter()
            repeat = detect_repeat(submission)
            if repeat is not None:
                inherit_suggestions(submission, repeat.original)
            elapsed = time.perf_counter() - begun
        costs.append((elapsed, counter.seconds, counter.statements))
        if (n + 1) in CHECKPOINTS or (n + 1) % 2500 == 0:
            print(f"  {n + 1:>6,} submissions, {time.perf_counter() - started:.0f} s", flush=True)
    return costs


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(cost) on log(submissions in the call)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(cost, 1e-9)) for _, cost in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    denominator = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / denominator if denominator else 0.0


def whole_processing(call, plan: list[dict]) -> dict[str, float]:
    """process_submission on new campaign copies and new unique submissions, encoder loaded first."""
    from config.celery import app as celery_app
    from submissions.models import Submission
    from submissions.services.intake import IncomingSubmission, receive_submission
    from synthesis.embeddings import embed
    from synthesis.services.processing import process_submission
    from synthesis.services.suggestions import call_model, suggest_themes

    celery_app.conf.task_always_eager = False  # queue to the in-memory broker; processed below
    figures: dict[str, float] = {}
    started = time.perf_counter()
    embed(["warm-up"])
    call_model(call)
    figures["loading"] = time.perf_counter() - started
    # A large call's letters are scored with its reference (issue 15: its first letters with stored vectors,
    # ``suggestions.SCORING_REFERENCE``). The seeded letters were never embedded: the first unique ones are
    # scored for real, as processing would have, and become the reference. Then the campaign's first letters
    # (every letter of it not linked to an earlier one: the roots its copies lead to), whose copies take their
    # themes; a copy whose first letter has no themes yet is scored itself (decision 0021).
    from synthesis.services.suggestions import SCORING_REFERENCE, scoring_reference

    started = time.perf_counter()
    first_unique = list(Submission.objects.filter(call=call, duplicate_of__isnull=True, source__in=[
        f"bench-{n}" for n, item in enumerate(plan) if item["kind"] == "unique"]).order_by("pk")[:SCORING_REFERENCE])
    for submission in first_unique:
        suggest_themes(submission)
    figures["reference"] = len(scoring_reference(call))
    roots = list(Submission.objects.filter(call=call, duplicate_of__isnull=True, source__in=[
        f"bench-{n}" for n, item in enumerate(plan) if item["kind"] == "campaign-es"]).order_by("received_at"))
    for root in roots:
        suggest_themes(root)
    figures["roots"] = len(roots)
    figures["setup"] = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:  # the stored vectors just written, known to the planner
        cursor.execute("ANALYZE")
    rng = random.Random(99)
    pools, alphabets, campaigns = load_corpus()
    timings: dict[str, list[float]] = {"copy": [], "unique": [], "unique-small": []}
    # Unique letters arrive twice: first while the call has only its reference scored (the others set
    # aside, status received, which scoring skips: a call of about SCORING_REFERENCE letters), then, those
    # arrivals deleted, the same letters again in the whole call.
    unique_texts: list[tuple[str, str]] = []
    for n in range(WHOLE_UNIQUE):
        language = sorted(pools)[n % len(pools)]
        unique_texts.append((f"Late organisation {n}", unique_text(rng, language, pools, alphabets)))
    keep = [s.pk for s in scoring_reference(call)]
    aside = list(Submission.objects.filter(call=call, status="ready").exclude(pk__in=keep)
                 .values_list("pk", flat=True))
    Submission.objects.filter(pk__in=aside).update(status="received")
    figures["small-size"] = Submission.objects.filter(call=call, status="ready").count()
    for kind, count in (("unique-small", WHOLE_UNIQUE), ("restore", 0), ("copy", WHOLE_COPIES),
                        ("unique", WHOLE_UNIQUE)):
        if kind == "restore":
            Submission.objects.filter(call=call, source__startswith="bench-late-").delete()
            Submission.objects.filter(pk__in=aside).update(status="ready")
            continue
        for n in range(count):
            if kind == "copy":
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)} late {n}"
                text = campaign_letter(rng, campaigns["es"], "es", name, pools, alphabets)
                incoming = IncomingSubmission(contributor_name=name, category="individual", text=text)
            else:
                name, text = unique_texts[n]
                incoming = IncomingSubmission(contributor_name=name, category="ngo", text=text,
                                              source=f"bench-late-{n}")
            submission = receive_submission(call, incoming)
            begun = time.perf_counter()
            process_submission(submission.pk)
            timings[kind].append(time.perf_counter() - begun)
            submission.refresh_from_db()
            if kind == "copy" and submission.duplicate_of_id is None:
                print(f"  !! late campaign letter {submission.reference} was not linked to the campaign")
            if kind == "copy" and timings[kind][-1] > 30:
                print(f"  !! late campaign letter {submission.reference} took {timings[kind][-1]:.0f} s "
                      "(scored itself: its first letter had no themes)")
    figures["unique-small"] = median(timings["unique-small"])
    figures["unique-total"] = Submission.objects.filter(call=call).count()
    figures["copy"] = median(timings["copy"])
    figures["unique"] = median(timings["unique"])
    return figures


def main() -> int:
    fresh_database()
    setup_django()
    import os as _os

    print(f"== Duplicates and campaigns at scale: {TOTAL:,} submissions, a {CAMPAIGN:,}-letter campaign inside "
          f"(load average {_os.getloadavg()[0]:.1f} on {_os.cpu_count()} cores)", flush=True)
    started = time.perf_counter()
    plan = build_plan()
    lengths = sorted(len(item["text"]) for item in plan if item["kind"] == "unique")
    print(f"  texts: {len(plan):,} ({sum(1 for i in plan if i['kind'] == 'unique'):,} unique, median "
          f"{lengths[len(lengths) // 2]:,} characters, longest {lengths[-1]:,}; "
          f"{CAMPAIGN:,} + {SMALL_CAMPAIGN:,} campaign letters; "
          f"{sum(1 for i in plan if i['kind'] == 'resent'):,} re-sent), built in {time.perf_counter() - started:.0f} s",
          flush=True)
    call, ids = seed(plan)
    costs = run_duplicate_step(ids, plan)

    from submissions.models import Submission, SubmissionStatus

    print(f"{'submissions in call':>20}{'median ms':>11}{'SQL ms':>9}{'statements':>12}")
    points, sql_points, statements = [], [], set()
    for checkpoint in CHECKPOINTS:
        window = costs[max(0, checkpoint - WINDOW):checkpoint]
        total, sql, count = (median([w[i] for w in window]) for i in range(3))
        points.append((checkpoint, total))
        sql_points.append((checkpoint, sql))
        statements.add(int(count))
        print(f"{checkpoint:>20,}{total * 1000:>11.1f}{sql * 1000:>9.1f}{count:>12.0f}")
    growth, sql_growth = exponent(points), exponent(sql_points)
    copies = Submission.objects.filter(call=call, duplicate_of__isnull=False)
    es_first = copies.filter(source__in=[f"bench-{n}" for n, i in enumerate(plan) if i["kind"] == "campaign-es"])
    largest = max((es_first.filter(duplicate_of_id=root).count() for root in
                   set(es_first.values_list("duplicate_of_id", flat=True)[:1000])), default=0)
    print(f"  linked: {copies.count():,} letters to a first one; the Spanish campaign's largest group "
          f"{largest + 1:,} of {CAMPAIGN:,}; duplicates (same sender): "
          f"{Submission.objects.filter(call=call, status=SubmissionStatus.DUPLICATE).count():,} of "
          f"{sum(1 for i in plan if i['kind'] == 'resent'):,} re-sent")
    full = TOTAL >= 20_000 and CAMPAIGN >= 5_000
    print(f"per-submission duplicate step, growth exponent 100 → {CHECKPOINTS[-1]:,}: {growth:.3f} "
          f"(target <= {TARGET_EXPONENT} to 20,000+ with a 5,000-letter campaign: "
          f"{flag(full and growth <= TARGET_EXPONENT)}); SQL time exponent {sql_growth:.3f}; "
          f"statements per submission {sorted(statements)}")
    figures = whole_processing(call, plan)
    per_copy_at_100k = figures["copy"] * (LETTERS_100K / CHECKPOINTS[-1]) ** max(growth, 0.0)
    hours = per_copy_at_100k * LETTERS_100K / CORES / 3600
    print(f"whole processing (process_submission), encoder loaded apart ({figures['loading']:.1f} s; "
          f"{figures['reference']:.0f} reference letters and {figures['roots']:.0f} first letters of the campaign "
          f"scored first, {figures['setup']:.0f} s): campaign copy "
          f"{figures['copy'] * 1000:.0f} ms (its themes taken from the first letter)")
    unique_growth = math.log(figures["unique"] / figures["unique-small"]) / math.log(
        figures["unique-total"] / figures["small-size"])
    print(f"  unique submission (embedded, scored with the call): {figures['unique'] * 1000:.0f} ms in the "
          f"{figures['unique-total']:,}-letter call vs {figures['unique-small'] * 1000:.0f} ms for the same letters "
          f"when it had {figures['small-size']:.0f} scored: growth exponent {unique_growth:.3f} "
          f"(target <= {TARGET_EXPONENT}: {flag(full and unique_growth <= TARGET_EXPONENT)})")
    print(f"100,000-letter campaign on {CORES} cores, extrapolated with exponent {max(growth, 0):.3f}: "
          f"{hours * 60:.0f} min (target < {TARGET_HOURS:.0f} h: {flag(hours < TARGET_HOURS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
