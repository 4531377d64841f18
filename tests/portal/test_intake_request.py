"""What the submit request does and does not do (issue 13, decision 0020, throughput).

Nothing but validation and storage: the search document is written by processing, not by the
request; files are hashed and stored in chunks from the upload; an oversized body is refused
before anything reads it.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from submissions.models import SearchDocument, Submission, SubmissionStatus
from submissions.search import postgres_query
from submissions.services.intake import CHUNK_BYTES, IncomingFile, IncomingSubmission, receive_submission
from synthesis.services.jobs import run_processing
from tests.factories import make_call
from tests.portal.test_portal import form_data

pytestmark = pytest.mark.django_db

TEXT = "Debt relief and development finance are essential for the recovery of small island States."


@pytest.fixture
def call():
    return make_call(deadline="2999-12-31")


def test_the_submit_request_does_not_index_processing_does_and_search_then_finds_it(call, settings):
    response = Client().post(f"/calls/{call.slug}/submit/", form_data(files=[], text=TEXT))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.RECEIVED  # no worker here: nothing ran after the request
    assert not SearchDocument.objects.filter(submission=submission).exists()

    assert run_processing(submission.pk)  # what the worker runs
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY
    # The staff inbox's full-text match (stemmed: "islands" finds "island").
    found = SearchDocument.objects.filter(call=call, vector=postgres_query("islands"))
    assert list(found.values_list("submission_id", flat=True)) == [submission.pk]


def test_a_submission_rejected_at_intake_is_indexed_at_once(call):
    """It is never processed, so nothing else would index it."""
    rejected = receive_submission(call, IncomingSubmission(contributor_name="", category="ngo", text=TEXT))
    assert rejected.status == SubmissionStatus.REJECTED
    assert "island" in SearchDocument.objects.get(submission=rejected).body


def test_an_upload_larger_than_memory_is_hashed_and_stored_from_its_temporary_file(call, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # past this Django keeps the upload in a temporary file
    content = ("International cooperation on debt relief. " * 20_000).encode()  # ~860 KB, > 3 chunks
    assert len(content) > 3 * CHUNK_BYTES
    response = Client().post(f"/calls/{call.slug}/submit/",
                             form_data(files=[SimpleUploadedFile("reply.txt", content)]))
    assert response.status_code == 302
    attachment = Submission.objects.get().attachments.get()
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert Path(attachment.file.path).read_bytes() == content


def test_incoming_file_from_bytes_or_from_an_upload_hashes_and_sizes_alike():
    content = b"x" * (CHUNK_BYTES * 2 + 17)
    from_bytes = IncomingFile("a.txt", data=content)
    from_upload = IncomingFile("a.txt", source=SimpleUploadedFile("a.txt", content))
    expected = hashlib.sha256(content).hexdigest()
    assert from_bytes.sha256() == from_upload.sha256() == expected
    assert from_bytes.size == from_upload.size == len(content)
    assert [len(c) for c in from_bytes.chunks()] == [CHUNK_BYTES, CHUNK_BYTES, 17]
    assert from_upload.content() == content


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    read_count = 0

    def read(self, size: int = -1) -> bytes:
        type(self).read_count += 1
        raise AssertionError("the body was read")

    readline = read


def test_an_oversized_body_is_refused_from_its_declared_length_without_reading_it(call, settings):
    settings.MAX_REQUEST_BODY_MB = 1
    statuses: list[str] = []
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": f"/calls/{call.slug}/submit/", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": _Unreadable(), "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "multipart/form-data; boundary=zzz", "CONTENT_LENGTH": str(200 * 1024 * 1024),
        "REMOTE_ADDR": "127.0.0.1",
    }
    # As the test client does: the test's own database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses[0].startswith("413")
    assert _Unreadable.read_count == 0
    assert body
    assert Submission.objects.count() == 0
