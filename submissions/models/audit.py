"""The audit trail: who changed what, when, from what to what."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Every kind of event the trail records; the label is the history page's sentence.

    Labels are templates over the event's ``before``/``after`` values (see
    ``staff.history``); whether the sender may see an event is ``submitter_visible``.
    """

    SUBMISSION_RECEIVED = "submission.received", _("Received")
    SUBMISSION_STATUS = "submission.status", _("Status changed from “%(before)s” to “%(after)s”")
    SUBMISSION_AMENDED = "submission.amended", _("Changed by the sender: %(fields)s")
    SUBMISSION_FILES_ADDED = "submission.files_added", _("Files added by the sender")
    SUBMISSION_RECEIPT_SENT = "submission.receipt_sent", _("Receipt sent by e-mail")
    SUBMISSION_WITHDRAWAL_REASON = "submission.withdrawal_reason", _("Reason for withdrawal: %(reason)s")
    SUBMISSION_ASSIGNED = "submission.assigned", _("Assigned to %(user)s")
    SUBMISSION_DUPLICATE_FOUND = "submission.duplicate_found", _("Found to repeat %(reference)s")
    SUBMISSION_DUPLICATE_MARKED = "submission.duplicate_marked", _("Marked as a duplicate of %(reference)s")
    SUBMISSION_DUPLICATE_UNDONE = (
        "submission.duplicate_undone", _("Not a duplicate (was marked as repeating %(reference)s)"))
    THEME_DECIDED = "theme.decided", _("Theme “%(theme)s” accepted")
    THEME_ADDED = "theme.added", _("Theme “%(theme)s” added")
    THEMES_SUGGESTED = "themes.suggested", _("Themes suggested: %(themes)s")
    NOTE_ADDED = "note.added", _("Note: %(text)s")
    EXCERPT_SAVED = "excerpt.saved", _("Excerpt saved for “%(theme)s”: “%(text)s”")
    EXCERPT_DELETED = "excerpt.deleted", _("Excerpt for “%(theme)s” deleted")
    PROCESSING_RETRIED = "processing.retried", _("Processing retried")
    PUBLICATION_APPROVED = "publication.approved", _("Approved for publication on the inputs page")
    PUBLICATION_REFUSED = "publication.refused", _("Not to be published on the inputs page")
    PRIVATE_LINK_SENT = "submission.private_link_sent", _("A new private link was sent by e-mail")
    CALL_CREATED = "call.created", _("Call created")
    CALL_EXPORTED = "call.exported", _("Call exported")
    CALL_MEMBER_SET = "call.member_set", _("%(user)s put on the call as %(role)s")
    CALL_MEMBER_REMOVED = "call.member_removed", _("%(user)s taken off the call")
    CALL_UPDATED = "call.updated", _("Call changed: %(fields)s")
    CALL_OPENED = "call.opened", _("Call opened")
    CALL_CLOSED = "call.closed", _("Call closed")
    CALL_THEMES_SET = "call.themes_set", _("Themes changed: %(themes)s")
    CALL_NOTE_VERBALE = "call.note_verbale", _("Note verbale uploaded (%(language)s)")
    CALL_INVITATION_SENT = "call.invitation_sent", _("%(email)s invited as %(role)s")
    CALL_INVITATION_ACCEPTED = "call.invitation_accepted", _("%(user)s accepted the invitation as %(role)s")
    CALL_INVITATION_REVOKED = "call.invitation_revoked", _("Invitation to %(email)s withdrawn")
    MESSAGE_DRAFTED = "message.drafted", _("E-mail drafted to %(to)s: “%(subject)s”")
    MESSAGE_APPROVED = "message.approved", _("E-mail approved for sending to %(to)s: “%(subject)s”")
    MESSAGE_SENT = "message.sent", _("E-mail sent to %(to)s: “%(subject)s”")
    MESSAGE_FAILED = "message.failed", _("E-mail to %(to)s could not be sent: %(error)s")
    SUBMISSION_EXTENSION_SET = "submission.extension_set", _("%(person)s may amend until %(until)s")
    REPORT_DRAFTED = "report.drafted", _("Report drafted")
    REPORT_BUILT = "report.built", _("Report built")
    REPORT_PARAGRAPH_EDITED = "report.paragraph_edited", _("Paragraph edited")
    REPORT_PARAGRAPH_ADDED = "report.paragraph_added", _("Paragraph added")
    REPORT_PARAGRAPH_DELETED = "report.paragraph_deleted", _("Paragraph deleted")
    REPORT_PARAGRAPH_MOVED = "report.paragraph_moved", _("Paragraph moved")
    CONTRIBUTOR_NAME_SET = "contributor.name_set", _("Name for reports in %(language)s set to “%(text)s”")
    # Themes the call did not name (decision 0017): proposed from the submissions, decided by staff.
    CANDIDATES_PROPOSED = "candidates.proposed", _("Looked for themes the call did not name")
    CANDIDATE_ADOPTED = "candidate.adopted", _("Proposed theme “%(text)s” adopted as “%(theme)s”")
    CANDIDATE_MERGED = "candidate.merged", _("Proposed theme “%(text)s” merged into “%(theme)s”")
    CANDIDATE_DISMISSED = "candidate.dismissed", _("Proposed theme “%(text)s” dismissed")

    @property
    def submitter_visible(self) -> bool:
        """The sender sees their own actions and the arrival, never staff work."""
        return self in SUBMITTER_VISIBLE_ACTIONS


SUBMITTER_VISIBLE_ACTIONS: frozenset[AuditAction] = frozenset({
    AuditAction.SUBMISSION_RECEIVED,
    AuditAction.SUBMISSION_AMENDED,
    AuditAction.SUBMISSION_FILES_ADDED,
    AuditAction.SUBMISSION_RECEIPT_SENT,
    AuditAction.SUBMISSION_WITHDRAWAL_REASON,
    AuditAction.MESSAGE_SENT,
})


class AuditEvent(models.Model):
    """An immutable record of one change.

    ``actor`` is the staff user when there is one; ``actor_label`` says who
    acted otherwise (``system``, ``import``, ``submitter``).
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=60, db_index=True, choices=AuditAction.choices)
    call = models.ForeignKey(
        "submissions.Call", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def who(self) -> str:
        if self.actor is not None:
            return self.actor.get_username()
        return self.actor_label or "system"
