"""What one processing run writes, and how many statements it takes to write it (issue 15).

A run indexes its submission for search once, at its final status, with its files' text
and its detected language; its theme suggestions come back as written; a submission
staff said is not a duplicate stays so when processed again.
"""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import SearchDocument, Submission, SubmissionStatus, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.search import postgres_query
from submissions.services.duplicates import undo_duplicate
from submissions.services.intake import IncomingFile
from synthesis.fingerprints import BANDS
from synthesis.models import MinHashBand, SenderKey
from synthesis.services.processing import process_submission
from synthesis.services.suggestions import suggest_themes
from tests.conftest import UDHR
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db

LETTER = ("Debt relief and development finance are essential for the recovery of small island States. "
          "Vaccines reached rural clinics late, and schools closed for a year.")


def writes_to(table: str, queries: list[dict]) -> int:
    return sum(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) and table in q["sql"] for q in queries)


def test_a_run_indexes_once_at_its_final_status_with_the_files_text_and_language():
    call = make_call()
    submission = make_submission(call, text="", files=[IncomingFile("fra.html", (UDHR / "fra.html").read_bytes())])
    assert submission.status == SubmissionStatus.RECEIVED  # no eager worker: nothing ran yet
    with CaptureQueriesContext(connection) as context:
        process_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY and submission.detected_language == "fr"
    assert writes_to("submissions_searchdocument", context.captured_queries) == 1
    document = SearchDocument.objects.get(submission=submission)
    assert "dignité" in document.body and "An NGO" in document.body
    # French stems from the detected language: "libres" is found by "libre".
    assert SearchDocument.objects.filter(pk=submission.pk, vector=postgres_query("libre")).exists()


def test_processing_again_replaces_the_document_and_the_duplicate_index():
    call = make_call()
    submission = make_submission(call, text=LETTER)
    process_submission(submission.pk)
    Submission.objects.filter(pk=submission.pk).update(text="Prison conditions and press freedom in the region.")
    process_submission(submission.pk)  # ready is processed again (an amendment)
    assert SearchDocument.objects.filter(submission=submission).count() == 1
    assert "Prison conditions" in SearchDocument.objects.get(submission=submission).body
    assert MinHashBand.objects.filter(submission=submission).count() == BANDS + 1  # replaced, not added
    assert SenderKey.objects.filter(submission=submission).count() == len(
        set(SenderKey.objects.filter(submission=submission).values_list("key_hash", flat=True)))


def test_a_first_arrival_takes_a_bounded_number_of_statements():
    """49 before issue 15 (two search indexes, the same rows read again by every step), 30, then 24."""
    call = make_call()
    warm_up = make_submission(call, name="Warm-up", text="Prison conditions and press freedom in the region.")
    process_submission(warm_up.pk)  # the call's theme model is built once per process
    submission = make_submission(call, text=LETTER)
    with CaptureQueriesContext(connection) as context:
        process_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY and submission.duplicate_of_id is None
    statements = [q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]  # the test's transaction
    assert len(statements) <= 26, [q["sql"][:60] for q in statements]  # 24 on PostgreSQL now


def test_suggest_themes_returns_what_it_wrote():
    call = make_call()
    submission = make_submission(call, text=LETTER)
    process_submission(submission.pk)
    returned = suggest_themes(Submission.objects.select_related("call").get(pk=submission.pk))
    stored = ThemeTag.objects.filter(submission=submission, origin=TagOrigin.AUTO, accepted__isnull=True)
    assert returned and {t.pk for t in returned} == {t.pk for t in stored}


def test_a_submission_staff_said_is_not_a_duplicate_stays_so_when_processed_again():
    call = make_call()
    first = make_submission(call, name="Same NGO", text=LETTER)
    process_submission(first.pk)
    again = make_submission(call, name="Same NGO", text=LETTER)
    process_submission(again.pk)
    again.refresh_from_db()
    assert again.status == SubmissionStatus.DUPLICATE and again.duplicate_of_id == first.pk

    undo_duplicate(again, actor=User.objects.create_user("triager"))
    Submission.objects.filter(pk=again.pk).update(text=LETTER + " ")  # amended: processed again
    process_submission(again.pk)
    again.refresh_from_db()
    assert again.status == SubmissionStatus.READY and again.duplicate_of_id is None
    # It stands for itself: every bucket indexed, once.
    assert MinHashBand.objects.filter(submission=again).count() == BANDS + 1
