"""The hostile corpus (tests/data/hostile/, generated): each file ends refused or read, in bounded time,
with the right status, and never stuck in "processing"."""
from __future__ import annotations

import time

import pytest

from submissions.filetypes import classify
from submissions.models import Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus
from submissions.services.intake import IncomingFile
from synthesis import ocr
from synthesis.models import JobState, ProcessingJob
from tests.data.hostile import make_hostile_files as hostile
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def bomb_docx() -> bytes:
    return hostile.docx_190mb_xml()


def _processed(submission: Submission) -> Submission:
    submission.refresh_from_db()
    return submission


def test_190mb_xml_docx_is_refused_at_intake_in_bounded_time(bomb_docx, eager_celery):
    assert len(bomb_docx) < 4 * 1024 * 1024  # about 3 MB sent, under every upload limit
    started = time.monotonic()
    verdict = classify(bomb_docx)
    assert not verdict.accepted and verdict.code == "bomb"
    assert "compression bomb" in verdict.reason
    call = make_call()
    submission = make_submission(call, text="", files=[IncomingFile("report.docx", bomb_docx)])
    assert time.monotonic() - started < 10
    submission = _processed(submission)
    assert submission.status == SubmissionStatus.REJECTED
    assert "compression bomb" in submission.status_reason
    # Nothing of the 190 MB was ever stored as text.
    assert all(len(a.extracted_text) == 0 for a in submission.attachments.all())


def test_one_oversized_xml_part_is_refused_even_under_the_total_limit():
    data = hostile.docx_190mb_xml(target_bytes=40 * 1024 * 1024)  # 40 MB in one XML part, 120 MB total allowed
    verdict = classify(data)
    assert not verdict.accepted and verdict.code == "bomb"
    assert "word/document.xml" in verdict.reason


def test_a_normal_submission_is_not_held_up_by_the_bomb(bomb_docx, eager_celery):
    call = make_call()
    make_submission(call, text="", files=[IncomingFile("report.docx", bomb_docx)])
    normal = make_submission(call, text="Debt relief and development finance are essential for recovery.")
    assert _processed(normal).status == SubmissionStatus.READY


@pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")
def test_2000_blank_pages_pdf_is_refused_without_49_minutes_of_ocr(eager_celery):
    data = hostile.blank_pdf(2000)
    started = time.monotonic()
    submission = make_submission(make_call(), text="", files=[IncomingFile("scan.pdf", data)])
    elapsed = time.monotonic() - started
    submission = _processed(submission)
    attachment = submission.attachments.get()
    assert attachment.extraction_status == ExtractionStatus.REFUSED
    assert "2,000 scanned pages" in attachment.extraction_error
    assert submission.status == SubmissionStatus.REJECTED
    assert ProcessingJob.objects.get(submission=submission).state == JobState.DONE
    assert elapsed < 30, elapsed


@pytest.mark.parametrize("name, make", [
    ("xxe-late.docx", hostile.docx_with_late_doctype),
    ("billion-laughs-late.odt", hostile.odt_with_late_doctype),
])
def test_dtd_past_the_4kb_head_ends_visibly_refused_not_stuck(name, make, eager_celery):
    data = make()
    assert classify(data).accepted  # the intake's 4 KB head check does not see it...
    submission = _processed(make_submission(make_call(), text="", title="A title is not content",
                                            files=[IncomingFile(name, data)]))
    attachment = submission.attachments.get()
    # ...processing does, before any parser runs: refused with the reason, never "processing".
    assert attachment.extraction_status == ExtractionStatus.REFUSED
    assert "DTD or entity" in attachment.extraction_error
    assert "root:" not in attachment.extracted_text
    assert submission.status == SubmissionStatus.REJECTED  # the title alone does not count
    assert "no readable text" in submission.status_reason
    assert ProcessingJob.objects.get(submission=submission).state == JobState.DONE


def test_zip_with_an_exe_named_docx_is_refused_with_its_reason(eager_celery):
    verdict = classify(hostile.docx_with_exe())
    assert not verdict.accepted and verdict.code == "zip"
    submission = _processed(make_submission(make_call(), text="", files=[
        IncomingFile("input.docx", hostile.docx_with_exe())]))
    assert submission.status == SubmissionStatus.REJECTED


def test_a_parser_crash_of_any_type_ends_the_file_could_not_be_read(eager_celery):
    # A truncated PDF that passes the type check; whatever pdfium raises, the file ends visibly.
    data = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" * 50
    submission = _processed(make_submission(make_call(), text="Some typed text on debt.", files=[
        IncomingFile("broken.pdf", data)]))
    attachment = submission.attachments.get()
    assert attachment.extraction_status in (ExtractionStatus.REFUSED, ExtractionStatus.FAILED)
    assert attachment.extraction_error.startswith("broken.pdf: ")
    assert submission.status == SubmissionStatus.READY  # the typed text is still read


def test_extracted_text_is_capped_and_flagged(eager_celery, settings):
    settings.RAPPORTEUR = {**settings.RAPPORTEUR, "MAX_EXTRACTED_CHARS": 5000}
    text = ("International cooperation on debt relief matters. " * 400).encode()
    submission = _processed(make_submission(make_call(), text="", files=[IncomingFile("long.txt", text)]))
    attachment = submission.attachments.get()
    assert len(attachment.extracted_text) == 5000 and attachment.text_truncated
    assert "only the first 5,000 characters" in attachment.extraction_error
    assert submission.status == SubmissionStatus.READY


def test_withdrawn_before_its_job_runs_stops_cleanly(eager_celery):
    from submissions.services.status import change_status
    from synthesis.services.processing import process_submission

    submission = make_submission(make_call(), text="Debt relief.")
    change_status(submission, SubmissionStatus.WITHDRAWN, actor_label="submitter")
    assert process_submission(submission.pk).status == SubmissionStatus.WITHDRAWN
