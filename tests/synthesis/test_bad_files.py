"""The corpus of bad files (tests/data/bad/): each gets a clear outcome, nothing crashes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from submissions.models import Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus
from submissions.services.intake import IncomingFile
from synthesis.extraction import arabic_looks_reversed, extract_html, restore_arabic_order
from synthesis.models import JobState
from tests.conftest import TEST_DATA, UDHR
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)
BAD = TEST_DATA / "bad"


def submit_file(name: str, data: bytes | None = None, **fields) -> Submission:
    payload = data if data is not None else (BAD / name).read_bytes()
    submission = make_submission(make_call(), text="", files=[IncomingFile(name=name, data=payload)], **fields)
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated.pdf", "damaged"),
        ("encrypted.pdf", "password-protected"),
        ("elf-renamed.pdf", "executable programs are refused"),
        ("zip-bomb.docx", "compression bomb"),
        ("xxe.docx", "DTD or entity declarations"),
        ("macro.docx", "macros are refused"),
        ("empty.pdf", "the file is empty"),
        ("empty.txt", "the file is empty"),
    ],
)
def test_bad_file_is_refused_with_a_clear_reason(eager_celery, name, reason):
    submission = submit_file(name)
    assert submission.status == SubmissionStatus.REJECTED
    assert reason in submission.status_reason
    attachment = submission.attachments.get()
    assert attachment.extraction_status == ExtractionStatus.REFUSED
    assert attachment.original_name == name and attachment.sha256  # recorded, not lost
    job = getattr(submission, "processing_job", None)
    assert job is None or job.state == JobState.DONE  # no worker crash, no failed job


def test_bad_file_next_to_a_good_text_keeps_the_submission(eager_celery):
    submission = make_submission(
        make_call(), text="Our reply on development finance and debt relief for small island States.",
        files=[IncomingFile("xxe.docx", (BAD / "xxe.docx").read_bytes())],
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.READY
    assert any("xxe.docx" in error and "DTD" in error for error in submission.errors)


def test_thirty_megabyte_file_is_refused_and_not_stored(eager_celery, settings):
    data = b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024)
    submission = submit_file("huge.pdf", data)
    assert submission.status == SubmissionStatus.REJECTED
    assert "the limit is 20 MB" in submission.status_reason
    attachment = submission.attachments.get()
    assert attachment.size == len(data) and not attachment.file
    assert not any(Path(settings.MEDIA_ROOT).rglob("*")) or all(
        p.is_dir() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="make install installs tesseract-ocr")
def test_image_only_pdf_is_read_by_ocr(eager_celery):
    submission = submit_file("image-only.pdf", language="en")
    attachment = submission.attachments.get()
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert "equitable" in attachment.extracted_text and "vaccines" in attachment.extracted_text
    assert submission.status == SubmissionStatus.READY
    assert submission.detected_language == "en"


def test_image_only_pdf_without_ocr_is_flagged_not_rejected(eager_celery, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # as on a server without Tesseract
    submission = submit_file("image-only.pdf")
    assert submission.attachments.get().extraction_status == ExtractionStatus.NEEDS_OCR
    assert submission.status == SubmissionStatus.READY
    assert any("needs OCR" in error for error in submission.errors)


def test_visual_order_arabic_is_put_back_in_logical_order():
    text = extract_html((UDHR / "arb.html").read_bytes()).text[:4000]
    visual = restore_arabic_order(text)  # the transformation is its own inverse
    assert not arabic_looks_reversed(text)
    assert arabic_looks_reversed(visual)
    assert restore_arabic_order(visual) == text
