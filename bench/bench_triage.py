"""Triage pages under a team (issue 15): inbox and search at 8 concurrent users on 100,000 realistic rows.

Seeds two calls (1,000 and 100,000 submissions) in a PostgreSQL database of its own
(BENCH_DATABASE, default rapporteur_bench_triage_real; seeded once, reused): texts of
real length in six languages (``_texts.py``: median 7,000 characters, up to 84,000),
5 % letters of campaigns linked to their first letter, 3 % same-sender duplicates,
theme suggestions, the search documents as the app builds them.

Then starts gunicorn (gthread, as in the Dockerfile) and runs USERS concurrent clients,
each signed in, requesting the inbox and search pages over real HTTP; prints median and
p95 per page next to the **same page as plain SQL**: the statements the page executes,
captured once, replayed by USERS concurrent psycopg2 connections (no ORM, no template).
The SQL statements per page must be the same at both sizes.

Targets at 100,000 rows, 8 concurrent users: inbox p95 < 300 ms, search p95 < 300 ms.
The figures are medians of the machine as it is: the load average is printed with them.
Seeding the 100,000 rows takes 15-45 minutes once (the database is kept); BENCH_SCALE=0.25
makes 5 requests per user and page instead of 20.
"""
from __future__ import annotations

import datetime as dt
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE", "rapporteur_bench_triage_real")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import BENCH_DB, median, p95, run_concurrently, setup_django, start_gunicorn
from _texts import load_corpus, unique_text

USERS = int(os.environ.get("BENCH_USERS", "8"))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", str(max(3, int(20 * SCALE)))))  # per user and page
PORT = int(os.environ.get("BENCH_PORT", "8771"))
TARGET_MS = 300
SIZES = {"bench-triage-real-1k": 1_000, "bench-triage-real-100k": 100_000}
POOL = 4_000  # distinct long texts; each row gets its own opening and numbers on top
THEMES = [
    {"key": "finance", "name": {"en": "Development finance"}},
    {"key": "health", "name": {"en": "Health and vaccines"}},
    {"key": "cooperation", "name": {"en": "Technical cooperation"}},
]
PAGES = [
    ("inbox", ""),
    ("inbox, status filter", "?status=in_review"),
    ("inbox, page 100", "?page=100"),
    ("search en 'vaccines'", "?q=vaccines"),
    ("search en 'rights' (most rows)", "?q=rights"),
    ("search zh '人权'", "?q=" + urllib.parse.quote("人权")),
    ("search fr 'dette'", "?q=dette"),
]


def flag(met: bool) -> str:
    return "MET" if met else "MISSED"


