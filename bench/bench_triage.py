"""Triage benchmarks (issue 5): the inbox and full-text search at 1,000 and 100,000 submissions.

Seeds two calls in PostgreSQL with bulk inserts (1,000 and 100,000 submissions, texts in
the six languages, theme suggestions, search documents), then times 50 requests of each
page through Django's test client (server time: view, queries and template) and counts
the SQL queries per page, which must be the same at both sizes.

Targets on the 2-core machine: inbox p95 < 150 ms, search p95 < 300 ms.
BENCH_DATABASE picks the database (default rapporteur_bench_triage); it is reused across
runs, seeded once.
"""
from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("BENCH_DATABASE", "rapporteur_bench_triage")

from _setup import median, p95, setup_django

REQUESTS = 50
SIZES = {"bench-triage-1k": 1_000, "bench-triage-100k": 100_000}
SENTENCES = {
    "en": ["Fair debt arrangements are needed for developing countries.",
           "Equitable access to vaccines is a human rights obligation.",
           "States should strengthen technical assistance to national institutions.",
           "Climate finance must reach the communities most affected."],
    "fr": ["Un allègement de la dette est nécessaire pour les pays en développement.",
           "L'accès équitable aux vaccins est une obligation en matière de droits de l'homme."],
    "es": ["El alivio de la deuda es necesario para los países en desarrollo.",
           "El acceso equitativo a las vacunas es una obligación de derechos humanos."],
    "ru": ["Облегчение долгового бремени необходимо развивающимся странам.",
           "Справедливый доступ к вакцинам является обязательством в области прав человека."],
    "ar": ["تخفيف عبء الديون ضروري للبلدان النامية.", "الحصول المنصف على اللقاحات التزام من التزامات حقوق الإنسان."],
    "zh": ["发展中国家需要公平的债务安排。", "公平获得疫苗是一项人权义务。", "各国应加强技术援助和能力建设。"],
}
THEMES = [
    {"key": "finance", "name": {"en": "Development finance"}},
    {"key": "health", "name": {"en": "Health and vaccines"}},
    {"key": "cooperation", "name": {"en": "Technical cooperation"}},
]


