"""Forms of the call set-up, team invitation and message pages (decision 0016).

The call form has one field per text and language (``title_fr``…); ``to_spec``
turns it into a ``call.yaml`` mapping so validation is the call package's.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import Call, CallRole, MessageKind, SubmissionStatus
from submissions.models.calls import Body, ReportAuthor
from submissions.multilingual import LANGUAGE_LABELS, UN_LANGUAGES
from submissions.services.call_setup import FieldError
from submissions.services.calls import GENEVA, CallSpecError

BODY_LABELS = {
    Body.GENERAL_ASSEMBLY: _("General Assembly"),
    Body.HUMAN_RIGHTS_COUNCIL: _("Human Rights Council"),
    Body.ECOSOC: _("Economic and Social Council"),
}
AUTHOR_LABELS = {
    ReportAuthor.SECRETARY_GENERAL: _("Secretary-General"),
    ReportAuthor.HIGH_COMMISSIONER: _("United Nations High Commissioner for Human Rights"),
}
LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in UN_LANGUAGES]

# Texts that exist per language: (field, label, widget).
PER_LANGUAGE: list[tuple[str, Any, str]] = [
    ("title", _("Title"), "input"),
    ("call_text", _("Call text"), "text"),
    ("questions", _("Guiding questions (one a line)"), "text"),
    ("mandate", _("Mandate"), "input"),
    ("agenda_title", _("Agenda item title"), "input"),
]
FIELD_LABELS = {name: label for name, label, _w in PER_LANGUAGE}


class StyledForm(forms.Form):
    """Bootstrap classes and error links on every widget (the pages render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            errors = getattr(self, "_errors", None)  # never trigger cleaning from here
            if errors and errors.get(name):
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"

    def full_clean(self) -> None:
        super().full_clean()
        self.style()


class CallForm(StyledForm):
    slug = forms.SlugField(label=_("Short name in the address"), max_length=100,
                           help_text=_("Lower-case letters, digits and hyphens, e.g. right-to-development-2025."))
    body = forms.ChoiceField(label=_("Body"), choices=list(BODY_LABELS.items()))
    session = forms.IntegerField(label=_("Session"), min_value=1)
    agenda_item = forms.CharField(label=_("Agenda item"), max_length=40, required=False)
    report_symbol = forms.CharField(label=_("Report symbol"), max_length=60, required=False)
    report_author = forms.ChoiceField(label=_("Author of the report"), choices=list(AUTHOR_LABELS.items()))
    original_language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES)
    report_languages = forms.MultipleChoiceField(label=_("Report languages"), choices=LANGUAGE_CHOICES,
                                                 widget=forms.CheckboxSelectMultiple)
    word_limit = forms.IntegerField(label=_("Word limit of the report"), min_value=1, required=False)
    note_verbale_date = forms.DateField(label=_("Date of the note verbale"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateTimeField(label=_("Deadline (Geneva time)"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                              format="%Y-%m-%dT%H:%M"),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])
    accepts_late = forms.BooleanField(label=_("Accept (and flag) input after the deadline"), required=False,
                                      initial=True)
    contact_email = forms.EmailField(label=_("Contact address for senders"), required=False)
    max_files = forms.IntegerField(label=_("Files per submission at most"), min_value=1, max_value=50, required=False)
    max_file_mb = forms.IntegerField(label=_("Size of a file at most (MB)"), min_value=1, max_value=200,
                                     required=False)

    def __init__(self, *args: Any, call: Call | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.call = call
        for language in UN_LANGUAGES:
            for name, label, widget in PER_LANGUAGE:
                attrs = {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
                field_widget = (forms.Textarea(attrs={**attrs, "rows": 6 if name == "call_text" else 4})
                                if widget == "text" else forms.TextInput(attrs=attrs))
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_LABELS[language]})", required=False, widget=field_widget)
        if call is not None:
            del self.fields["slug"]
            self.initial.update(initial_from_call(call))
        self.style()

    def language_panels(self) -> list[dict[str, Any]]:
        """The per-language tabs: each language with its bound fields, and whether it has errors."""
        panels = []
        default = (self.data.get("original_language") if self.is_bound else None) or (
            self.call.original_language if self.call else self.initial.get("original_language", "en"))
        for language in UN_LANGUAGES:
            fields = [self[f"{name}_{language}"] for name, _label, _w in PER_LANGUAGE]
            panels.append({"code": language, "label": LANGUAGE_LABELS[language], "fields": fields,
                           "has_errors": any(f.errors for f in fields), "default": language == default,
                           "filled": any(f.value() for f in fields)})
        return panels

    def to_spec(self) -> dict[str, Any]:
        data = self.cleaned_data
        spec: dict[str, Any] = {key: data.get(key) for key in (
            "body", "session", "agenda_item", "report_symbol", "report_author", "original_language",
            "word_limit", "accepts_late", "contact_email", "max_files", "max_file_mb")}
        spec["slug"] = data.get("slug") or (self.call.slug if self.call else "")
        spec["report_languages"] = data.get("report_languages") or [data.get("original_language") or "en"]
        deadline: dt.datetime | None = data.get("deadline")
        if deadline is not None:
            spec["deadline"] = deadline.replace(tzinfo=None).replace(tzinfo=GENEVA)
        spec["note_verbale_date"] = data.get("note_verbale_date")
        for name, _label, _w in PER_LANGUAGE:
            texts = {lang: (data.get(f"{name}_{lang}") or "").strip() for lang in UN_LANGUAGES}
            texts = {lang: text for lang, text in texts.items() if text}
            # An empty map is given as None: call.yaml's rules read that as "not given" ("title: missing").
            spec[name] = ({lang: text.splitlines() for lang, text in texts.items()} if name == "questions"
                          else texts or None)
        return spec

    def add_spec_error(self, error: CallSpecError) -> None:
        """Put the service's message next to the field (and language) it names."""
        if isinstance(error, FieldError):
            field = f"{error.field}_{error.language}" if error.language else error.field
            if field in self.fields:
                self.add_error(field, error.message)
                return
        key, _sep, message = str(error).partition(": ")
        key = key.split(".")[0]
        if key in self.fields:
            self.add_error(key, message)
        elif key in FIELD_LABELS:
            self.add_error(f"{key}_{self.cleaned_data.get('original_language') or 'en'}", message)
        else:
            self.add_error(None, str(error))


def initial_from_call(call: Call) -> dict[str, Any]:
    initial: dict[str, Any] = {key: getattr(call, key) for key in (
        "body", "session", "agenda_item", "report_symbol", "report_author", "original_language", "report_languages",
        "word_limit", "note_verbale_date", "accepts_late", "contact_email", "max_files", "max_file_mb")}
    initial["deadline"] = call.deadline.astimezone(GENEVA).replace(tzinfo=None)
    for name, _label, _w in PER_LANGUAGE:
        for language, value in (getattr(call, name) or {}).items():
            initial[f"{name}_{language}"] = "\n".join(value) if isinstance(value, list) else value
    return initial


class NoteVerbaleForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("Note verbale (PDF)"))


