"""Finding duplicates and mass-mailing campaigns (staff's say over them: ``submissions.services.duplicates``).

Two kinds of repeat, kept apart (decision 0017):

* a **duplicate** is the same sender's re-submission (the same contributor, e-mail
  address or name) whose text or a file repeats an earlier one: it gets status
  ``duplicate`` and drops out of the report;
* a **campaign copy** is an identical or near-identical text (MinHash similarity at
  least NEAR_DUPLICATE) from a *different* sender: ``duplicate_of`` points to the
  first letter, but the copy stays ``ready`` so it is counted and credited.

A file shared by different senders is never a match on its own: their own
covering texts must repeat each other too.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from submissions.models import Attachment, AuditAction, Submission, SubmissionStatus, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.selectors import submission_full_text
from submissions.services.audit import record_event
from submissions.services.duplicates import record_campaign_copy, record_found
from synthesis.fingerprints import (
    from_bytes,
    hash64,
    lsh_keys,
    minhash_signature,
    normalise,
    similarities,
    text_fingerprint,
    text_hash,
    to_bytes,
)
from synthesis.models import MinHashBand, SenderKey, TextFingerprint

NEAR_DUPLICATE = 0.6
# Statuses whose submissions can be the original of a duplicate.
_CANDIDATE_EXCLUDED = (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN)
# Bounds on one lookup, whatever the call: a bucket holds a few rows per group (copies add only
# the buckets their group lacks), a sender a few submissions; the caps only guard pathologies.
MAX_BUCKET_ROWS = 1000
MAX_SENDER_ROWS = 200


def _lock_call(call_id: int) -> None:
    """Serialise the final write per call, so two copies processed at once see each other."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, call_id])


@dataclass(frozen=True)
class Repeat:
    """What a submission repeats: its original, and whether it is the same sender's re-submission."""

    original: Submission
    resent: bool  # True: a duplicate (status ``duplicate``); False: a campaign copy (stays ``ready``)


@dataclass(frozen=True)
class _Probe:
    """What one submission brings to the lookup, computed before any lock is taken."""

    signature: np.ndarray
    text_hash: str
    keys: list[tuple[int, int]]
    senders: list[int]
    files: set[str]


# (band, bucket, submission id) rows found, and the submission ids sharing a sender key.
_Found = tuple[list[tuple[int, int, int]], list[int]]


def _probe(submission: Submission) -> _Probe:
    prefetch_related_objects([submission], "attachments")  # a no-op when processing prefetched them
    digest, signature = text_fingerprint(submission_full_text(submission))
    files = {a.sha256 for a in submission.attachments.all() if a.sha256}
    return _Probe(signature, digest, lsh_keys(signature, digest), sorted(hash64(k) for k in _sender_keys(submission)),
                  files)


def fingerprint(submission: Submission) -> TextFingerprint:
    digest, signature = text_fingerprint(submission_full_text(submission))
    fp, _ = TextFingerprint.objects.update_or_create(
        submission=submission,
        defaults={"call_id": submission.call_id, "text_hash": digest, "minhash": to_bytes(signature)},
    )
    return fp


def _store_fingerprint(submission: Submission, probe: _Probe) -> tuple[bool, bool]:
    """Write the submission's fingerprint; say whether it is new and whether staff confirmed it unique.

    PostgreSQL: one upsert (``update_or_create`` is a locked read, two savepoints and a write:
    issue 15 counts every statement of a first arrival); elsewhere ``update_or_create``.
    """
    if connection.vendor != "postgresql":
        fp, created = TextFingerprint.objects.update_or_create(
            submission=submission,
            defaults={"call_id": submission.call_id, "text_hash": probe.text_hash,
                      "minhash": to_bytes(probe.signature)},
        )
        return created, fp.confirmed_unique
    table = TextFingerprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (submission_id, call_id, text_hash, minhash, confirmed_unique, updated_at) "
            "VALUES (%s, %s, %s, %s, false, %s) ON CONFLICT (submission_id) DO UPDATE SET "
            "call_id = EXCLUDED.call_id, text_hash = EXCLUDED.text_hash, minhash = EXCLUDED.minhash, "
            "updated_at = EXCLUDED.updated_at RETURNING (xmax = 0), confirmed_unique",  # xmax 0: inserted
            [submission.pk, submission.call_id, probe.text_hash, to_bytes(probe.signature), timezone.now()],
        )
        created, confirmed_unique = cursor.fetchone()
    return bool(created), bool(confirmed_unique)