def seed(slug: str, count: int) -> None:
    """One call with ``count`` submissions, in bulk (a few seconds per 10,000)."""
    import datetime as dt

    from django.db import connection, transaction

    from submissions.models import Call, Contributor, SearchDocument, Submission, ThemeTag
    from submissions.search import STEMMERS, index_text
    from submissions.services.calls import upsert_call

    if Call.objects.filter(slug=slug).exists():
        return
    started = time.perf_counter()
    rng = random.Random(count)
    call, _ = upsert_call({
        "slug": slug, "title": {"en": f"Benchmark call ({count:,} submissions)"}, "body": "human-rights-council",
        "session": 60, "report_author": "high-commissioner", "deadline": "2025-03-31",
        "reference_prefix": f"B{count // 1000}K", "themes": THEMES,
    })
    themes = list(call.themes.all())
    categories = ["ngo", "individual", "academic", "igo", "un-entity"]
    with transaction.atomic():
        contributors = Contributor.objects.bulk_create(
            Contributor(name=f"Organization {slug} {i}", category=categories[i % len(categories)])
            for i in range(min(count, 5000))
        )
        statuses = ["ready"] * 6 + ["in_review", "included", "excluded", "duplicate", "withdrawn"]
        languages = list(SENTENCES)
        start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        batch = 5000
        for offset in range(0, count, batch):
            rows = []
            for i in range(offset, min(count, offset + batch)):
                language = languages[i % len(languages)]
                text = " ".join(rng.sample(SENTENCES[language], k=min(2, len(SENTENCES[language]))))
                rows.append(Submission(
                    call=call, contributor=contributors[i % len(contributors)],
                    reference=f"{call.reference_prefix}-{i + 1:06d}", source=f"bench-{i}",
                    received_at=start + dt.timedelta(minutes=2 * i), declared_language=language,
                    detected_language=language, text=text, status=statuses[i % len(statuses)],
                    consent_to_publish=i % 3 == 0, word_count=len(text.split()),
                ))
            created = Submission.objects.bulk_create(rows)
            ThemeTag.objects.bulk_create(
                ThemeTag(submission=s, theme=themes[j % len(themes)], score=0.7, origin="auto",
                         accepted=True if j == 0 and n % 2 else None)
                for n, s in enumerate(created) for j in range(1 + n % 2)
            )
            SearchDocument.objects.bulk_create(
                SearchDocument(submission=s, call=call, body=f"{s.contributor.name}\n\n{s.text}") for s in created
            )
        Call.objects.filter(pk=call.pk).update(next_reference_number=count + 1)
        # Python builds the bigram text (the same function the app uses), then SQL the vectors.
        documents = SearchDocument.objects.filter(call=call).select_related("submission").only(
            "submission_id", "body", "submission__declared_language")
        with connection.cursor() as cursor:
            pending: list[tuple] = []
            for document in documents.iterator(chunk_size=5000):
                language = document.submission.declared_language
                pending.append((index_text(document.body), STEMMERS.get(language, "simple"), document.submission_id))
                if len(pending) >= 5000:
                    _write_vectors(cursor, pending)
                    pending = []
            if pending:
                _write_vectors(cursor, pending)
    with connection.cursor() as cursor:  # visibility map for index-only counts, fresh statistics
        for table in ("submissions_submission", "submissions_searchdocument", "submissions_themetag"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  seeded {count:,} submissions in {time.perf_counter() - started:.0f} s", flush=True)


def _write_vectors(cursor, pending: list[tuple]) -> None:
    from psycopg2.extras import execute_values

    execute_values(
        cursor,
        "UPDATE submissions_searchdocument d SET vector = to_tsvector('simple'::regconfig, v.body) "
        "|| to_tsvector(v.config::regconfig, v.body) FROM (VALUES %s) AS v(body, config, id) "
        "WHERE d.submission_id = v.id",
        pending,
        page_size=1000,
    )


def measure(client, url: str) -> tuple[float, float, int, int]:
    """(median ms, p95 ms, queries per request, status) over REQUESTS requests after one warm-up."""
    from django.db import connection

    client.get(url)
    times = []
    executed: list[str] = []
    # Counted with an execute wrapper: Django clears connection.queries at each request start.
    with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
        response = client.get(url)
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return median(times), p95(times), len(executed), response.status_code


def main() -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from submissions.models import Call, CallRole
    from submissions.services.team import set_membership

    print("Triage benchmark (issue 5)", flush=True)
    for slug, count in SIZES.items():
        seed(slug, count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user, _ = get_user_model().objects.get_or_create(username="bench-triager")
    for slug in SIZES:
        set_membership(Call.objects.get(slug=slug), user, CallRole.TRIAGER, actor_label="bench")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    pages = [
        ("inbox", ""),
        ("inbox, status filter", "?status=in_review"),
        ("inbox, page 100", "?page=100"),
        ("search en 'vaccines'", "?q=vaccines"),
        ("search zh '疫苗'", "?q=%E7%96%AB%E8%8B%97"),
        ("search fr 'dette'", "?q=dette"),
    ]
    results: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    for slug in SIZES:
        for name, query in pages:
            results[(slug, name)] = measure(client, f"/staff/calls/{slug}/{query}")
    print(f"{'page':<24}{'rows':>9}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    ok = True
    for name, _ in pages:
        counts = set()
        for slug, count in SIZES.items():
            med, high, queries, status = results[(slug, name)]
            counts.add(queries)
            flag = "" if status == 200 else f"  HTTP {status}"
            print(f"{name:<24}{count:>9,}{med:>11.1f}{high:>9.1f}{queries:>9}{flag}")
            ok &= status == 200
        if len(counts) != 1:
            print(f"  !! queries per page differ with the number of rows: {sorted(counts)}")
            ok = False
    big = "bench-triage-100k"
    inbox_p95 = results[(big, "inbox")][1]
    search_p95 = max(results[(big, name)][1] for name, _ in pages if name.startswith("search"))
    print(f"targets at 100,000: inbox p95 {inbox_p95:.0f} ms (< 150: {'met' if inbox_p95 < 150 else 'MISSED'}), "
          f"search p95 {search_p95:.0f} ms (< 300: {'met' if search_p95 < 300 else 'MISSED'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