def seed(slug: str, count: int) -> None:
    """One call of ``count`` submissions, in bulk; the search vectors built by PostgreSQL as the app does."""
    from django.db import connection, transaction

    from submissions.models import Call, Contributor, SearchDocument, Submission, ThemeTag
    from submissions.search import STEMMERS, index_text
    from submissions.services.calls import upsert_call

    existing = Call.objects.filter(slug=slug).first()
    if existing is not None:
        if Submission.objects.filter(call=existing).count() == count:
            return
        existing.delete()  # a seed interrupted half-way
    started = time.perf_counter()
    rng = random.Random(count)
    pools, alphabets, _ = load_corpus()
    languages = sorted(pools)
    texts = [(languages[n % len(languages)], unique_text(rng, languages[n % len(languages)], pools, alphabets))
             for n in range(min(POOL, count))]
    call, _ = upsert_call({
        "slug": slug, "title": {"en": f"Benchmark call ({count:,} submissions)"}, "body": "human-rights-council",
        "session": 60, "report_author": "high-commissioner", "deadline": "2025-03-31",
        "reference_prefix": f"R{count // 1000}K", "themes": THEMES,
    })
    themes = list(call.themes.all())
    categories = ["ngo", "individual", "academic", "igo", "un-entity"]
    statuses = ["ready"] * 6 + ["in_review", "included", "excluded", "withdrawn"]
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        contributors = Contributor.objects.bulk_create(
            Contributor(name=f"Organization {slug} {i}", category=categories[i % len(categories)])
            for i in range(min(count, 20_000))
        )
        batch = 2_000
        first_letter: Submission | None = None
        for offset in range(0, count, batch):
            rows = []
            for i in range(offset, min(count, offset + batch)):
                language, body = texts[i % len(texts)]
                text = f"Submission {i} ({rng.randint(1, 10**6)}).\n\n{body}"
                status = statuses[i % len(statuses)]
                if i % 100 < 3 and i > 0:
                    status = "duplicate"
                rows.append(Submission(
                    call=call, contributor=contributors[i % len(contributors)],
                    reference=f"{call.reference_prefix}-{i + 1:06d}", source=f"bench-{i}",
                    received_at=start + dt.timedelta(minutes=2 * i), declared_language=language,
                    detected_language=language, text=text, status=status,
                    consent_to_publish=i % 3 == 0, word_count=len(text.split()),
                ))
            created = Submission.objects.bulk_create(rows)
            first_letter = first_letter or created[0]
            # 5 % campaign letters, 3 % same-sender duplicates: both point to an earlier submission.
            linked = [s for n, s in enumerate(created, start=offset) if n > 0 and (n % 20 == 0 or n % 100 < 3)]
            for s in linked:
                s.duplicate_of = first_letter
            Submission.objects.bulk_update(linked, ["duplicate_of"])
            ThemeTag.objects.bulk_create(
                ThemeTag(submission=s, theme=themes[j % len(themes)], score=0.7, origin="auto",
                         accepted=True if j == 0 and n % 2 else None)
                for n, s in enumerate(created) for j in range(1 + n % 2)
            )
            SearchDocument.objects.bulk_create(
                SearchDocument(submission=s, call=call, body=f"{s.contributor.name}\n\n{s.text}") for s in created
            )
            print(f"  {slug}: {offset + len(created):,} rows", flush=True)
        Call.objects.filter(pk=call.pk).update(next_reference_number=count + 1)
        # The vectors as the app builds them (``index_text``, simple || the language's stemmer), computed
        # once per distinct text (to_tsvector runs at about 1 MB/s here), then the row's own opening added.
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_pool (idx int PRIMARY KEY, vector tsvector) ON COMMIT DROP")
            from psycopg2.extras import execute_values

            execute_values(
                cursor,
                "INSERT INTO bench_pool SELECT v.idx, to_tsvector('simple'::regconfig, v.body) "
                "|| to_tsvector(v.config::regconfig, v.body) FROM (VALUES %s) AS v(idx, body, config)",
                [(n, index_text(body), STEMMERS.get(language, "simple")) for n, (language, body) in enumerate(texts)],
                page_size=200,
            )
            # GIN takes rows far faster in one build than one by one: drop it for the load.
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'submissions_searchdocument' "
                           "AND indexdef ILIKE '%%USING gin%%'")
            gin = [row[0] for row in cursor.fetchall()]
            for definition in gin:
                cursor.execute(f"DROP INDEX {definition.split(' INDEX ')[1].split(' ON ')[0]}")
            cursor.execute(
                "UPDATE submissions_searchdocument d SET vector = to_tsvector('simple'::regconfig, "
                "c.name || ' ' || split_part(s.text, E'\\n\\n', 1)) || p.vector "
                "FROM submissions_submission s JOIN submissions_contributor c ON c.id = s.contributor_id "
                "JOIN bench_pool p ON p.idx = split_part(s.source, '-', 2)::int %% %s "
                "WHERE d.submission_id = s.id AND d.call_id = %s",
                [len(texts), call.pk],
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before CREATE INDEX
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for definition in gin:
                cursor.execute(definition)
    with connection.cursor() as cursor:  # visibility map for index-only counts, fresh statistics
        for table in ("submissions_submission", "submissions_searchdocument", "submissions_themetag"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  seeded {count:,} submissions in {time.perf_counter() - started:.0f} s", flush=True)


def capture_sql(client, url: str) -> tuple[list[tuple[str, object]], int]:
    """The statements one request of the page executes (after a warm-up), and its status code."""
    from django.db import connection

    client.get(url)
    executed: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        response = client.get(url)
    return executed, response.status_code


def start_server() -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}", "CELERY_BROKER_URL": "",
           "SECRET_KEY": os.environ["SECRET_KEY"], "CONN_MAX_AGE": "60", "DEBUG": "0",
           "ALLOWED_HOSTS": "localhost,127.0.0.1"}
    return start_gunicorn(env, PORT)


