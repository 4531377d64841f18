"""Messages for refused staff actions, in the officer's language.

Services raise exceptions with English text for logs; the person reads these.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from submissions.models import Submission, SubmissionStatus
from submissions.services.excerpts import ExcerptError
from submissions.services.status import REASON_REQUIRED, TransitionError
from submissions.services.triage import TriageError


def status_label(value: str) -> str:
    """What staff call a state, in their language."""
    try:
        return str(SubmissionStatus(value).label)
    except ValueError:
        return value


def transition_message(current: str, target: str, reason: str = "") -> str:
    if target in REASON_REQUIRED and not reason.strip() and current != target:
        return _("Give a reason to mark a submission “%(status)s”.") % {
            "status": status_label(target)}
    return _("A submission that is “%(current)s” cannot become “%(target)s”.") % {
        "current": status_label(current), "target": status_label(target)}


def error_message(exc: Exception, submission: Submission | None = None, target: str = "", reason: str = "") -> str:
    """A translated sentence for what went wrong."""
    if isinstance(exc, TransitionError):
        if submission is not None and target:
            return transition_message(submission.status, target, reason)
        return str(exc)
    if isinstance(exc, TriageError):
        return {
            "not-member": _("That person is not on this call."),
            "empty-note": _("A note cannot be empty."),
            "not-failed": _("Only a failed processing job can be retried."),
        }.get(exc.code, str(exc))
    if isinstance(exc, ExcerptError):
        return {
            "empty": _("Select a passage first."),
            "too-long": _("An excerpt can be at most 5,000 characters."),
            "not-found": _("That passage is not in the submission's text."),
            "theme": _("That theme belongs to another call."),
        }.get(exc.code, str(exc))
    if isinstance(exc, ValueError) and "same call" in str(exc):
        return _("A submission can only repeat another submission of the same call.")
    return str(exc)
