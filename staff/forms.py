"""Forms of the staff area: inbox filters, bulk actions and the submission page's actions.

Labels are translated here (the models' labels are English only).
"""
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from submissions.models import Call, CallRole, ContributorCategory, SubmissionStatus
from submissions.multilingual import LANGUAGE_LABELS, localized
from submissions.services.status import REASON_REQUIRED

S = SubmissionStatus

# What staff call each state (the portal shows senders a coarser, discreet version).

# Verbs on the buttons that move a submission to each state.
STATUS_ACTIONS: dict[str, Any] = {
    S.RECEIVED: _("Back to received"),
    S.PROCESSING: _("Process again"),
    S.READY: _("Back to ready"),
    S.IN_REVIEW: _("Start review"),
    S.INCLUDED: _("Include"),
    S.EXCLUDED: _("Exclude…"),
    S.DUPLICATE: _("Mark duplicate"),
    S.WITHDRAWN: _("Withdraw"),
    S.REJECTED: _("Reject…"),
}

# Targets staff may choose (processing is the pipeline's own business; a duplicate
# needs its original, so it is marked from the duplicates panel).
STAFF_TARGETS = (S.READY, S.IN_REVIEW, S.INCLUDED, S.EXCLUDED, S.WITHDRAWN, S.REJECTED)

SORT_CHOICES = [
    ("received", _("Received (oldest first)")),
    ("-received", _("Received (newest first)")),
    ("reference", _("Reference")),
    ("-reference", _("Reference (descending)")),
    ("contributor", _("Contributor (A–Z)")),
    ("-contributor", _("Contributor (Z–A)")),
    ("status", _("Status")),
    ("-status", _("Status (descending)")),
    ("language", _("Language")),
    ("-language", _("Language (descending)")),
]


def theme_choices(call: Call, language: str) -> list[tuple[int, str]]:
    return [(theme.pk, localized(theme.name, language) or theme.key) for theme in call.themes.all()]


class InboxFilterForm(forms.Form):
    """GET filters of the inbox; every field optional, invalid values are ignored."""

    q = forms.CharField(label=_("Search the text"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    late = forms.ChoiceField(label=_("Received"), required=False, choices=[
        ("", _("Any time")), ("on_time", _("On time")), ("late", _("Late"))])
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    duplicates = forms.ChoiceField(label=_("Duplicates"), required=False, choices=[
        ("", _("All")), ("copy", _("Duplicates of another")), ("original", _("Originals with copies")),
        ("none", _("Neither"))])
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, call: Call, members: list[User], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *SubmissionStatus.choices]
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("All")), *ContributorCategory.choices]
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("All")), *LANGUAGE_LABELS.items()]
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("All")), *theme_choices(call, language)]
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody")),
            *((str(m.pk), m.get_username()) for m in members),
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Words, or a reference")})

    def selects(self) -> list[dict[str, Any]]:
        """Every drop-down but the search, its options already HTML (issue 15).

        The template's loop compared each option with the value through two filters: 60 options
        on every inbox request cost more CPU than the SQL of the counts. Same markup, escaped.
        """
        selects = []
        for name, field in self.fields.items():
            if name == "q":
                continue
            bound = self[name]
            current = str(bound.value())  # what the stringformat:"s" filter compared
            choices = cast(list[tuple[Any, Any]], cast(forms.ChoiceField, field).choices)  # flat: no groups
            options = format_html_join("", '<option value="{}"{}>{}</option>', (
                (value, " selected" if str(value) == current else "", label) for value, label in choices
            ))
            selects.append({"name": name, "id": bound.id_for_label, "label": field.label, "options": options})
        return selects

    def cleaned_or_default(self) -> dict[str, Any]:
        """The valid filters; a bad value (an old link) is dropped rather than refused."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class BulkActionForm(forms.Form):
    """One action on the ticked rows of the inbox."""

    ACTIONS = [
        ("assign", _("Assign to")),
        ("status", _("Change status to")),
        ("accept", _("Accept suggested themes")),
        ("duplicate", _("Mark as duplicates of")),
    ]
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True, error_messages={
        "required": _("Tick at least one submission.")})
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    status = forms.ChoiceField(label=_("New status"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    original = forms.CharField(label=_("Original (reference)"), required=False, max_length=30)

    def __init__(self, *args: Any, members: list[User], ids: list[int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Nobody")), *((str(m.pk), m.get_username()) for m in members),
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [(s.value, s.label) for s in STAFF_TARGETS]
        cast(forms.ChoiceField, self.fields["ids"]).choices = [(i, i) for i in (ids or [])]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        if action == "status" and data.get("status") in REASON_REQUIRED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason."))
        if action == "duplicate" and not (data.get("original") or "").strip():
            self.add_error("original", _("Give the reference of the original."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in S])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assigned to"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, members: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Nobody")), *((m.pk, m.get_username()) for m in members),
        ]


class AddThemeForm(forms.Form):
    theme = forms.TypedChoiceField(label=_("Add a theme"), coerce=int)

    def __init__(self, *args: Any, call: Call, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = theme_choices(call, language)


class ExcerptForm(forms.Form):
    """A passage to keep; the offsets come from the selection (script), the text alone works too."""

    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)
    text = forms.CharField(label=_("Passage"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, call: Call, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = theme_choices(call, language)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))


class DuplicateForm(forms.Form):
    original = forms.CharField(label=_("Duplicate of (reference)"), max_length=30)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=CallRole.choices)


class ContributorNameForm(forms.Form):
    """The name a report in one language prints for a contributor (empty: back to the derived form)."""

    name = forms.CharField(label=_("Name in this report"), max_length=300, required=False)
