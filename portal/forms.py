"""Forms of the public portal. They check what a person can fix at once (missing
fields, file count, size and type) and turn the rest into an ``IncomingSubmission``
for ``intake.receive_submission``; messages are translated for the visitor.
"""
from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from submissions.filetypes import classify
from submissions.models import Country
from submissions.models.contributors import CATEGORIES_WITH_COUNTRY, STATE_CATEGORIES, ContributorCategory
from submissions.multilingual import LANGUAGE_LABELS
from submissions.selectors import country_choices
from submissions.services.intake import IncomingFile, IncomingSubmission
from submissions.services.submitter import UploadLimits

ACCEPT_ATTR = ".pdf,.docx,.odt,.rtf,.txt,.html,.htm"
FORMATS_TEXT = _("PDF, Word (.docx), OpenDocument (.odt), RTF, plain text (.txt) or HTML")

CONSENT_CHOICES = [
    ("yes", _("Yes, my submission may be published on the OHCHR website")),
    ("no", _("No, do not publish my submission")),
]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; ``clean`` returns a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


def _file_widget_attrs(limits: UploadLimits) -> dict[str, Any]:
    """Attributes the browser-side check (static/js/portal.js) reads."""
    return {
        "accept": ACCEPT_ATTR,
        "data-max-files": limits.max_files,
        "data-max-bytes": limits.max_file_bytes,
        "data-msg-too-many": _("You can attach at most %(max)s files.") % {"max": limits.max_files},
        "data-msg-too-big": _("“{name}” is {size}; the limit is %(max)s MB per file. Nothing was sent.")
        % {"max": limits.max_file_mb},
    }


