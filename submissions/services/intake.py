"""Receiving a submission: the one path from the portal and from imports.

A submission is stored, with every file, in one transaction before any
background work is queued (``transaction.on_commit``), so a broker outage or a
crash never loses what someone sent. Bad input is kept too, marked rejected
with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone

from submissions.filetypes import FileVerdict, classify
from submissions.models import Attachment, AuditAction, Call, Contributor, Country, Submission, SubmissionStatus
from submissions.models.contributors import CATEGORIES_WITH_COUNTRY, STATE_CATEGORIES, ContributorCategory
from submissions.models.files import ExtractionStatus
from submissions.multilingual import UN_LANGUAGES
from submissions.services.audit import record_event
from submissions.signals import announce_stored

log = logging.getLogger(__name__)


# Files are hashed and written to storage in pieces of this size (an upload is never copied whole).
CHUNK_BYTES = 256 * 1024


@dataclass
class IncomingFile:
    """A file as received: its name as the sender gave it, and its bytes or the open upload.

    The portal passes the upload (``source``: Django keeps large ones in a temporary file) with the
    ``verdict`` its form already reached from the content, so the request neither classifies a file
    twice nor holds it in memory to hash and store it: both read it in chunks. Imports pass ``data``.
    """

    name: str
    data: bytes = b""
    source: File | None = None
    verdict: FileVerdict | None = None

    @property
    def size(self) -> int:
        if self.source is not None:
            return int(self.source.size or 0)
        return len(self.data)

    def content(self) -> bytes:
        """All of it, for type sniffing (archives are inspected whole)."""
        if self.source is None:
            return self.data
        self.source.seek(0)
        return self.source.read()

    def chunks(self) -> Iterator[bytes]:
        if self.source is None:
            for start in range(0, len(self.data), CHUNK_BYTES):
                yield self.data[start:start + CHUNK_BYTES]
            return
        yield from self.source.chunks(CHUNK_BYTES)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.chunks():
            digest.update(chunk)
        return digest.hexdigest()

    def as_file(self) -> File:
        """What storage saves from (it copies it chunk by chunk)."""
        return self.source if self.source is not None else ContentFile(self.data)


@dataclass
class IncomingSubmission:
    """Everything a sender gave us, before validation."""

    contributor_name: str = ""
    category: str = ""
    country: str | None = None
    email: str = ""
    contact_name: str = ""
    received_at: dt.datetime | None = None
    consent_to_publish: bool = False
    language: str = ""
    title: str = ""
    text: str = ""
    files: list[IncomingFile] = field(default_factory=list)
    source: str = "portal"
    # Problems found before we got here (e.g. unreadable submission.yaml).
    problems: list[str] = field(default_factory=list)
    # The portal form's one-time key (repeated clicks give the first receipt).
    idempotency_key: str = ""


# --- Characters nobody means to send -------------------------------------------------
# NUL (PostgreSQL cannot store it) and the other control characters, and the bidi
# *override* characters that make "exe.fdp" display as "pdf.exe". Explicit direction
# marks (LRM, RLM, ALM) are kept: Arabic text needs them. Names (contributor, file, title)
# lose embeddings and isolates too. Portal and import both go through these functions.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BIDI_OVERRIDES = re.compile("[\u202d\u202e]")
_BIDI_IN_NAMES = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str, *, name: bool = False) -> tuple[str, int]:
    """``value`` without control and bidi-override characters; returns it and how many were removed.

    A name (``name=True``) also loses line breaks, tabs and bidi embeddings/isolates.
    """
    if not value:
        return value, 0
    bidi = _BIDI_IN_NAMES if name else _BIDI_OVERRIDES
    removed = len(_CONTROL.findall(value)) + len(bidi.findall(value))
    cleaned = bidi.sub("", _CONTROL.sub("", value))
    if name:
        cleaned = " ".join(cleaned.split())
    return unicodedata.normalize("NFC", cleaned), removed


def sanitize(incoming: IncomingSubmission) -> list[str]:
    """Strip what ``clean_text`` removes from every field and file name; returns notes saying what."""
    notes: list[str] = []

    def clean(label: str, value: str, *, name: bool) -> str:
        cleaned, removed = clean_text(value, name=name)
        if removed:
            notes.append(f"{label}: removed control or text-direction override characters"
                         + (f" ({removed})" if removed else ""))
        return cleaned

    incoming.contributor_name = clean("contributor.name", incoming.contributor_name, name=True)
    incoming.contact_name = clean("contact name", incoming.contact_name, name=True)
    incoming.email = clean("email", incoming.email, name=True)
    incoming.title = clean("title", incoming.title, name=True)
    incoming.text = clean("text", incoming.text, name=False)
    incoming.language = clean("language", incoming.language, name=True)
    incoming.category = clean("contributor.category", incoming.category, name=True)
    if incoming.country:
        incoming.country = clean("contributor.country", str(incoming.country), name=True)
    for file in incoming.files:
        cleaned = clean(f"file name {file.name!r}", file.name, name=True)
        file.name = cleaned or "file"
    incoming.problems = [clean_text(p)[0] for p in incoming.problems]
    return notes


def validate_contributor(incoming: IncomingSubmission) -> tuple[Country | None, list[str]]:
    """Check the contract's rules on who sent it; return the country and problems."""
    problems: list[str] = []
    if not incoming.contributor_name.strip():
        problems.append("contributor.name is missing")
    if incoming.category not in ContributorCategory.values:
        problems.append(
            f"contributor.category {incoming.category!r} is not one of {', '.join(ContributorCategory.values)}"
        )
    country = None
    if incoming.country:
        country = Country.objects.filter(iso3=str(incoming.country).upper()).first()
        if country is None:
            problems.append(f"contributor.country {incoming.country!r} is not an ISO 3166-1 alpha-3 code of a State")
    elif incoming.category in CATEGORIES_WITH_COUNTRY:
        problems.append(f"contributor.country is required for category {incoming.category}")
    if incoming.language and incoming.language not in UN_LANGUAGES:
        problems.append(f"language {incoming.language!r} is not one of {' '.join(UN_LANGUAGES)}")
    return country, problems


