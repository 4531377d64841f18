"""What a submitter can do on the public portal: submit, then amend, add files
or withdraw through the private link in their receipt.

New submissions go through ``intake.receive_submission`` like imports; the
status only changes through ``status.change_status``; every other change is
audited here with ``actor_label="submitter"``.

The private link carries a signed token (``django.core.signing``, HMAC with
SECRET_KEY), so no secret needs storing and nobody can forge one for another
submission.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction

from submissions.models import AuditAction, Call, Submission, SubmissionStatus
from submissions.models.calls import CallStatus
from submissions.services.audit import record_event
from submissions.services.intake import (
    IncomingFile,
    IncomingSubmission,
    check_file,
    receive_submission,
    store_attachment,
)
from submissions.services.status import ALLOWED_TRANSITIONS, change_status
from submissions.signals import announce_stored

log = logging.getLogger(__name__)

SUBMITTER = "submitter"
S = SubmissionStatus

# A submitter may change a submission while staff have not started reviewing it.
EDITABLE_STATUSES = frozenset({S.RECEIVED, S.PROCESSING, S.READY, S.REJECTED})
# After a change of text or files, these go back through processing.
_REPROCESS_FROM = frozenset({S.READY, S.REJECTED})


class PortalClosed(Exception):
    """The call takes no submission now. ``code`` picks the message shown."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "not-open" | "deadline"


class ChangeRefused(Exception):
    """The submission can no longer be changed by its sender. ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "deadline" | "withdrawn" | "in-review" | "not-allowed"


# --- Limits ------------------------------------------------------------------

@dataclass(frozen=True)
class UploadLimits:
    max_files: int
    max_file_mb: int

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


def upload_limits(call: Call) -> UploadLimits:
    """The call's own limits, else the site defaults."""
    defaults = settings.RAPPORTEUR
    return UploadLimits(
        max_files=call.max_files or defaults["DEFAULT_MAX_FILES"],
        max_file_mb=call.max_file_mb or defaults["DEFAULT_MAX_FILE_MB"],
    )


# --- The private link ----------------------------------------------------------

def private_token(submission: Submission) -> str:
    """An unguessable token naming one submission (its id and reference, signed)."""
    return signing.dumps({"s": submission.pk, "r": submission.reference}, salt=settings.PORTAL_LINK_SALT)


def submission_id_from_token(token: str) -> tuple[int, str] | None:
    """The (id, reference) a token was made for, or None when it was not made by us."""
    try:
        payload = signing.loads(token, salt=settings.PORTAL_LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        return None
    return payload["s"], str(payload.get("r", ""))


# --- Submitting ----------------------------------------------------------------

def check_call_accepts(call: Call) -> None:
    """Raise PortalClosed when the call takes no submission at this moment."""
    if call.status != CallStatus.OPEN:
        raise PortalClosed("not-open")
    if call.is_past_deadline and not call.accepts_late:
        raise PortalClosed("deadline")


def submit(call: Call, incoming: IncomingSubmission) -> Submission:
    """Store a portal submission (one transaction; processing queued on commit)."""
    check_call_accepts(call)
    incoming.source = "portal"
    return receive_submission(call, incoming, actor_label=SUBMITTER)


def send_receipt(submission: Submission, *, subject: str, body: str) -> bool:
    """E-mail the receipt; a mail failure never undoes the submission."""
    if not submission.contact_email:
        return False
    try:
        send_mail(subject, body, None, [submission.contact_email])
    except Exception:  # SMTP errors vary; the receipt page still has the link
        log.exception("could not e-mail the receipt of %s", submission.reference)
        return False
    record_event(
        AuditAction.SUBMISSION_RECEIPT_SENT,
        actor_label="system",
        submission=submission,
        obj=submission,
        after={"to": submission.contact_email},
    )
    return True


# --- Changes through the private link ------------------------------------------------

def change_refusal(submission: Submission) -> str | None:
    """Why the sender may not change the submission now (a code), or None."""
    if submission.status == S.WITHDRAWN:
        return "withdrawn"
    if submission.call.is_past_deadline or submission.call.status != CallStatus.OPEN:
        return "deadline"
    if submission.status not in EDITABLE_STATUSES:
        return "in-review"
    return None


def can_withdraw(submission: Submission) -> bool:
    """Withdrawal follows the workflow's rules, before the deadline."""
    if submission.call.is_past_deadline or submission.call.status != CallStatus.OPEN:
        return False
    return S.WITHDRAWN in ALLOWED_TRANSITIONS[submission.status]


def _locked(submission: Submission) -> Submission:
    current = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    refusal = change_refusal(current)
    if refusal:
        raise ChangeRefused(refusal)
    return current


def _reprocess_on_commit(submission: Submission) -> None:
    """Send a changed submission back through processing once the change is committed."""
    if submission.status in _REPROCESS_FROM:
        change_status(submission, S.PROCESSING, actor_label=SUBMITTER)
    announce_stored(submission.pk, "changed")


def amend(submission: Submission, *, title: str, text: str, consent_to_publish: bool) -> Submission:
    """Change the title, text or consent; audited with before and after."""
    with transaction.atomic():
        current = _locked(submission)
        new = {"title": title.strip()[:500], "text": text.strip(), "consent_to_publish": consent_to_publish}
        before = {k: getattr(current, k) for k in new if getattr(current, k) != new[k]}
        if not before:
            return current
        for key in before:
            setattr(current, key, new[key])
        current.save(update_fields=[*before, "updated_at"])
        record_event(
            AuditAction.SUBMISSION_AMENDED,
            actor_label=SUBMITTER,
            submission=current,
            obj=current,
            before=before,
            after={k: new[k] for k in before},
        )
        if "text" in before:
            _reprocess_on_commit(current)
    return current


def add_files(submission: Submission, files: list[IncomingFile]) -> Submission:
    """Store more files, each checked (size, then type by content) as at intake; audited."""
    with transaction.atomic():
        current = _locked(submission)
        limits = upload_limits(current.call)
        if current.attachments.count() + len(files) > limits.max_files:
            raise ChangeRefused("too-many-files")
        stored = [store_attachment(current, f, check_file(current.call, f)) for f in files]
        refused = [a.extraction_error for a in stored if a.extraction_error]
        if refused:
            current.errors = list(dict.fromkeys([*current.errors, *refused]))
            current.save(update_fields=["errors", "updated_at"])
        record_event(
            AuditAction.SUBMISSION_FILES_ADDED,
            actor_label=SUBMITTER,
            submission=current,
            obj=current,
            after={"files": [{"name": a.original_name, "size": a.size, "sha256": a.sha256} for a in stored]},
        )
        if any(not a.extraction_error for a in stored):
            _reprocess_on_commit(current)
    return current


def withdraw(submission: Submission, *, reason: str = "") -> Submission:
    """Withdraw at the sender's request (the workflow's own transition, audited)."""
    current = Submission.objects.select_related("call").get(pk=submission.pk)
    if not can_withdraw(current):
        raise ChangeRefused("withdrawn" if current.status == S.WITHDRAWN else "not-allowed")
    with transaction.atomic():
        current = change_status(current, S.WITHDRAWN, actor_label=SUBMITTER)
        if reason.strip():
            record_event(
                AuditAction.SUBMISSION_WITHDRAWAL_REASON,
                actor_label=SUBMITTER,
                submission=current,
                obj=current,
                note=reason.strip()[:2000],
            )
    return current