def session_cookie(user) -> str:
    """A signed-in session for the benchmark user, stored where the server reads sessions."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def http_users(paths: list[tuple[str, str]], cookie: str) -> tuple[dict[str, list[float]], dict[int, int]]:
    """USERS threads, each requesting every page REQUESTS times in its own shuffled order."""
    latencies: dict[str, list[float]] = {name: [] for name, _ in paths}
    codes: dict[int, int] = {}
    lock = threading.Lock()

    def user(seed: int) -> None:
        order = [item for item in paths for _ in range(REQUESTS)]
        random.Random(seed).shuffle(order)
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        for name, path in order:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie, "Host": "localhost"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies[name].append(elapsed)
                codes[status] = codes.get(status, 0) + 1
        connection.close()

    run_concurrently(user, USERS)
    return latencies, codes


def sql_users(statements: dict[str, list[tuple[str, object]]]) -> dict[str, list[float]]:
    """The same pages as plain SQL: each page's statements replayed by USERS concurrent connections."""
    import psycopg2

    latencies: dict[str, list[float]] = {name: [] for name in statements}
    lock = threading.Lock()

    def user(seed: int) -> None:
        connection = psycopg2.connect(f"dbname={BENCH_DB} user=postgres host=127.0.0.1")
        connection.autocommit = False  # one transaction per page, as Django runs it (SET LOCAL holds)
        order = [name for name in statements for _ in range(REQUESTS)]
        random.Random(seed).shuffle(order)
        with connection.cursor() as cursor:
            for name in order:
                started = time.perf_counter()
                for sql, params in statements[name]:
                    cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
                connection.commit()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies[name].append(elapsed)
        connection.close()

    run_concurrently(user, USERS)
    return latencies


def main() -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from submissions.models import Call, CallRole
    from submissions.services.team import set_membership

    print(f"== Triage pages (issue 15): {USERS} concurrent users, gunicorn as config/gunicorn_conf.py", flush=True)
    for slug, count in SIZES.items():
        seed(slug, count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT avg(length(body))::int, max(length(body)) FROM submissions_searchdocument")
        average, longest = cursor.fetchone()
    print(f"  texts: average {average:,} characters, longest {longest:,}")
    user, _ = get_user_model().objects.get_or_create(username="bench-triager")
    for slug in SIZES:
        set_membership(Call.objects.get(slug=slug), user, CallRole.TRIAGER, actor_label="bench")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    ok = True
    statements: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for slug in SIZES:
        for name, query in PAGES:
            executed, status = capture_sql(client, f"/staff/calls/{slug}/{query}")
            statements[(slug, name)] = executed
            ok &= status == 200
    for name, _ in PAGES:
        counts = {len(statements[(slug, name)]) for slug in SIZES}
        if len(counts) != 1:
            print(f"  !! SQL statements of '{name}' differ with the number of rows: {sorted(counts)}")
            ok = False
    # Plain SQL: only the page's own reads (the session and user look-ups are the framework's).
    big = "bench-triage-real-100k"
    cookie = session_cookie(user)
    server = start_server()
    try:
        paths = [(name, f"/staff/calls/{big}/{query}") for name, query in PAGES]
        load_before = os.getloadavg()
        pages, codes = http_users(paths, cookie)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    plain = sql_users({name: statements[(big, name)] for name, _ in PAGES})
    if set(codes) != {200}:
        print(f"  !! HTTP status codes: {codes}")
        ok = False
    print(f"{'page (100,000 rows)':<32}{'median ms':>10}{'p95 ms':>8}{'SQL p95':>9}{'gap':>7}{'statements':>12}")
    for name, _ in PAGES:
        high, sql_high = p95(pages[name]), p95(plain[name])
        print(f"{name:<32}{median(pages[name]):>10.0f}{high:>8.0f}{sql_high:>9.1f}{high / max(sql_high, 0.1):>6.1f}x"
              f"{len(statements[(big, name)]):>12}")
    inbox_p95 = max(p95(pages[name]) for name, _ in PAGES if name.startswith("inbox"))
    search_p95 = max(p95(pages[name]) for name, _ in PAGES if name.startswith("search"))
    total = sum(len(v) for v in pages.values())
    print(f"  {total:,} requests; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(1-minute; the machine is shared), {statistics.mean(len(v) for v in pages.values()):.0f} per page")
    # A page that did not answer 200 (or whose statements grow with the rows) meets nothing.
    print(f"inbox p95 at {USERS} concurrent users, 100,000 rows: {inbox_p95:.0f} ms "
          f"(target < {TARGET_MS}: {flag(ok and inbox_p95 < TARGET_MS)})")
    print(f"search p95 at {USERS} concurrent users, 100,000 rows: {search_p95:.0f} ms "
          f"(target < {TARGET_MS}: {flag(ok and search_p95 < TARGET_MS)})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
