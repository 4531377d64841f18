"""Duplicate detection costs the same number of SQL statements in a call of 10 and of 200 (decision 0021)."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Submission, SubmissionStatus, ThemeTag
from submissions.models.tags import TagOrigin
from synthesis.models import MinHashBand, PassageVectors
from synthesis.services.duplicates import detect_repeat, inherit_suggestions
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db

LETTER = (
    "Dear High Commissioner, I am writing about the right to water in informal settlements. Families pay "
    "ten times more per litre to private vendors than connected households, and women and girls spend hours "
    "each day fetching it. I ask the Office to recommend that States extend public networks to every "
    "settlement, regardless of tenure status, and that disconnections for inability to pay be prohibited."
)
TOPICS = ["debt relief", "vaccine patents", "climate finance", "digital identity", "land tenure", "school meals",
          "prison conditions", "press freedom", "migrant workers", "disability benefits", "housing evictions"]


def at(n: int) -> dt.datetime:
    return dt.datetime(2024, 5, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)


def unique_text(n: int) -> str:
    """A text of its own: unrelated submissions share few 5-grams (MinHash similarity well under 0.3)."""
    rng = random.Random(n)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(60)]
    return f"Submission {n} on {TOPICS[n % len(TOPICS)]}: " + " ".join(words) + "."


def seed(size: int) -> Submission:
    """A call of ``size`` submissions, half of them one campaign's letters; returns the first letter."""
    call = make_call(slug=f"scaling-{size}", reference_prefix=f"SC{size}")
    first = None
    for n in range(size):
        if n % 2 == 0:
            submission = make_submission(call, name=f"Citizen {n}", category="individual", received_at=at(n),
                                         text=f"{LETTER}\n\nYours sincerely,\nCitizen {n}")
        else:
            submission = make_submission(call, name=f"Organisation {n}", received_at=at(n), text=unique_text(n))
        detect_repeat(submission)
        first = first or submission
        if n == 0:
            Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.READY)
            ThemeTag.objects.create(submission=submission, theme=call.themes.first(), score=0.8,
                                    origin=TagOrigin.AUTO, evidence=[{"text": LETTER[:120], "source": "text",
                                                                      "attachment": None, "page": None,
                                                                      "start": 0, "end": 120, "score": 0.5}])
    assert first is not None
    return first


def statements(call_first: Submission, n: int, *, copy: bool) -> tuple[int, Submission]:
    call = call_first.call
    text = f"{LETTER}\n\nWith regards,\nNew sender {n}" if copy else unique_text(n)
    submission = make_submission(call, name=f"New sender {n}", category="individual", received_at=at(n), text=text)
    with CaptureQueriesContext(connection) as queries:
        repeat = detect_repeat(submission)
        if repeat is not None:
            inherit_suggestions(submission, repeat.original)
    return len(queries), submission


@pytest.mark.parametrize("copy", [True, False], ids=["campaign-copy", "unique"])
def test_statements_per_submission_do_not_grow_with_the_call(copy):
    counts = {}
    for size in (10, 200):
        first = seed(size)
        count, submission = statements(first, size + 1, copy=copy)
        submission.refresh_from_db()
        if copy:
            assert submission.duplicate_of_id == first.pk
            assert submission.status == SubmissionStatus.RECEIVED  # a campaign copy keeps its own status
        else:
            assert submission.duplicate_of_id is None
        counts[size] = count
    assert counts[10] == counts[200], counts


def test_campaign_buckets_stay_short_and_copies_take_the_first_letters_themes():
    first = seed(200)
    # 100 letters of one campaign: the first holds every bucket, each copy adds only its own.
    rows = MinHashBand.objects.filter(call=first.call, submission_id=first.pk).count()
    largest = max(
        MinHashBand.objects.filter(call=first.call, band=band, bucket_hash=bucket).count()
        for band, bucket in MinHashBand.objects.filter(submission_id=first.pk).values_list("band", "bucket_hash")
    )
    assert rows == 26 and largest < 10, largest
    copies = Submission.objects.filter(call=first.call, duplicate_of=first)
    assert copies.count() == 99
    _, copy = statements(first, 500, copy=True)
    [tag] = ThemeTag.objects.filter(submission=copy)
    assert tag.score == 0.8 and tag.accepted is None and tag.origin == TagOrigin.AUTO
    assert tag.evidence[0]["text"] == LETTER[:120]


@pytest.mark.django_db(transaction=True)
def test_a_campaign_copy_is_not_embedded_and_takes_the_first_letters_themes(eager_celery):
    call = make_call(slug="copy-themes", reference_prefix="CT")
    first = make_submission(call, name="Ana Pérez", category="individual", received_at=at(1),
                            text=f"{LETTER}\n\nYours sincerely,\nAna Pérez")
    copy = make_submission(call, name="Bruno Costa", category="individual", received_at=at(2),
                           text=f"Dear Sir,\n\n{LETTER}\n\nBest regards,\nBruno Costa")
    first.refresh_from_db()
    copy.refresh_from_db()
    assert copy.duplicate_of == first and copy.status == SubmissionStatus.READY
    assert PassageVectors.objects.filter(submission=first).exists()
    assert not PassageVectors.objects.filter(submission=copy).exists()  # no embedding paid for the copy
    given = {t.theme_id: (t.score, [e["text"] for e in t.evidence]) for t in first.tags.all()}
    taken = {t.theme_id: (t.score, [e["text"] for e in t.evidence]) for t in copy.tags.all()}
    assert given and taken == given
    assert all(t.origin == TagOrigin.AUTO and t.accepted is None for t in copy.tags.all())
