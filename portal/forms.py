"""Forms of the public portal. They check what a person can fix at once (missing
fields, file count, size and type) and turn the rest into an ``IncomingSubmission``
for ``intake.receive_submission``; messages are translated for the visitor.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
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


# --- The list of States, cheap enough for every form shown (decision 0020, throughput) -----
# Building it reads ~200 States with their dated names; rendering it through Django's
# per-option templates cost more than the rest of the page. The list is kept per process
# for a few minutes (it changes when the reference table is reloaded) and rendered in Python.
FORM_CACHE_SECONDS = 600.0
_country_choices: dict[tuple[str, dt.date], tuple[float, list[tuple[str, str]]]] = {}
_country_field_choices: dict[tuple[str, dt.date], tuple[float, PreparedChoices]] = {}


class PreparedChoices(BaseChoiceIterator):
    """Choices already in Django's normal form: assigning them to a field does not re-check ~200 pairs.

    (``ChoiceField.choices`` normalizes a plain list twice per form, for the field and its widget.)
    """

    def __init__(self, choices: list[tuple[str, Any]]):
        self.choices = choices

    def __iter__(self) -> Any:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


def cached_country_choices(language: str) -> list[tuple[str, str]]:
    """``selectors.country_choices`` for today, kept ``FORM_CACHE_SECONDS`` per process."""
    key = (language, dt.date.today())
    now = time.monotonic()
    kept = _country_choices.get(key)
    if kept is not None and now - kept[0] < FORM_CACHE_SECONDS:
        return kept[1]
    choices = country_choices(language)
    if choices:  # an empty table (a fresh database) is not remembered
        _country_choices[key] = (now, choices)
    return choices


def country_field_choices(language: str) -> PreparedChoices:
    """The State field's choices (an empty "Choose a State…" first), kept as long as the list of States."""
    key = (language, dt.date.today())
    now = time.monotonic()
    kept = _country_field_choices.get(key)
    if kept is not None and now - kept[0] < FORM_CACHE_SECONDS:
        return kept[1]
    states = cached_country_choices(language)
    prepared = PreparedChoices([("", _("Choose a State…")), *states])
    if states:
        _country_field_choices[key] = (now, prepared)
    return prepared


def _html_attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them (True: bare name; False: left out)."""
    return mark_safe("".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    ))


class FastSelect(forms.Select):
    """``forms.Select`` with the same HTML, written in Python instead of one template per option."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], _html_attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(format_html('\n  <option value="{}"{}>{}</option>\n', str(option["value"]),
                                     _html_attrs(option["attrs"]), option["label"]) for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


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


def refusal_message(code: str, name: str) -> str:
    """The real reason a file is refused, in the visitor's language (import gives the same reasons)."""
    messages = {
        "executable": _("“%(name)s” is a program, and programs are refused for safety. Send %(formats)s."),
        "macro": _("“%(name)s” contains macros, which are refused for safety. Save it as .docx without macros "
                   "or as PDF."),
        "bomb": _("“%(name)s” would expand to far more data than a real document holds (a “compression bomb”), "
                  "so it is refused. Save it again as PDF."),
        "xml-dtd": _("“%(name)s” contains XML declarations (DTD or entities) that are refused for safety. "
                     "Save it again from your word processor, or as PDF."),
        "damaged": _("“%(name)s” is damaged and cannot be opened. Save it again, or send it as PDF."),
        "zip": _("“%(name)s” is a ZIP archive. Attach the documents themselves (%(formats)s)."),
        "odf-type": _("“%(name)s” is an OpenDocument file but not a text document. Send %(formats)s."),
        "old-word": _("“%(name)s” is an old Word (.doc) file, which cannot be read here. Send .docx or PDF."),
    }
    template = messages.get(code, _("“%(name)s” is not a type of file we accept. Send %(formats)s."))
    return str(template) % {"name": name, "formats": FORMATS_TEXT}


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
        if upload.size is not None and upload.size > limits.max_file_bytes:
            errors.append(
                forms.ValidationError(
                    _("“%(name)s” is %(size)s; the limit is %(max)s MB per file.")
                    % {"name": name, "size": filesizeformat(upload.size), "max": limits.max_file_mb},
                    code="too_big",
                )
            )
            continue
        # Sniffed from the content once, here; intake reuses the verdict, and hashes and stores the
        # upload in chunks from where Django put it (a temporary file past 2 MB), not from a copy.
        upload.seek(0)
        verdict = classify(upload.read())
        if not upload.size:
            errors.append(forms.ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty"))
        elif not verdict.accepted:
            errors.append(forms.ValidationError(refusal_message(verdict.code, name), code=verdict.code or "type"))
        else:
            incoming.append(IncomingFile(name=name, source=upload, verdict=verdict))
    if errors:
        raise forms.ValidationError(errors)
    return incoming


class SubmissionForm(forms.Form):
    """Everything a contributor sends; ``to_incoming`` hands it to intake."""

    category = forms.ChoiceField(label=_("You are sending this as"))
    country = forms.ChoiceField(
        label=_("State"),
        widget=FastSelect,
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
    # The form metaclass moves declared fields into ``base_fields``, so ``self.files`` stays the uploads
    # (django-stubs cannot see that and takes this for BaseForm.files).
    files = MultipleFileField(label=_("Files"), required=False)  # type: ignore[assignment]
    consent = forms.ChoiceField(
        label=_("May OHCHR publish your submission on its website?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
    )
    # Honeypot: hidden from people (and screen readers); bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # One key per form shown: a second POST with it gives the first receipt (portal.views.submitter).
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, limits: UploadLimits, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("Choose…")), *ContributorCategory.choices]
        cast(forms.ChoiceField, self.fields["country"]).choices = country_field_choices(language)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("Choose…")), *LANGUAGE_LABELS.items()]
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
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(
                _("This form could not be sent because a hidden field meant to stop automated spam was "
                  "filled in (sometimes done by browser auto-fill). Please select your files again and send it."),
                code="honeypot",
            )
        category = data.get("category")
        code = data.get("country") or ""
        country = Country.objects.filter(iso3=code).first() if code else None
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
            idempotency_key=(data.get("idempotency_key") or "")[:64],
        )


class AmendForm(forms.Form):
    """Title, text and consent, changed through the private link."""

    prefix = "amend"

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
        super().__init__(*args, **kwargs)
        self.has_files = has_files
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.has_files and "text" in data and not data["text"].strip():
            self.add_error("text", _("Your submission has no file, so the text cannot be empty."))
        return data


class AddFilesForm(forms.Form):
    """More files for an existing submission, within the call's limits."""

    prefix = "add"

    files = MultipleFileField(label=_("Files to add"))  # type: ignore[assignment]  # see SubmissionForm.files

    def __init__(self, *args: Any, limits: UploadLimits, already: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
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

    prefix = "withdraw"

    confirm = forms.BooleanField(label=_("Yes, withdraw my submission. It will not be used for the report."))
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class NewLinkForm(forms.Form):
    """Ask for a fresh private link: the reference from the receipt and the address it was sent to."""

    reference = forms.CharField(label=_("Reference of your submission"), max_length=30,
                                help_text=_("As in your receipt, for example ICH21-0007."))
    email = forms.EmailField(label=_("E-mail address given with the submission"))