def _sender_keys(submission: Submission) -> set[str]:
    """What identifies a sender: the contributor row, the e-mail addresses, the folded name."""
    contributor = submission.contributor
    keys = {f"id:{submission.contributor_id}"}
    for email in (submission.contact_email, contributor.email):
        if email:
            keys.add(f"mail:{email.strip().lower()}")
    name = " ".join(contributor.name.lower().split())
    if name:
        keys.add(f"name:{name}")
    return keys


def same_sender(a: Submission, b: Submission) -> bool:
    return bool(_sender_keys(a) & _sender_keys(b))


def _own_text_similarity(a: Submission, b: Submission) -> float:
    """Similarity of what two senders wrote themselves (title and typed text), files left out."""
    text_a, text_b = f"{a.title}\n{a.text}".strip(), f"{b.title}\n{b.text}".strip()
    if not text_a or not text_b:
        return 0.0
    if text_hash(text_a) == text_hash(text_b):
        return 1.0
    return float(similarities(minhash_signature(text_a), minhash_signature(text_b)[None, :])[0])


def _lookup(submission: Submission, probe: _Probe) -> _Found:
    """Shared buckets and shared sender keys by index, whatever the size of the call.

    PostgreSQL: one statement (the keys joined as arrays, so the ORM does not compile a
    26-way OR for every submission); elsewhere two ORM queries.
    """
    if connection.vendor == "postgresql":
        bands, senders_table = MinHashBand._meta.db_table, SenderKey._meta.db_table
        sql = (
            f"(SELECT b.band, b.bucket_hash, b.submission_id FROM {bands} b "
            "JOIN unnest(%s::int[], %s::bigint[]) AS k(band, bucket) ON b.band = k.band AND b.bucket_hash = k.bucket "
            f"WHERE b.call_id = %s AND b.submission_id <> %s LIMIT {MAX_BUCKET_ROWS}) UNION ALL "
            f"(SELECT DISTINCT NULL::int, NULL::bigint, s.submission_id FROM {senders_table} s "
            f"WHERE s.call_id = %s AND s.key_hash = ANY(%s::bigint[]) AND s.submission_id <> %s "
            f"LIMIT {MAX_SENDER_ROWS})"
        )
        params: list[Any] = [[band for band, _ in probe.keys], [bucket for _, bucket in probe.keys],
                             submission.call_id, submission.pk, submission.call_id, probe.senders, submission.pk]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return ([(band, bucket, sid) for band, bucket, sid in found if band is not None],
                [sid for band, _, sid in found if band is None])
    buckets = Q()
    for band, bucket in probe.keys:
        buckets |= Q(band=band, bucket_hash=bucket)
    rows = list(
        MinHashBand.objects.filter(buckets, call_id=submission.call_id).exclude(submission_id=submission.pk)
        .values_list("band", "bucket_hash", "submission_id")[:MAX_BUCKET_ROWS]
    )
    senders = list(
        SenderKey.objects.filter(call_id=submission.call_id, key_hash__in=probe.senders)
        .exclude(submission_id=submission.pk).values_list("submission_id", flat=True).distinct()[:MAX_SENDER_ROWS]
    )
    return rows, senders


def _match(submission: Submission, probe: _Probe, found: _Found) -> tuple[Repeat | None, set[tuple[int, int]]]:
    """The earliest-received submission this one repeats, and the buckets its group already holds.

    Candidates come from the index only (a bucket or a sender key in common); each is
    verified on the whole signature. Rules of decision 0017: the same sender's repeat
    (text or a file) is a duplicate; a different sender's near-identical text is a
    campaign copy, except that a shared file alone is never a match.
    """
    rows, senders = found
    ids = {row[2] for row in rows} | set(senders)
    if not ids:
        return None, set()
    candidates = list(
        Submission.objects.filter(pk__in=ids).exclude(status__in=_CANDIDATE_EXCLUDED)
        .select_related("contributor", "duplicate_of__contributor", "fingerprint")
    )
    candidates = [c for c in candidates if getattr(c, "fingerprint", None) is not None]
    if not candidates:
        return None, set()
    same_file: set[int] = set()
    if probe.files:
        same_file = set(
            Attachment.objects.filter(submission_id__in=[c.pk for c in candidates], sha256__in=probe.files)
            .values_list("submission_id", flat=True)
        )
    sims = similarities(probe.signature, np.vstack([from_bytes(c.fingerprint.minhash) for c in candidates]))
    found_matches: list[tuple[Submission, bool]] = []
    for candidate, sim in zip(candidates, sims, strict=True):
        text_match = candidate.fingerprint.text_hash == probe.text_hash or sim >= NEAR_DUPLICATE
        if same_sender(submission, candidate):
            if text_match or candidate.pk in same_file:
                found_matches.append((candidate, True))
            continue
        if not text_match:
            continue
        # Different senders: a shared file alone says nothing; their own words must repeat too.
        if candidate.pk in same_file and _own_text_similarity(submission, candidate) < NEAR_DUPLICATE:
            continue
        found_matches.append((candidate, False))
    repeat, members = _earliest_root(submission, found_matches)
    if repeat is None:
        return None, set()
    covered = {(band, bucket) for band, bucket, sid in rows if sid in members}
    return repeat, covered


