"""Finding duplicates and mass-mailing campaigns, and the staff's say over them.

A submission repeats another when a file is byte-identical, when its normalised
text is identical, or when its MinHash similarity is at least NEAR_DUPLICATE
(campaign letters that change a greeting, a name or a sentence). ``duplicate_of``
points to the earliest-received submission of the group.
"""
from __future__ import annotations

import numpy as np
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction

from submissions.models import Submission, SubmissionStatus
from submissions.services.audit import record_event
from submissions.services.status import change_status

from ..fingerprints import from_bytes, minhash_signature, similarities, text_hash, to_bytes
from ..models import TextFingerprint
from ..selectors import submission_full_text

NEAR_DUPLICATE = 0.6
# Statuses whose submissions can be the original of a duplicate.
_CANDIDATE_EXCLUDED = (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN)


def _lock_call(call_id: int) -> None:
    """Serialise duplicate detection per call, so two copies processed at once see each other."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, call_id])


def fingerprint(submission: Submission) -> TextFingerprint:
    text = submission_full_text(submission)
    fp, _ = TextFingerprint.objects.update_or_create(
        submission=submission,
        defaults={"call_id": submission.call_id, "text_hash": text_hash(text),
                  "minhash": to_bytes(minhash_signature(text))},
    )
    return fp


def find_original(submission: Submission, fp: TextFingerprint) -> Submission | None:
    """The earliest-received submission this one repeats, if any."""
    others = list(
        TextFingerprint.objects.filter(call_id=submission.call_id)
        .exclude(submission=submission)
        .exclude(submission__status__in=_CANDIDATE_EXCLUDED)
        .select_related("submission")
    )
    hashes = set(submission.attachments.exclude(sha256="").values_list("sha256", flat=True))
    same_file = set()
    if hashes:
        same_file = set(
            Submission.objects.filter(call_id=submission.call_id, attachments__sha256__in=hashes)
            .exclude(pk=submission.pk)
            .values_list("pk", flat=True)
        )
    if not others:
        return None
    sims = similarities(from_bytes(fp.minhash), np.vstack([from_bytes(o.minhash) for o in others]))
    matches = [
        o.submission
        for o, sim in zip(others, sims, strict=True)
        if o.submission_id in same_file or o.text_hash == fp.text_hash or sim >= NEAR_DUPLICATE
    ]
    # A match that is itself a duplicate leads to its original.
    roots = {m.duplicate_of if m.duplicate_of_id else m for m in matches}
    earlier = [r for r in roots if (r.received_at, r.reference) < (submission.received_at, submission.reference)]
    return min(earlier, key=lambda r: (r.received_at, r.reference), default=None)


def detect_duplicate(submission: Submission) -> Submission | None:
    """Fingerprint the submission and mark it a duplicate of its original, if any."""
    with transaction.atomic():
        _lock_call(submission.call_id)
        fp = fingerprint(submission)
        if fp.confirmed_unique:
            return None
        original = find_original(submission, fp)
        if original is None:
            return None
        Submission.objects.filter(pk=submission.pk).update(duplicate_of=original)
        submission.duplicate_of = original
        record_event("submission.duplicate_found", actor_label="system", submission=submission,
                     after={"duplicate_of": original.reference})
    change_status(submission, SubmissionStatus.DUPLICATE, actor_label="system")
    return original


@transaction.atomic
def undo_duplicate(submission: Submission, *, actor: AbstractBaseUser) -> Submission:
    """Staff: this is not a duplicate. It is never flagged again automatically."""
    before = submission.duplicate_of.reference if submission.duplicate_of_id else None
    Submission.objects.filter(pk=submission.pk).update(duplicate_of=None)
    submission.duplicate_of = None
    TextFingerprint.objects.filter(submission=submission).update(confirmed_unique=True)
    record_event("submission.duplicate_undone", actor=actor, submission=submission,
                 before={"duplicate_of": before}, after={"duplicate_of": None})
    if submission.status == SubmissionStatus.DUPLICATE:
        change_status(submission, SubmissionStatus.READY, actor=actor)
    return submission


@transaction.atomic
def mark_duplicate(submission: Submission, original: Submission, *, actor: AbstractBaseUser) -> Submission:
    """Staff: this repeats ``original`` (campaign letters the machine missed)."""
    if original.call_id != submission.call_id or original.pk == submission.pk:
        raise ValueError("A submission can only repeat another submission of the same call.")
    root = original.duplicate_of or original
    Submission.objects.filter(pk=submission.pk).update(duplicate_of=root)
    submission.duplicate_of = root
    record_event("submission.duplicate_marked", actor=actor, submission=submission,
                 after={"duplicate_of": root.reference})
    change_status(submission, SubmissionStatus.DUPLICATE, actor=actor)
    return submission