def _contributor_for(incoming: IncomingSubmission, country: Country | None) -> Contributor:
    """Reuse a State's contributor record; other senders are matched by name."""
    category = incoming.category if incoming.category in ContributorCategory.values else ContributorCategory.INDIVIDUAL
    name = incoming.contributor_name.strip() or "(name not given)"
    if category in STATE_CATEGORIES and country is not None:
        contributor, _ = Contributor.objects.get_or_create(
            category=category, country=country, defaults={"name": name, "email": incoming.email}
        )
        return contributor
    found = Contributor.objects.filter(category=category, name__iexact=name, country=country).first()
    return found or Contributor.objects.create(
        name=name, category=category, country=country, email=incoming.email
    )


def allocate_reference(call: Call) -> tuple[str, dt.datetime]:
    """Next human-readable reference of the call (``ICH21-0007``), unique and in arrival order, and its time.

    The time is read while the counter row is still locked, so arrival times follow the numbers.

    One ``UPDATE … RETURNING`` on the call's counter in its own short transaction, before the
    submission's: the row lock lasts one statement, not until the submission commits, so the
    senders of one call no longer queue behind each other (decision 0020, throughput). A
    submission that then fails to store leaves a gap; references are unique, not dense.
    On PostgreSQL that transaction commits asynchronously: the submission's own commit flushes
    the WAL up to and including its counter bump, so no stored reference can be handed out twice.
    Inside a caller's transaction (imports) it simply joins it.
    """
    quote = connection.ops.quote_name
    table = quote(Call._meta.db_table)
    columns = {field.name: str(field.column) for field in Call._meta.concrete_fields}
    counter, prefix, key = (quote(columns[name]) for name in ("next_reference_number", "reference_prefix", "id"))
    own_transaction = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if own_transaction and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(f"UPDATE {table} SET {counter} = {counter} + 1 WHERE {key} = %s "
                       f"RETURNING {counter}, {prefix}", [call.pk])
        number, reference_prefix = cursor.fetchone()
        arrived = timezone.now()
    return f"{reference_prefix}-{number - 1:04d}", arrived


