"""What a processing run reads again, and what it no longer needs to (issue 15).

The status check and the change to *processing* share one locked read; a run with no file
to read does not read its row and files a second time; the search document at the final
status is built from the run's sender and files, and is the one a re-index from the
database writes; an amendment landing meanwhile is still indexed from the database.
"""
from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from submissions.models import AuditAction, AuditEvent, SearchDocument, Submission, SubmissionStatus
from submissions.services.intake import IncomingFile
from submissions.services.search_index import index_submission, indexed_from
from submissions.services.status import change_status
from synthesis.fingerprints import hash64
from synthesis.models import MinHashBand, SenderKey
from synthesis.services.duplicates import _probe
from synthesis.services.processing import process_submission
from tests.conftest import UDHR
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db

LETTER = ("Debt relief and development finance are essential for the recovery of small island States. "
          "Vaccines reached rural clinics late, and schools closed for a year.")


def document_of(submission: Submission) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, vector::text FROM submissions_searchdocument WHERE submission_id = %s",
                       [submission.pk])
        return cursor.fetchone()


def reads_of_the_row(queries: list[dict]) -> int:
    return sum(q["sql"].startswith('SELECT "submissions_submission"."id"') for q in queries)


def files_read(queries: list[dict], submission: Submission) -> int:
    """Reads of the attachments table that take the submission's files (its id in the list asked for)."""
    return sum(q["sql"].startswith('SELECT "submissions_attachment"') and str(submission.pk) in
               re.search(r'"submission_id" IN \(([^)]*)\)', q["sql"]).group(1).split(", ") for q in queries)


def test_a_text_only_run_reads_its_row_three_times_and_its_files_once():
    """The locked read (status check and *processing*), scoring's read of the call, the final status."""
    call = make_call()
    process_submission(make_submission(call, name="Warm-up", text="Prison conditions in the region.").pk)
    submission = make_submission(call, text=LETTER)
    with CaptureQueriesContext(connection) as context:
        process_submission(submission.pk)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY
    queries = context.captured_queries
    assert reads_of_the_row(queries) == 3, [q["sql"][:80] for q in queries]
    assert files_read(queries, submission) == 1  # scoring reads only the others' (twice before this round)
    statements = [q for q in queries if "SAVEPOINT" not in q["sql"]]  # the test's own transaction
    assert len(statements) <= 25, [q["sql"][:60] for q in statements]  # 30 before


@pytest.mark.parametrize("with_file", [False, True])
def test_the_document_written_at_the_final_status_is_the_one_a_reindex_writes(with_file):
    call = make_call()
    files = [IncomingFile("fra.html", (UDHR / "fra.html").read_bytes())] if with_file else None
    submission = make_submission(call, title="Contribution", text=LETTER, files=files)
    process_submission(submission.pk)
    written = document_of(submission)
    assert ("dignité" in written[0]) is with_file and "An NGO" in written[0] and "Debt relief" in written[0]
    SearchDocument.objects.filter(submission=submission).delete()
    index_submission(submission.pk)  # from the database, as reindex_search does
    assert document_of(submission) == written


def test_an_amendment_landing_during_the_run_is_indexed_from_the_database():
    call = make_call()
    submission = make_submission(call, text=LETTER)

    def amend(sender, instance, **kwargs):  # the sender amends while the themes are scored
        if instance.action == AuditAction.THEMES_SUGGESTED:
            Submission.objects.filter(pk=instance.submission_id).update(text="Prison conditions, amended.")

    post_save.connect(amend, sender=AuditEvent)
    try:
        process_submission(submission.pk)
    finally:
        post_save.disconnect(amend, sender=AuditEvent)
    assert "Prison conditions, amended." in document_of(submission)[0]


def test_indexed_from_is_used_only_for_its_own_submission_and_matching_row():
    call = make_call()
    submission = make_submission(call, text=LETTER)
    other = make_submission(call, name="Another NGO", text="Prison conditions in the region.")
    process_submission(submission.pk)
    process_submission(other.pk)
    loaded = Submission.objects.select_related("contributor").prefetch_related("attachments").get(pk=submission.pk)
    saved = Submission.objects.get(pk=submission.pk)
    with indexed_from(loaded), CaptureQueriesContext(connection) as context:
        index_submission(submission.pk, saved=saved)
    assert len(context.captured_queries) == 1  # the upsert: sender and files from memory
    with indexed_from(loaded):
        index_submission(other.pk, saved=Submission.objects.get(pk=other.pk))
    assert "Another NGO" in document_of(other)[0]
    saved.text = "Changed meanwhile."
    with indexed_from(loaded):
        index_submission(submission.pk, saved=saved)  # differs from memory: read from the database
    assert "Debt relief" in document_of(submission)[0]


@pytest.mark.django_db(transaction=True)
def test_locked_needs_the_transaction_the_row_was_locked_in():
    call = make_call()
    submission = make_submission(call, text=LETTER)
    with pytest.raises(ValueError):  # no transaction: whatever lock the caller took is gone
        change_status(submission, SubmissionStatus.PROCESSING, actor_label="system", locked=True)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RECEIVED


def test_a_locked_change_does_not_read_the_row_again_and_is_audited_the_same():
    call = make_call()
    submission = make_submission(call, text=LETTER)
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        with CaptureQueriesContext(connection) as context:
            change_status(locked, SubmissionStatus.PROCESSING, actor_label="system", locked=True)
    assert not reads_of_the_row(context.captured_queries)
    event = AuditEvent.objects.get(submission=submission, action=AuditAction.SUBMISSION_STATUS)
    assert (event.actor_label, event.before, event.after) == ("system", {"status": "received"},
                                                              {"status": "processing"})


def test_the_duplicate_index_holds_the_probes_buckets_and_sender_keys():
    call = make_call()
    submission = make_submission(call, text=LETTER, email="desk@example.org")
    process_submission(submission.pk)
    submission = Submission.objects.select_related("contributor").get(pk=submission.pk)
    probe = _probe(submission)
    assert sorted(MinHashBand.objects.filter(submission=submission).values_list("band", "bucket_hash")) == sorted(
        probe.keys)
    assert sorted(SenderKey.objects.filter(submission=submission).values_list("key_hash", flat=True)) == sorted(
        probe.senders)
    assert hash64(f"id:{submission.contributor_id}") in probe.senders
    assert set(MinHashBand.objects.filter(submission=submission).values_list("call_id", flat=True)) == {call.pk}
