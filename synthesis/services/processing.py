"""Processing a stored submission: extract, detect language, count words.

Idempotent: running it twice gives the same result, so a retried or
re-queued job is harmless.
"""
from __future__ import annotations

import logging

from django.db import transaction

from submissions.filetypes import classify
from submissions.models import Attachment, Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus
from submissions.selectors import submission_full_text
from submissions.services.status import change_status
from synthesis import antivirus, ocr
from synthesis.extraction import Extracted, ExtractionRefused, extract
from synthesis.language_detection import language_shares, main_language
from synthesis.services.duplicates import detect_duplicate
from synthesis.services.suggestions import suggest_themes
from synthesis.wordcount import count_words

log = logging.getLogger(__name__)

# READY is included so a submission amended while its job ran is processed again.
PROCESSABLE = {SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING, SubmissionStatus.READY}


def extract_attachment(attachment: Attachment) -> None:
    """Fill in an attachment's text, or record why it cannot be used."""
    if attachment.extraction_status in (ExtractionStatus.REFUSED, ExtractionStatus.DONE, ExtractionStatus.NEEDS_OCR):
        return
    with attachment.file.open("rb") as handle:
        data = handle.read()
    verdict = classify(data)
    try:
        if not verdict.accepted:
            raise ExtractionRefused(verdict.reason)
        if antivirus.enabled():
            threat = antivirus.scan(data)
            if threat:
                raise ExtractionRefused(f"a virus was found ({threat}); the file is quarantined")
        result = extract(verdict.kind, data)
    except ExtractionRefused as exc:
        attachment.extraction_status = ExtractionStatus.REFUSED
        attachment.extraction_error = f"{attachment.original_name}: {exc}"
    else:
        if result.needs_ocr and ocr.available():
            result = Extracted(text="", pages=ocr.ocr_pdf(data, attachment.submission.declared_language))
            result.text = "\n\n".join(result.pages).strip()
            result.needs_ocr = not result.text
        attachment.extracted_text = result.text
        attachment.pages = result.pages
        attachment.extraction_status = ExtractionStatus.NEEDS_OCR if result.needs_ocr else ExtractionStatus.DONE
        attachment.extraction_error = (
            f"{attachment.original_name}: no text layer (scanned pages); needs OCR" if result.needs_ocr else ""
        )
    attachment.save(update_fields=["extracted_text", "pages", "extraction_status", "extraction_error"])


def process_submission(submission_id: int) -> Submission:
    """Run every processing step on one submission and mark it ready (or duplicate)."""
    submission = Submission.objects.select_related("call").get(pk=submission_id)
    if submission.status not in PROCESSABLE:
        return submission
    change_status(submission, SubmissionStatus.PROCESSING, actor_label="system")
    for attachment in submission.attachments.all():
        extract_attachment(attachment)
    submission.refresh_from_db()
    attachments = list(submission.attachments.all())
    text = submission_full_text(submission)
    file_errors = [a.extraction_error for a in attachments if a.extraction_error]
    shares = language_shares(text)
    with transaction.atomic():
        submission.language_shares = shares
        submission.detected_language = main_language(text, shares)
        submission.word_count = count_words(text)
        submission.errors = _merge_errors(submission.errors, file_errors)
        submission.save(update_fields=["language_shares", "detected_language", "word_count", "errors", "updated_at"])
    if not text.strip() and not any(a.extraction_status == ExtractionStatus.NEEDS_OCR for a in attachments):
        return change_status(
            submission, SubmissionStatus.REJECTED, actor_label="system",
            reason="no readable text in the submission: " + "; ".join(file_errors),
        )
    suggest_themes(submission)
    if detect_duplicate(submission) is not None:
        return submission
    return change_status(submission, SubmissionStatus.READY, actor_label="system")


def _merge_errors(existing: list[str], new: list[str]) -> list[str]:
    return list(dict.fromkeys([*existing, *new]))
