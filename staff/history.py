"""The audit trail of a submission as sentences staff can read: a lookup on ``AuditAction``.

Each action's label is a template; the few actions with two readings (a theme
accepted or rejected, an assignment made or removed) name their other template here.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from submissions.models import AuditAction, AuditEvent, SubmissionStatus, Theme

# (action, test on the event's ``after``) → the other reading of the action.
_OTHER_READING: dict[AuditAction, tuple[str, Any]] = {
    AuditAction.THEME_DECIDED: ("accepted", gettext_lazy("Theme “%(theme)s” rejected")),
    AuditAction.SUBMISSION_ASSIGNED: ("assignee", gettext_lazy("Assignment removed (was %(user)s)")),
}


class _Values(dict[str, str]):
    """Template values; a value an event does not carry reads as empty, never an error."""

    def __missing__(self, key: str) -> str:
        return ""


def _status(value: Any) -> str:
    try:
        return str(SubmissionStatus(value).label)
    except ValueError:
        return str(value or "—")


def _values(event: AuditEvent, theme_names: dict[str, str]) -> _Values:
    before, after = event.before or {}, event.after or {}

    def either(key: str) -> Any:
        return after.get(key) or before.get(key)

    return _Values(
        before=_status(before.get("status")), after=_status(after.get("status")),
        theme=theme_names.get(either("theme") or "", either("theme") or ""),
        themes=", ".join(theme_names.get(k, k) for k in (after.get("themes") or {})) or "—",
        reference=str(either("duplicate_of") or ""),
        user=str(either("assignee") or either("user") or ""),
        role=str(after.get("role") or ""),
        text=event.note or str(after.get("text") or "")[:160],
        reason=str(after.get("reason") or event.note or ""),
        fields=", ".join(sorted(before)),
        # Outbox, invitations and extensions (decision 0016).
        to=str(after.get("to") or ""), subject=str(after.get("subject") or ""),
        email=str(either("email") or ""), error=str(after.get("error") or ""),
        person=str(after.get("person") or ""), until=str(after.get("until") or ""),
        language=str(after.get("language") or ""),
    )


def describe(event: AuditEvent, theme_names: dict[str, str]) -> str:
    """One sentence for one event; an unknown action shows its code."""
    try:
        action = AuditAction(event.action)
    except ValueError:
        return event.action
    template: Any = action.label
    if action in _OTHER_READING:
        key, other = _OTHER_READING[action]
        if not (event.after or {}).get(key):
            template = other
    values = _values(event, theme_names)
    text = str(template) % values
    if action == AuditAction.SUBMISSION_STATUS and values["reason"] and (event.after or {}).get("reason"):
        text += " — " + _("reason: %(reason)s") % values
    return text


def history_rows(events: Iterable[AuditEvent], themes: list[Theme], language: str) -> list[dict[str, Any]]:
    names = {theme.key: theme.name_in(language) for theme in themes}
    return [{"event": event, "text": describe(event, names)} for event in events]
