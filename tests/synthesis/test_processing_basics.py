"""Processing a stored submission: real files in, text, language and word count out."""
from __future__ import annotations

import pytest

from submissions.models import SubmissionStatus
from submissions.models.files import ExtractionStatus
from submissions.services.intake import IncomingFile
from synthesis.models import JobState
from tests.conftest import REAL_FILES, UDHR
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)


def real(path: str) -> IncomingFile:
    file = REAL_FILES / path
    return IncomingFile(name=file.name, data=file.read_bytes())


def test_multi_page_pdf_is_extracted_page_by_page(eager_celery):
    submission = make_submission(make_call(), text="", files=[real("004-pdflatex-4-pages/pdflatex-4-pages.pdf")])
    submission.refresh_from_db()
    attachment = submission.attachments.get()
    assert submission.status == SubmissionStatus.READY
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert len(attachment.pages) == 4
    assert attachment.detected_type == "application/pdf"
    assert submission.detected_language == "en" and submission.word_count > 50
    assert submission.processing_job.state == JobState.DONE


def test_password_protected_pdf_is_refused_with_a_reason(eager_celery):
    submission = make_submission(
        make_call(), text="", files=[real("005-libreoffice-writer-password/libreoffice-writer-password.pdf")]
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert "password-protected" in submission.status_reason
    assert submission.attachments.get().extraction_status == ExtractionStatus.REFUSED


@pytest.mark.parametrize(
    ("udhr", "language"),
    [("arb.html", "ar"), ("cmn_hans.html", "zh"), ("eng.html", "en"),
     ("fra.html", "fr"), ("rus.html", "ru"), ("spa.html", "es")],
)
def test_html_in_each_un_language_is_read_and_detected(eager_celery, udhr, language):
    data = (UDHR / udhr).read_bytes()
    submission = make_submission(make_call(), text="", files=[IncomingFile(name=udhr, data=data)])
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY
    assert submission.detected_language == language
    assert submission.word_count > 1000


def test_processing_twice_gives_the_same_result(eager_celery):
    from synthesis.services.processing import process_submission

    submission = make_submission(make_call(), text="", files=[real("001-trivial/minimal-document.pdf")])
    submission.refresh_from_db()
    first = (submission.status, submission.word_count, submission.detected_language)
    process_submission(submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.word_count, submission.detected_language) == first


def test_a_failed_job_is_visible_and_retryable(eager_celery, settings):
    """A storage glitch (file gone) fails the job with its error; a retry completes it."""
    from pathlib import Path

    from synthesis.services.jobs import queue_processing, retry_failed

    call = make_call()
    with_file = make_submission(call, text="", files=[real("001-trivial/minimal-document.pdf")])
    with_file.refresh_from_db()
    attachment = with_file.attachments.get()
    path = Path(attachment.file.path)
    saved = path.read_bytes()
    # Reset to a fresh, unprocessed state and lose the file on disk.
    from submissions.services.status import change_status

    change_status(with_file, SubmissionStatus.PROCESSING, actor_label="system")
    type(attachment).objects.filter(pk=attachment.pk).update(extraction_status=ExtractionStatus.PENDING)
    path.unlink()
    queue_processing(with_file.pk)
    with_file.refresh_from_db()
    job = with_file.processing_job
    assert job.state == JobState.FAILED and "FileNotFoundError" in job.error
    path.write_bytes(saved)
    retry_failed(with_file, actor=None, actor_label="test")
    with_file.refresh_from_db()
    assert with_file.processing_job.state == JobState.DONE
    assert with_file.status == SubmissionStatus.READY