def _earliest_root(submission: Submission,
                   matches: Sequence[tuple[Submission, bool]]) -> tuple[Repeat | None, set[int]]:
    """A match that is itself a copy leads to its original (the first letter of a campaign)."""
    key = (submission.received_at, submission.reference)
    roots: dict[int, tuple[Submission, bool]] = {}
    members: dict[int, set[int]] = {}
    for candidate, resent in matches:
        root = candidate.duplicate_of if candidate.duplicate_of is not None else candidate
        resent = resent and (root is candidate or same_sender(submission, root))
        if (root.received_at, root.reference) < key:
            roots[root.pk] = (root, resent or roots.get(root.pk, (root, False))[1])
            members.setdefault(root.pk, {root.pk}).add(candidate.pk)
    if not roots:
        return None, set()
    root, resent = min(roots.values(), key=lambda pair: (pair[0].received_at, pair[0].reference))
    return Repeat(root, resent), members[root.pk]


def find_match(submission: Submission, fp: TextFingerprint | None = None) -> tuple[Submission, bool] | None:
    """The earliest-received submission this one repeats, and whether it is the same sender's."""
    probe = _probe(submission)
    repeat, _ = _match(submission, probe, _lookup(submission, probe))
    return (repeat.original, repeat.resent) if repeat else None


def find_original(submission: Submission, fp: TextFingerprint | None = None) -> Submission | None:
    """The earliest-received submission this one repeats (a re-submission or a campaign's first letter)."""
    match = find_match(submission, fp)
    return match[0] if match else None


def _write_index(submission: Submission, probe: _Probe, covered: set[tuple[int, int]], *, first: bool) -> None:
    """Replace the submission's buckets and sender keys; a copy adds only the buckets its group lacks."""
    if not first:  # processed again (amended, retried): its old keys go
        MinHashBand.objects.filter(submission_id=submission.pk).delete()
        SenderKey.objects.filter(submission_id=submission.pk).delete()
    keys = [(band, bucket) for band, bucket in probe.keys if (band, bucket) not in covered]
    if connection.vendor == "postgresql":
        # Both tables in one statement, no model instance per row (two bulk_creates: issue 15).
        bands, senders = MinHashBand._meta.db_table, SenderKey._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH bands AS (INSERT INTO {bands} (call_id, band, bucket_hash, submission_id) "
                "SELECT %s, k.band, k.bucket, %s FROM unnest(%s::smallint[], %s::bigint[]) AS k(band, bucket)) "
                f"INSERT INTO {senders} (call_id, key_hash, submission_id) SELECT %s, k.key, %s "
                "FROM unnest(%s::bigint[]) AS k(key)",
                [submission.call_id, submission.pk, [band for band, _ in keys], [bucket for _, bucket in keys],
                 submission.call_id, submission.pk, probe.senders],
            )
        return
    MinHashBand.objects.bulk_create(
        MinHashBand(call_id=submission.call_id, band=band, bucket_hash=bucket, submission_id=submission.pk)
        for band, bucket in keys
    )
    SenderKey.objects.bulk_create(
        SenderKey(call_id=submission.call_id, key_hash=key, submission_id=submission.pk) for key in probe.senders
    )


