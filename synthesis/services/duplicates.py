"""Finding duplicates and mass-mailing campaigns (staff's say over them: ``submissions.services.duplicates``).

A submission repeats another when a file is byte-identical, when its normalised
text is identical, or when its MinHash similarity is at least NEAR_DUPLICATE
(campaign letters that change a greeting, a name or a sentence). ``duplicate_of``
points to the earliest-received submission of the group.
"""
from __future__ import annotations

import numpy as np
from django.db import connection, transaction

from submissions.models import Submission, SubmissionStatus
from submissions.selectors import submission_full_text
from submissions.services.duplicates import record_found
from synthesis.fingerprints import from_bytes, minhash_signature, similarities, text_hash, to_bytes
from synthesis.models import TextFingerprint

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
    """Fingerprint the submission and, if it repeats an earlier one, record it (the core's service)."""
    with transaction.atomic():
        _lock_call(submission.call_id)
        fp = fingerprint(submission)
        if fp.confirmed_unique:
            return None
        original = find_original(submission, fp)
        if original is None:
            return None
        record_found(submission, original)
    return original


def remember_not_duplicate(sender: object, submission_id: int, **kwargs: object) -> None:
    """Receiver of ``duplicate_undone``: never flag this submission again automatically."""
    TextFingerprint.objects.filter(submission_id=submission_id).update(confirmed_unique=True)
