"""Setting up a call from the staff pages: the same validation as a call package, then audited writes.

The pages build a ``call.yaml``-shaped mapping and go through
``submissions.services.calls.parse_call_spec``, so a call typed in the browser and
one imported from a package obey the same rules (decision 0016).
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from submissions.models import AuditAction, Call, CallRole, NoteVerbale, Theme
from submissions.models.calls import CallStatus
from submissions.multilingual import LANGUAGE_NAMES, UN_LANGUAGES
from submissions.services.audit import record_event
from submissions.services.calls import CallSpecError, _themes, parse_call_spec, upsert_call
from submissions.services.team import set_membership

NOTE_VERBALE_MAX_MB = 20


class FieldError(CallSpecError):
    """A problem with one field, in one language when it has one; the pages show it next to the field."""

    def __init__(self, field: str, message: str, language: str = ""):
        where = f"{field} ({LANGUAGE_NAMES[language]})" if language else field
        super().__init__(f"{where}: {message}")
        self.field = field
        self.language = language
        self.message = message


def check_languages(spec: dict[str, Any]) -> None:
    """Every language a text is given in needs a title in that language, or the page would mix languages."""
    titles = spec.get("title") or {}
    for key in ("call_text", "mandate", "agenda_title", "questions"):
        for language, value in (spec.get(key) or {}).items():
            if value and not titles.get(language):
                raise FieldError("title", f"missing, while the {key.replace('_', ' ')} is given in this language",
                                 language)
    if spec.get("original_language") and not titles.get(spec["original_language"]):
        raise FieldError("title", "missing in the original language", spec["original_language"])


@transaction.atomic
def create_call(spec: dict[str, Any], *, actor: User) -> Call:
    """A new call, in draft until opened; whoever creates it becomes its call manager."""
    if Call.objects.filter(slug=spec.get("slug") or "").exists():
        raise FieldError("slug", "a call with this short name exists already")
    check_languages(spec)
    spec = {**spec, "themes": spec.get("themes") or []}
    call, _created = upsert_call(spec, actor_label="", actor=actor)
    call.status = CallStatus.DRAFT
    call.save(update_fields=["status", "updated_at"])
    set_membership(call, actor, CallRole.MANAGER, actor=actor)
    return call


@transaction.atomic
def update_call(call: Call, spec: dict[str, Any], *, actor: User) -> list[str]:
    """Change the call's fields (not its themes, slug or status); returns the fields that changed."""
    check_languages(spec)
    parsed = parse_call_spec({**spec, "slug": call.slug, "reference_prefix": call.reference_prefix})
    locked = Call.objects.select_for_update().get(pk=call.pk)
    before: dict[str, Any] = {}
    for field, value in parsed["fields"].items():
        if field == "reference_prefix":
            continue
        if getattr(locked, field) != value:
            before[field] = str(getattr(locked, field))
            setattr(locked, field, value)
    if before:
        locked.save()
        record_event(AuditAction.CALL_UPDATED, actor=actor, call=locked, obj=locked, before=before,
                     after={k: str(getattr(locked, k)) for k in before})
    call.refresh_from_db()
    return sorted(before)


@transaction.atomic
def set_themes(call: Call, themes: list[dict[str, Any]], *, actor: User) -> list[Theme]:
    """Replace the call's themes by this ordered list, matched by key.

    A theme no longer listed is removed unless submissions are already tagged with it
    (staff work is never lost); its order then moves after the listed ones.
    """
    parsed = _themes({"themes": themes})
    keys = [t["key"] for t in parsed]
    for theme in parsed:
        Theme.objects.update_or_create(call=call, key=theme["key"],
                                       defaults={k: v for k, v in theme.items() if k != "key"})
    kept = call.themes.exclude(key__in=keys)
    kept.filter(tags__isnull=True).delete()
    for offset, leftover in enumerate(call.themes.exclude(key__in=keys).order_by("order"), start=len(keys) + 1):
        leftover.order = offset
        leftover.save(update_fields=["order"])
    record_event(AuditAction.CALL_THEMES_SET, actor=actor, call=call, obj=call,
                 after={"themes": {t["key"]: t["name"] for t in parsed}})
    return list(call.themes.all())


def opening_problems(call: Call) -> list[str]:
    """What stops a call from opening (empty when it may open)."""
    problems = []
    if not call.title:
        problems.append("title")
    if not call.call_text and not call.themes.exists():
        problems.append("call_text")
    if call.is_past_deadline and not call.accepts_late:
        problems.append("deadline")
    return problems


@transaction.atomic
def set_status(call: Call, status: str, *, actor: User) -> Call:
    """Open or close the call (draft → open → closed, and back to open); audited."""
    if status not in (CallStatus.OPEN, CallStatus.CLOSED, CallStatus.DRAFT):
        raise FieldError("status", f"cannot move a call to {status!r}")
    if status == CallStatus.OPEN and (problems := opening_problems(call)):
        raise FieldError(problems[0], "needed before the call opens")
    before = call.status
    if before == status:
        return call
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    action = {CallStatus.OPEN: AuditAction.CALL_OPENED, CallStatus.CLOSED: AuditAction.CALL_CLOSED}.get(
        CallStatus(status), AuditAction.CALL_UPDATED)
    record_event(action, actor=actor, call=call, obj=call, before={"status": before}, after={"status": status})
    return call


def _is_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return b"%PDF-" in head


@transaction.atomic
def upload_note_verbale(call: Call, language: str, upload: UploadedFile, *, actor: User) -> NoteVerbale:
    """Store (or replace) the note verbale in one language: a PDF, checked by its content."""
    if language not in UN_LANGUAGES:
        raise FieldError("note_verbale", "unknown language")
    if (upload.size or 0) > NOTE_VERBALE_MAX_MB * 1024 * 1024:
        raise FieldError("note_verbale", f"larger than {NOTE_VERBALE_MAX_MB} MB", language)
    if not _is_pdf(upload):
        raise FieldError("note_verbale", "not a PDF file", language)
    note = NoteVerbale.objects.filter(call=call, language=language).first() or NoteVerbale(
        call=call, language=language)
    if note.pk and note.file:
        note.file.delete(save=False)
    note.original_name = (upload.name or "note-verbale.pdf")[:255]
    note.size = upload.size or 0
    note.file.save("note.pdf", upload, save=False)
    note.save()
    record_event(AuditAction.CALL_NOTE_VERBALE, actor=actor, call=call, obj=note,
                 after={"language": LANGUAGE_NAMES[language], "name": note.original_name, "size": note.size})
    return note


def public_texts(call: Call, language: str) -> dict[str, Any]:
    """What the public call page adds to the title and themes: text, questions, contact, notes verbales.

    A read shared by the portal's call page and the staff preview, so both show the same.
    """
    from submissions.multilingual import LANGUAGE_LABELS, localized_text

    original = call.original_language
    questions_lang = next((code for code in (language, original, *UN_LANGUAGES) if call.questions.get(code)), "")
    notes = list(NoteVerbale.objects.filter(call=call).order_by("language"))
    notes.sort(key=lambda note: (note.language != language, note.language))
    return {
        "call_text": localized_text(call.call_text, language, original),
        "questions": call.questions.get(questions_lang, []) if questions_lang else [],
        "questions_lang": questions_lang if questions_lang != language else "",
        "contact_email": call.contact_email,
        "notes_verbales": [{"language": note.language, "label": LANGUAGE_LABELS[note.language], "size": note.size}
                           for note in notes],
    }