def detect_repeat(submission: Submission) -> Repeat | None:
    """Fingerprint the submission, index it and record what it repeats (the core's services).

    The signature and the lookup run without a lock; the per-call advisory lock is
    held only for the final write, where the two indexed lookup queries are run again
    so that two copies processed at once still see each other.
    """
    probe = _probe(submission)
    found = _lookup(submission, probe)
    repeat, covered = _match(submission, probe, found)
    with transaction.atomic():
        _lock_call(submission.call_id)
        fresh = _lookup(submission, probe)
        if set(fresh[0]) != set(found[0]) or set(fresh[1]) != set(found[1]):
            repeat, covered = _match(submission, probe, fresh)  # another letter arrived meanwhile
        created, confirmed_unique = _store_fingerprint(submission, probe)
        if confirmed_unique:
            repeat, covered = None, set()
        _write_index(submission, probe, covered, first=created)
        if repeat is None:
            return None
        if repeat.resent:
            record_found(submission, repeat.original)
        else:
            # A campaign letter: linked to the first letter, but processing goes on to "ready".
            record_campaign_copy(submission, repeat.original)
    return repeat


def detect_duplicate(submission: Submission) -> Submission | None:
    """Like ``detect_repeat``, returning the original only when the submission became a ``duplicate``."""
    repeat = detect_repeat(submission)
    return repeat.original if repeat is not None and repeat.resent else None


def _undecided(tag: ThemeTag) -> bool:
    return tag.origin == TagOrigin.AUTO and tag.accepted is None


def inherit_suggestions(copy: Submission, original: Submission) -> bool:
    """A copy takes its original's theme suggestions and evidence instead of being embedded again.

    Evidence is kept where the copy has the same wording (files mapped in order);
    staff decisions on the copy are left as they are. False when the original has
    nothing to give yet (still being processed): the copy is then scored itself.
    """
    if original.status in (SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING):
        return False
    given = [t for t in ThemeTag.objects.filter(submission=original).select_related("theme") if t.accepted is not False]
    originals_files = list(Attachment.objects.filter(submission=original).order_by("pk").values_list("pk", flat=True))
    copy_files = list(Attachment.objects.filter(submission=copy).order_by("pk").values_list("pk", flat=True))
    files = dict(zip(originals_files, copy_files, strict=False))
    prefetch_related_objects([copy], "attachments")
    wording = normalise(submission_full_text(copy))

    def evidence_for(tag: ThemeTag) -> list[dict]:
        kept = []
        for item in tag.evidence or []:
            attachment = item.get("attachment")
            if attachment is not None and attachment not in files:
                continue
            if normalise(str(item.get("text", ""))) not in wording:
                continue
            kept.append({**item, "attachment": files.get(attachment) if attachment is not None else None})
        return kept

    with transaction.atomic():
        existing = {t.theme_id: t for t in ThemeTag.objects.select_for_update().filter(submission=copy)}
        wanted = {t.theme_id: t for t in given}
        removed = [t.pk for theme_id, t in existing.items() if _undecided(t) and theme_id not in wanted]
        created: list[ThemeTag] = []
        updated: list[ThemeTag] = []
        for theme_id, source in wanted.items():
            tag = existing.get(theme_id)
            if tag is None:
                created.append(ThemeTag(submission=copy, theme_id=theme_id, origin=TagOrigin.AUTO,
                                        score=source.score, evidence=evidence_for(source)))
            elif _undecided(tag):
                tag.score, tag.evidence, tag.updated_at = source.score, evidence_for(source), timezone.now()
                updated.append(tag)
        if removed:
            ThemeTag.objects.filter(pk__in=removed).delete()
        ThemeTag.objects.bulk_create(created)
        if updated:
            ThemeTag.objects.bulk_update(updated, ["score", "evidence", "updated_at"])
        if created or updated or removed:
            record_event(AuditAction.THEMES_SUGGESTED, actor_label="system", submission=copy,
                         after={"themes": {t.theme.key: t.score for t in given}, "from": original.reference})
    return True


def remember_not_duplicate(sender: object, submission_id: int, **kwargs: object) -> None:
    """Receiver of ``duplicate_undone``: never flag this submission again automatically."""
    fp = TextFingerprint.objects.filter(submission_id=submission_id).first()
    if fp is None:
        return
    TextFingerprint.objects.filter(pk=fp.pk).update(confirmed_unique=True)
    # It now stands for itself: index every bucket, so later copies of it find it.
    MinHashBand.objects.filter(submission_id=submission_id).delete()
    MinHashBand.objects.bulk_create(
        MinHashBand(call_id=fp.call_id, band=band, bucket_hash=bucket, submission_id=submission_id)
        for band, bucket in lsh_keys(from_bytes(fp.minhash), fp.text_hash)
    )
