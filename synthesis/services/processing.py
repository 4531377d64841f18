"""Processing a stored submission: extract, detect language, count words.

Idempotent: running it twice gives the same result, so a retried or
re-queued job is harmless.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import prefetch_related_objects

from submissions.filetypes import classify
from submissions.models import Attachment, Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus, ScanVerdict
from submissions.selectors import submission_full_text
from submissions.services.search_index import indexed_from
from submissions.services.status import TransitionError, change_status
from synthesis import antivirus, ocr
from synthesis.extraction import Extracted, ExtractionRefused, extract
from synthesis.language_detection import language_shares_and_words, main_language
from synthesis.services.duplicates import detect_repeat, inherit_suggestions
from synthesis.services.suggestions import suggest_themes

log = logging.getLogger(__name__)

# READY is included so a submission amended while its job ran is processed again.
PROCESSABLE = {SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING, SubmissionStatus.READY}


def max_extracted_chars() -> int:
    """Text kept per file: far more than a report can use (about 150,000 words), the rest is flagged."""
    return int(settings.RAPPORTEUR.get("MAX_EXTRACTED_CHARS", 1_000_000))


class Withdrawn(Exception):
    """The sender withdrew the submission while it was being processed: stop, change nothing more."""


def _bounded(result: Extracted) -> tuple[Extracted, bool]:
    """Cut the text (and the pages) at the limit; say whether anything was cut."""
    limit = max_extracted_chars()
    if len(result.text) <= limit:
        return result, False
    pages: list[str] = []
    used = 0
    for page in result.pages:
        if used >= limit:
            break
        pages.append(page[: limit - used])
        used += len(pages[-1])
    return Extracted(text=result.text[:limit], pages=pages, needs_ocr=result.needs_ocr), True


def extract_attachment(attachment: Attachment) -> None:
    """Fill in an attachment's text, or record why it cannot be used.

    Bounded: archives are checked for expansion per member and in total, the text kept is
    capped, OCR reads a limited number of pages. Any error, of any type, ends the file as
    "could not be read" with a reason the sender sees; only transient errors (database,
    scanner unreachable) go back to the task for a retry.
    """
    if attachment.extraction_status in (ExtractionStatus.REFUSED, ExtractionStatus.DONE, ExtractionStatus.NEEDS_OCR,
                                        ExtractionStatus.FAILED):
        return
    fields = ["extracted_text", "pages", "extraction_status", "extraction_error", "scan_verdict", "text_truncated"]
    name = attachment.original_name
    # Storage errors (file gone, disk unreadable) are ours, not the file's: they fail the job,
    # which staff see and retry; they do not mark the file unreadable.
    with attachment.file.open("rb") as handle:
        data = handle.read()
    try:
        verdict = classify(data)
        if not verdict.accepted or verdict.kind is None:  # accepted implies a kind
            raise ExtractionRefused(verdict.reason)
        if antivirus.enabled():
            threat = antivirus.scan(data)
            attachment.scan_verdict = ScanVerdict.INFECTED if threat else ScanVerdict.CLEAN
            if threat:
                raise ExtractionRefused(f"a virus was found ({threat}); the file is quarantined")
        result = extract(verdict.kind, data)
        if result.needs_ocr and ocr.available():
            pages = ocr.ocr_pdf(data, attachment.submission.declared_language)
            result = Extracted(text="\n\n".join(pages).strip(), pages=pages)
            result.needs_ocr = not result.text
        result, truncated = _bounded(result)
    except ExtractionRefused as exc:
        attachment.extraction_status = ExtractionStatus.REFUSED
        attachment.extraction_error = f"{name}: {exc}"
    except (OperationalError, ConnectionError):
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a hostile file makes a parser do, the file ends visibly
        log.warning("could not read %s (attachment %s): %s: %s", name, attachment.pk, type(exc).__name__, exc)
        attachment.extraction_status = ExtractionStatus.FAILED
        attachment.extraction_error = f"{name}: the file could not be read ({_plain_reason(exc)})"
    else:
        attachment.extracted_text = result.text
        attachment.pages = result.pages
        attachment.text_truncated = truncated
        attachment.extraction_status = ExtractionStatus.NEEDS_OCR if result.needs_ocr else ExtractionStatus.DONE
        errors = []
        if result.needs_ocr:
            errors.append(f"{name}: no text layer (scanned pages); needs OCR")
        if truncated:
            errors.append(f"{name}: very long; only the first {max_extracted_chars():,} characters are used")
        attachment.extraction_error = "; ".join(errors)
    attachment.save(update_fields=fields)


def _plain_reason(exc: BaseException) -> str:
    """A short reason for the sender; the details stay in the log."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    if "SoftTimeLimit" in type(exc).__name__:
        return "it took too long to read"
    if isinstance(exc, MemoryError):
        return "it is too large to read"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check_not_withdrawn(submission_id: int) -> None:
    if Submission.objects.filter(pk=submission_id, status=SubmissionStatus.WITHDRAWN).exists():
        raise Withdrawn(submission_id)


