"""Receiving a submission: the one path from the portal and from imports.

A submission is stored, with every file, in one transaction before any
background work is queued (``transaction.on_commit``), so a broker outage or a
crash never loses what someone sent. Bad input is kept too, marked rejected
with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from submissions.filetypes import FileVerdict, classify
from submissions.models import Attachment, AuditAction, Call, Contributor, Country, Submission, SubmissionStatus
from submissions.models.contributors import CATEGORIES_WITH_COUNTRY, STATE_CATEGORIES, ContributorCategory
from submissions.models.files import ExtractionStatus
from submissions.multilingual import UN_LANGUAGES
from submissions.services.audit import record_event
from submissions.signals import announce_stored


@dataclass
class IncomingFile:
    """A file as received: its name as the sender gave it and its bytes."""

    name: str
    data: bytes


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
    contributor = Contributor.objects.filter(category=category, name__iexact=name, country=country).first()
    return contributor or Contributor.objects.create(
        name=name, category=category, country=country, email=incoming.email
    )


def allocate_reference(call: Call) -> str:
    """Next human-readable reference of the call (``ICH21-0007``), race-free."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    number = locked.next_reference_number
    Call.objects.filter(pk=call.pk).update(next_reference_number=number + 1)
    return f"{locked.reference_prefix}-{number:04d}"


def store_attachment(submission: Submission, incoming: IncomingFile, verdict: FileVerdict) -> Attachment:
    """Keep the file whatever it is; refuse it (with a reason) if it is not acceptable."""
    attachment = Attachment(
        submission=submission,
        original_name=incoming.name[:255],
        size=len(incoming.data),
        sha256=hashlib.sha256(incoming.data).hexdigest(),
        detected_type=verdict.mime,
        extraction_status=ExtractionStatus.PENDING if verdict.accepted else ExtractionStatus.REFUSED,
        extraction_error="" if verdict.accepted else f"{incoming.name}: {verdict.reason}",
    )
    # An oversized file is recorded (name, size, hash) but its bytes are not kept:
    # the limit exists to protect storage.
    if incoming.data and not verdict.too_large:
        attachment.file.save(incoming.name, ContentFile(incoming.data), save=False)
    attachment.save()
    return attachment


def max_file_bytes(call: Call) -> int:
    return (call.max_file_mb or settings.RAPPORTEUR["DEFAULT_MAX_FILE_MB"]) * 1024 * 1024


def check_file(call: Call, incoming: IncomingFile) -> FileVerdict:
    """Size limit of the call first (cheap), then the type by content."""
    limit = max_file_bytes(call)
    if len(incoming.data) > limit:
        return FileVerdict(
            None, "", f"the file is {len(incoming.data) / 1048576:.1f} MB; the limit is {limit // 1048576} MB",
            too_large=True,
        )
    return classify(incoming.data)


def receive_submission(
    call: Call, incoming: IncomingSubmission, *, actor_label: str = "submitter"
) -> Submission:
    """Validate, store and (after commit) queue processing of one submission."""
    country, problems = validate_contributor(incoming)
    problems = [*incoming.problems, *problems]
    verdicts = [(f, check_file(call, f)) for f in incoming.files]
    file_errors = [f"{f.name}: {v.reason}" for f, v in verdicts if not v.accepted]
    if not problems and not incoming.text.strip() and not any(v.accepted for _, v in verdicts):
        detail = f" ({'; '.join(file_errors)})" if file_errors else ""
        problems.append(f"nothing to read: no text and no usable file{detail}")
    rejected = bool(problems)
    with transaction.atomic():
        submission = Submission.objects.create(
            call=call,
            contributor=_contributor_for(incoming, country),
            reference=allocate_reference(call),
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
        )
        attachments = [store_attachment(submission, f, v) for f, v in verdicts]
        record_event(
            AuditAction.SUBMISSION_RECEIVED,
            actor_label=actor_label,
            submission=submission,
            obj=submission,
            after={
                "status": submission.status,
                "source": submission.source,
                "files": [{"name": a.original_name, "size": a.size, "sha256": a.sha256} for a in attachments],
            },
        )
        if not rejected:
            announce_stored(submission.pk, "received")
    return submission
