"""What a submitter can do on the public portal: submit, then amend, add files
or withdraw through the private link in their receipt.

New submissions go through ``intake.receive_submission`` like imports; the
status only changes through ``status.change_status``; every other change is
audited here with ``actor_label="submitter"``.

The private link carries a signed token (``django.core.signing``, HMAC with
SECRET_KEY), so no secret needs storing and nobody can forge one for another
submission. It expires after ``PORTAL_LINK_MAX_AGE_DAYS`` (a fresh one is sent to
the sender's address on request) and, once the submission is withdrawn, only reads.

Late senders (decision 0020): a submission that arrived after the deadline may be
changed for ``PORTAL_LATE_AMEND_HOURS`` after it arrived; staff may extend any one
submission (``services.extensions``); the receipt says until when (``editable_until``).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

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


class LinkExpired(Exception):
    """The private link is genuine but too old; a fresh one can be sent to the sender."""


def link_max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PORTAL_LINK_MAX_AGE_DAYS", 180)))


def submission_id_from_token(token: str) -> tuple[int, str] | None:
    """The (id, reference) a token was made for, or None when it was not made by us.

    Raises ``LinkExpired`` for a genuine token older than ``PORTAL_LINK_MAX_AGE_DAYS``.
    """
    try:
        payload = signing.loads(token, salt=settings.PORTAL_LINK_SALT, max_age=link_max_age())
    except signing.SignatureExpired as exc:
        raise LinkExpired(token) from exc
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
    """Queue the receipt e-mail (sent by the task after commit); False when there is no address.

    A mail failure never undoes the submission; ``SUBMISSION_RECEIPT_SENT`` is recorded when the
    outbox really sends it (``messages.send_message``).
    """
    if not submission.contact_email:
        return False
    from submissions.services.messages import send_soon  # every e-mail passes the outbox (decision 0016)

    send_soon(submission.call, kind="receipt", to=submission.contact_email, subject=subject, body=body,
              language=submission.language or submission.call.original_language, submission=submission)
    return True


def send_fresh_link(reference: str, email: str, *, subject: str, body_for: Callable[[Submission, str], str]) -> bool:
    """E-mail a fresh private link when ``reference`` and ``email`` match a submission; audited.

    The page answers the same either way, so nobody learns which references exist.
    """
    submission = (Submission.objects.select_related("call")
                  .filter(reference__iexact=reference.strip(), contact_email__iexact=email.strip()).first())
    if submission is None or not submission.contact_email:
        return False
    from submissions.services.messages import send_now  # every e-mail passes the outbox (decision 0016)

    token = private_token(submission)
    if not send_now(submission.call, kind="receipt", to=submission.contact_email,
                    subject=subject % {"reference": submission.reference}, body=body_for(submission, token),
                    language=submission.language or submission.call.original_language, submission=submission):
        return False
    record_event(AuditAction.PRIVATE_LINK_SENT, actor_label="system", submission=submission, obj=submission,
                 after={"to": submission.contact_email})
    return True


# --- Changes through the private link ------------------------------------------------

def late_amend_window() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "PORTAL_LATE_AMEND_HOURS", 24)))


def late_window_open(submission: Submission) -> bool:
    """A late sender may still change what they sent for a while after it arrived."""
    call = submission.call
    return (submission.received_at > call.deadline and call.status == CallStatus.OPEN
            and timezone.now() <= submission.received_at + late_amend_window())


def editable_until(submission: Submission) -> dt.datetime | None:
    """Until when the sender may change the submission (what the receipt promises); None once withdrawn."""
    from submissions.services.extensions import active_extension

    if submission.status == S.WITHDRAWN:
        return None
    until = submission.call.deadline
    if submission.received_at > submission.call.deadline:
        until = max(until, submission.received_at + late_amend_window())
    extension = active_extension(submission)
    return max(until, extension.until) if extension is not None else until


def change_refusal(submission: Submission) -> str | None:
    """Why the sender may not change the submission now (a code), or None."""
    if submission.status == S.WITHDRAWN:
        return "withdrawn"
    if (submission.call.is_past_deadline or submission.call.status != CallStatus.OPEN) \
            and not late_window_open(submission):
        from submissions.services.extensions import active_extension  # staff's extension for a late sender

        if active_extension(submission) is None:
            return "deadline"
    if submission.status not in EDITABLE_STATUSES:
        return "in-review"
    return None


def can_withdraw(submission: Submission) -> bool:
    """Withdrawal follows the workflow's rules, while changes are possible (deadline, late window)."""
    if (submission.call.is_past_deadline or submission.call.status != CallStatus.OPEN) \
            and not late_window_open(submission):
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