def _readable_text(submission: Submission, attachments: list[Attachment]) -> str:
    """What can be read: the typed text and the files' text. A title alone is not a submission."""
    parts = [submission.text, *(a.extracted_text for a in attachments if a.usable)]
    return "\n\n".join(part for part in parts if part and part.strip())


def process_submission(submission_id: int) -> Submission:
    """Run every processing step on one submission and mark it ready (or duplicate, or rejected).

    A withdrawal while it runs stops it cleanly: nothing after the withdrawal changes the status.
    """
    with transaction.atomic():
        # The status check and the change to *processing* on one locked read, with the call and the
        # sender every later step reads (issue 15: each read of the row is CPU of the run).
        submission = (Submission.objects.select_for_update(of=("self",)).select_related("call", "contributor")
                      .get(pk=submission_id))
        if submission.status not in PROCESSABLE:
            return submission
        change_status(submission, SubmissionStatus.PROCESSING, actor_label="system", locked=True)
    try:
        prefetch_related_objects([submission], "attachments")
        attachments = list(submission.attachments.all())
        extracting = any(a.extraction_status == ExtractionStatus.PENDING for a in attachments)
        for attachment in attachments:
            _check_not_withdrawn(submission_id)
            extract_attachment(attachment)
        if extracting:
            # Read once more after reading the files (an amendment or a withdrawal may have landed
            # meanwhile), with the call, the sender and the files, for every later step. With nothing
            # to read, the row and files read just now are as current as a second read would be.
            submission.refresh_from_db(from_queryset=Submission.objects.select_related("call", "contributor"))
            if submission.status == SubmissionStatus.WITHDRAWN:  # the read above is the check
                raise Withdrawn(submission_id)
            prefetch_related_objects([submission], "attachments")
            attachments = list(submission.attachments.all())
        text = submission_full_text(submission)
        file_errors = [a.extraction_error for a in attachments if a.extraction_error]
        shares, words = language_shares_and_words(text)  # the words counted once, for both
        with transaction.atomic():
            submission.language_shares = shares
            submission.detected_language = main_language(text, shares)
            submission.word_count = words
            submission.errors = _merge_errors(submission.errors, file_errors)
            submission.save(update_fields=["language_shares", "detected_language", "word_count", "errors",
                                           "updated_at"])
        if not _readable_text(submission, attachments).strip() and not any(
            a.extraction_status == ExtractionStatus.NEEDS_OCR for a in attachments
        ):
            with indexed_from(submission):
                return change_status(
                    submission, SubmissionStatus.REJECTED, actor_label="system",
                    reason="no readable text in the submission: " + ("; ".join(file_errors) or "it is empty"),
                )
        _check_not_withdrawn(submission_id)
        # Duplicates first: a copy (a campaign letter or a re-submission) takes its original's
        # themes and evidence instead of being embedded again (decision 0021).
        repeat = detect_repeat(submission)
        if repeat is None or not inherit_suggestions(submission, repeat.original):
            suggest_themes(submission)
        if repeat is not None and repeat.resent:
            return submission
        with indexed_from(submission):  # the search document from this run's sender and files
            return change_status(submission, SubmissionStatus.READY, actor_label="system")
    except (Withdrawn, TransitionError):
        current = Submission.objects.get(pk=submission_id)
        if current.status == SubmissionStatus.WITHDRAWN:
            log.info("submission %s was withdrawn while being processed; stopped", submission_id)
            return current
        raise


def give_up(submission_id: int, reason: str) -> None:
    """Processing cannot finish: the pending files end "could not be read" and the submission is
    rejected with that reason when nothing else is readable, so nobody is told "being processed" for ever."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.status not in PROCESSABLE:
        return
    for attachment in submission.attachments.filter(extraction_status=ExtractionStatus.PENDING):
        attachment.extraction_status = ExtractionStatus.FAILED
        attachment.extraction_error = f"{attachment.original_name}: {reason}"
        attachment.save(update_fields=["extraction_status", "extraction_error"])
    attachments = list(submission.attachments.all())
    file_errors = [a.extraction_error for a in attachments if a.extraction_error]
    submission.errors = _merge_errors(submission.errors, file_errors)
    submission.save(update_fields=["errors", "updated_at"])
    try:
        if _readable_text(submission, attachments).strip():
            change_status(submission, SubmissionStatus.READY, actor_label="system")
        else:
            change_status(submission, SubmissionStatus.REJECTED, actor_label="system",
                          reason="no readable text in the submission: " + "; ".join(file_errors or [reason]))
    except TransitionError:
        log.info("submission %s changed while giving up on its processing", submission_id)


def _merge_errors(existing: list[str], new: list[str]) -> list[str]:
    return list(dict.fromkeys([*existing, *new]))
