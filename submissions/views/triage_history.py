"""The audit trail of a submission as sentences staff can read."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from ..forms_triage import STAFF_STATUS_LABELS
from ..models import AuditEvent, Theme


def _status(value: Any) -> str:
    return str(STAFF_STATUS_LABELS.get(value, value or "—"))


def describe(event: AuditEvent, theme_names: dict[str, str]) -> str:
    """One sentence for one event; unknown actions show their code."""
    before, after = event.before or {}, event.after or {}

    def theme(key: str | None) -> str:
        return theme_names.get(key or "", key or "")

    action = event.action
    if action == "submission.received":
        return _("Received")
    if action == "submission.status":
        text = _("Status changed from “%(before)s” to “%(after)s”") % {
            "before": _status(before.get("status")), "after": _status(after.get("status"))}
        if after.get("reason"):
            text += " — " + _("reason: %(reason)s") % {"reason": after["reason"]}
        return text
    if action == "theme.decided":
        template = _("Theme “%(theme)s” accepted") if after.get("accepted") else _("Theme “%(theme)s” rejected")
        return template % {"theme": theme(after.get("theme"))}
    if action == "theme.added":
        return _("Theme “%(theme)s” added") % {"theme": theme(after.get("theme"))}
    if action == "themes.suggested":
        names = ", ".join(theme(key) for key in (after.get("themes") or {}))
        return _("Themes suggested: %(themes)s") % {"themes": names or "—"}
    if action == "submission.duplicate_found":
        return _("Found to repeat %(reference)s") % {"reference": after.get("duplicate_of")}
    if action == "submission.duplicate_marked":
        return _("Marked as a duplicate of %(reference)s") % {"reference": after.get("duplicate_of")}
    if action == "submission.duplicate_undone":
        return _("Not a duplicate (was marked as repeating %(reference)s)") % {"reference": before.get("duplicate_of")}
    if action == "submission.assigned":
        if after.get("assignee"):
            return _("Assigned to %(user)s") % {"user": after["assignee"]}
        return _("Assignment removed (was %(user)s)") % {"user": before.get("assignee")}
    if action == "note.added":
        return _("Note: %(text)s") % {"text": event.note}
    if action == "excerpt.saved":
        return _("Excerpt saved for “%(theme)s”: “%(text)s”") % {
            "theme": theme(after.get("theme")), "text": (after.get("text") or "")[:160]}
    if action == "excerpt.deleted":
        return _("Excerpt for “%(theme)s” deleted") % {"theme": theme(before.get("theme"))}
    if action == "processing.retried":
        return _("Processing retried")
    if action == "submission.amended":
        return _("Changed by the sender: %(fields)s") % {"fields": ", ".join(sorted(before))}
    if action == "submission.files_added":
        return _("Files added by the sender")
    if action == "submission.receipt_sent":
        return _("Receipt sent by e-mail")
    if action == "submission.withdrawal_reason":
        return _("Reason for withdrawal: %(reason)s") % {"reason": event.note}
    return action


def history_rows(events: Iterable[AuditEvent], themes: list[Theme], language: str) -> list[dict[str, Any]]:
    names = {theme.key: theme.name_in(language) for theme in themes}
    return [{"event": event, "text": describe(event, names)} for event in events]