def store_attachment(
    submission: Submission, incoming: IncomingFile, verdict: FileVerdict, *, written: list[str] | None = None,
) -> Attachment:
    """Keep the file whatever it is; refuse it (with a reason) if it is not acceptable.

    ``written`` collects the storage names saved, so a failed transaction can remove them.
    """
    attachment = Attachment(
        submission=submission,
        original_name=incoming.name[:255],
        size=incoming.size,
        sha256=incoming.sha256(),
        detected_type=verdict.mime,
        extraction_status=ExtractionStatus.PENDING if verdict.accepted else ExtractionStatus.REFUSED,
        extraction_error="" if verdict.accepted else f"{incoming.name}: {verdict.reason}",
    )
    # An oversized file is recorded (name, size, hash) but its bytes are not kept:
    # the limit exists to protect storage.
    if incoming.size and not verdict.too_large:
        attachment.file.save(incoming.name, incoming.as_file(), save=False)
        if written is not None:
            written.append(str(attachment.file.name))
    attachment.save()
    return attachment


def max_file_bytes(call: Call) -> int:
    return (call.max_file_mb or settings.RAPPORTEUR["DEFAULT_MAX_FILE_MB"]) * 1024 * 1024


def check_file(call: Call, incoming: IncomingFile) -> FileVerdict:
    """Size limit of the call first (cheap), then the type by content (the caller's, if it sniffed already)."""
    limit = max_file_bytes(call)
    if incoming.size > limit:
        return FileVerdict(
            None, "", f"the file is {incoming.size / 1048576:.1f} MB; the limit is {limit // 1048576} MB",
            too_large=True, code="too-large",
        )
    return incoming.verdict if incoming.verdict is not None else classify(incoming.content())


def receive_submission(
    call: Call, incoming: IncomingSubmission, *, actor_label: str = "submitter"
) -> Submission:
    """Validate, store and (after commit) queue processing of one submission.

    If storing fails (disk full, read-only storage, database gone), the files already
    written are removed again and the error goes to the caller: no orphan files.
    """
    cleaned = sanitize(incoming)
    country, problems = validate_contributor(incoming)
    problems = [*incoming.problems, *problems]
    verdicts = [(f, check_file(call, f)) for f in incoming.files]
    file_errors = [f"{f.name}: {v.reason}" for f, v in verdicts if not v.accepted]
    if not problems and not incoming.text.strip() and not any(v.accepted for _, v in verdicts):
        detail = f" ({'; '.join(file_errors)})" if file_errors else ""
        problems.append(f"nothing to read: no text and no usable file{detail}")
    rejected = bool(problems)
    written: list[str] = []
    reference, arrived = allocate_reference(call)
    if incoming.received_at is None:
        incoming.received_at = arrived
    try:
        return _store(call, incoming, country, problems, verdicts, file_errors, cleaned, rejected, actor_label,
                      written, reference)
    except BaseException:
        _remove_files(written)
        raise


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 - best effort; the original error matters more
            log.warning("could not remove %s after a failed intake", name)


def _store(
    call: Call, incoming: IncomingSubmission, country: Country | None, problems: list[str],
    verdicts: list[tuple[IncomingFile, FileVerdict]], file_errors: list[str], cleaned: list[str], rejected: bool,
    actor_label: str, written: list[str], reference: str,
) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.create(
            call=call,
            contributor=_contributor_for(incoming, country),
            reference=reference,
            source=incoming.source,
            received_at=incoming.received_at or timezone.now(),
            contact_name=incoming.contact_name.strip(),
            contact_email=incoming.email.strip(),
            consent_to_publish=incoming.consent_to_publish,
            declared_language=incoming.language if incoming.language in UN_LANGUAGES else "",
            title=incoming.title.strip()[:500],
            text=incoming.text.strip(),
            status=SubmissionStatus.REJECTED if rejected else SubmissionStatus.RECEIVED,
            status_reason="; ".join(problems),
            errors=[*problems, *file_errors],
            idempotency_key=incoming.idempotency_key[:64],
        )
        attachments = [store_attachment(submission, f, v, written=written) for f, v in verdicts]
        record_event(
            AuditAction.SUBMISSION_RECEIVED,
            actor_label=actor_label,
            submission=submission,
            obj=submission,
            after={
                "status": submission.status,
                "source": submission.source,
                "files": [{"name": a.original_name, "size": a.size, "sha256": a.sha256} for a in attachments],
                **({"cleaned": cleaned} if cleaned else {}),
            },
        )
        if not rejected:
            announce_stored(submission.pk, "received")
    return submission