def clean_uploads(files: list[UploadedFile], limits: UploadLimits, *, already: int = 0) -> list[IncomingFile]:
    """Check count, size and type; read each file once. Raises one error per problem."""
    errors: list[forms.ValidationError] = []
    if already + len(files) > limits.max_files:
        errors.append(
            forms.ValidationError(
                _("You can attach at most %(max)s files.") % {"max": limits.max_files}, code="too_many"
            )
        )
    incoming: list[IncomingFile] = []
    for upload in files:
        name = upload.name or "file"
        if upload.size > limits.max_file_bytes:
            errors.append(
                forms.ValidationError(
                    _("“%(name)s” is %(size)s; the limit is %(max)s MB per file.")
                    % {"name": name, "size": filesizeformat(upload.size), "max": limits.max_file_mb},
                    code="too_big",
                )
            )
            continue
        data = upload.read()
        verdict = classify(data)
        if not data:
            errors.append(forms.ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty"))
        elif not verdict.accepted:
            errors.append(
                forms.ValidationError(
                    _("“%(name)s” is not a type of file we accept. Send %(formats)s.")
                    % {"name": name, "formats": FORMATS_TEXT},
                    code="type",
                )
            )
        else:
            incoming.append(IncomingFile(name=name, data=data))
    if errors:
        raise forms.ValidationError(errors)
    return incoming


class SubmissionForm(forms.Form):
    """Everything a contributor sends; ``to_incoming`` hands it to intake."""

    category = forms.ChoiceField(label=_("You are sending this as"))
    country = forms.ChoiceField(
        label=_("State"),
        required=False,
        help_text=_("Required for Member States, observer States and national human rights institutions."),
    )
    organisation = forms.CharField(
        label=_("Name of the organization, institution or person"),
        max_length=300,
        required=False,
        help_text=_("For a State, you may give the ministry or mission; otherwise this is required."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We send the receipt and your private link here.")
    )
    language = forms.ChoiceField(label=_("Language of the submission"))
    title = forms.CharField(label=_("Title (optional)"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Text of the submission (optional)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        required=False,
        help_text=_("You may type your submission here, attach files, or both."),
    )
    files = MultipleFileField(label=_("Files"), required=False)
    consent = forms.ChoiceField(
        label=_("May OHCHR publish your submission on its website?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
    )
    # Honeypot: hidden from people (and screen readers); bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, limits: UploadLimits, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.fields["category"].choices = [("", _("Choose…")), *ContributorCategory.choices]
        self.fields["country"].choices = [("", _("Choose a State…")), *country_choices(language)]
        self.fields["language"].choices = [("", _("Choose…")), *LANGUAGE_LABELS.items()]
        self.fields["files"].widget.attrs.update(_file_widget_attrs(limits))
        self.fields["files"].help_text = _(
            "%(formats)s. Up to %(files)s files, at most %(mb)s MB each."
        ) % {"formats": FORMATS_TEXT, "files": limits.max_files, "mb": limits.max_file_mb}
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Who is sending this"),
                "category", "country", "organisation", "contact_name", Field("email", type="email"),
            ),
            Fieldset(_("Your submission"), "language", "title", "text", "files", "consent"),
        )

    def clean_files(self) -> list[IncomingFile]:
        return clean_uploads(self.cleaned_data.get("files") or [], self.limits)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _("This form could not be sent because a hidden field meant to stop automated spam was "
                  "filled in (sometimes done by browser auto-fill). Please select your files again and send it."),
                code="honeypot",
            )
        category = data.get("category")
        country = Country.objects.filter(iso3=data.get("country") or "").first()
        if category in CATEGORIES_WITH_COUNTRY and country is None:
            self.add_error("country", _("Choose the State."))
        elif category == ContributorCategory.MEMBER_STATE and country and country.status != Country.Status.MEMBER:
            self.add_error("category", _("This State is an observer State: choose “Observer State”."))
        elif category == ContributorCategory.OBSERVER_STATE and country and country.status != Country.Status.OBSERVER:
            self.add_error("category", _("This State is a Member State: choose “Member State”."))
        if category and category not in STATE_CATEGORIES and not (data.get("organisation") or "").strip():
            self.add_error(
                "organisation",
                _("Give the name of your organization or institution or, for an individual, your own name."),
            )
        if "files" in data and not data["files"] and not (data.get("text") or "").strip() \
                and not self.has_error("files"):
            self.add_error("files", _("Attach at least one file or type your submission in the text box."))
        data["country_obj"] = country
        return data

    def to_incoming(self) -> IncomingSubmission:
        data = self.cleaned_data
        country: Country | None = data.get("country_obj")
        name = (data.get("organisation") or "").strip()
        if not name and country is not None:
            name = country.short_name("en")
        return IncomingSubmission(
            contributor_name=name,
            category=data["category"],
            country=country.iso3 if country else None,
            email=data["email"],
            contact_name=data["contact_name"],
            consent_to_publish=data["consent"] == "yes",
            language=data["language"],
            title=data.get("title") or "",
            text=data.get("text") or "",
            files=list(data["files"]),
            source="portal",
        )


class AmendForm(forms.Form):
    """Title, text and consent, changed through the private link."""

    title = forms.CharField(label=_("Title (optional)"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Text of the submission (optional)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        required=False,
    )
    consent = forms.ChoiceField(
        label=_("May OHCHR publish your submission on its website?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, has_files: bool = True, **kwargs: Any):
        super().__init__(*args, prefix="amend", **kwargs)
        self.has_files = has_files
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.has_files and "text" in data and not data["text"].strip():
            self.add_error("text", _("Your submission has no file, so the text cannot be empty."))
        return data


class AddFilesForm(forms.Form):
    """More files for an existing submission, within the call's limits."""

    files = MultipleFileField(label=_("Files to add"))

    def __init__(self, *args: Any, limits: UploadLimits, already: int, **kwargs: Any):
        super().__init__(*args, prefix="add", **kwargs)
        self.limits = limits
        self.already = already
        remaining = max(limits.max_files - already, 0)
        self.fields["files"].widget.attrs.update(_file_widget_attrs(limits))
        self.fields["files"].widget.attrs["data-max-files"] = remaining
        self.fields["files"].help_text = _(
            "%(formats)s. You can add up to %(files)s more files, at most %(mb)s MB each."
        ) % {"formats": FORMATS_TEXT, "files": remaining, "mb": limits.max_file_mb}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_files(self) -> list[IncomingFile]:
        return clean_uploads(self.cleaned_data.get("files") or [], self.limits, already=self.already)


class WithdrawForm(forms.Form):
    """An explicit confirmation, so a stray click withdraws nothing."""

    confirm = forms.BooleanField(label=_("Yes, withdraw my submission. It will not be used for the report."))
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, prefix="withdraw", **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