class InviteForm(StyledForm):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=CallRole.choices)


class AcceptInvitationForm(StyledForm):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$")
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)
    password_again = forms.CharField(label=_("Password, again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        if data.get("password"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


COMPOSE_KINDS = [
    (MessageKind.INCLUDED.value, _("Your input was included in the report")),
    (MessageKind.NOT_USED.value, _("Your input was not used")),
    (MessageKind.FREE.value, _("Free message")),
    (MessageKind.RECEIPT.value, _("Receipt (again)")),
]
RECIPIENT_CHOICES = [
    ("selected", _("The submissions I ticked below")),
    (SubmissionStatus.INCLUDED.value, _("Every included submission")),
    (SubmissionStatus.EXCLUDED.value, _("Every excluded submission")),
    ("all", _("Every submission with an address")),
]


class ComposeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Message"), choices=COMPOSE_KINDS)
    recipients = forms.ChoiceField(label=_("To"), choices=RECIPIENT_CHOICES, initial="selected")
    subject = forms.CharField(label=_("Subject (empty: the template's)"), max_length=200, required=False)
    message = forms.CharField(label=_("Your message (free message only)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class ReminderForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    addresses = forms.CharField(label=_("Addresses of the invitees (one a line)"),
                                widget=forms.Textarea(attrs={"rows": 4}))


class TemplateForm(StyledForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))


class ExtensionForm(StyledForm):
    person = forms.CharField(label=_("Who may amend"), max_length=200)
    until = forms.DateTimeField(label=_("Until (Geneva time)"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])


class ThemeRowForm(StyledForm):
    """One theme on the themes page; names, descriptions and keywords per language."""

    key = forms.SlugField(label=_("Key"), max_length=80, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for language in UN_LANGUAGES:
            attrs = {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
            self.fields[f"name_{language}"] = forms.CharField(
                label=f"{_('Name')} ({LANGUAGE_LABELS[language]})", required=False,
                widget=forms.TextInput(attrs=attrs))
            self.fields[f"description_{language}"] = forms.CharField(
                label=f"{_('Description')} ({LANGUAGE_LABELS[language]})", required=False,
                widget=forms.Textarea(attrs={**attrs, "rows": 2}))
            self.fields[f"keywords_{language}"] = forms.CharField(
                label=f"{_('Keywords, separated by commas')} ({LANGUAGE_LABELS[language]})", required=False,
                widget=forms.TextInput(attrs=attrs))
        self.style()

    def language_panels(self) -> list[dict[str, Any]]:
        return [{"code": lang, "label": LANGUAGE_LABELS[lang],
                 "fields": [self[f"name_{lang}"], self[f"description_{lang}"], self[f"keywords_{lang}"]]}
                for lang in UN_LANGUAGES]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("key") and not any(data.get(f"name_{lang}") for lang in UN_LANGUAGES)

    def to_theme(self) -> dict[str, Any]:
        data = self.cleaned_data
        texts = {name: {lang: (data.get(f"{name}_{lang}") or "").strip() for lang in UN_LANGUAGES}
                 for name in ("name", "description", "keywords")}
        return {
            "key": data.get("key") or "",
            "name": {lang: text for lang, text in texts["name"].items() if text} or None,
            "description": {lang: text for lang, text in texts["description"].items() if text} or None,
            "keywords": {lang: [w.strip() for w in text.replace("،", ",").replace("，", ",").split(",") if w.strip()]
                         for lang, text in texts["keywords"].items() if text},
        }


def theme_initial(theme: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"key": theme.key, "order": theme.order}
    for language in UN_LANGUAGES:
        initial[f"name_{language}"] = (theme.name or {}).get(language, "")
        initial[f"description_{language}"] = (theme.description or {}).get(language, "")
        initial[f"keywords_{language}"] = ", ".join((theme.keywords or {}).get(language, []))
    return initial
