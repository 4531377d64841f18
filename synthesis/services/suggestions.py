"""Writing theme suggestions. Staff decisions are never overwritten.

Scoring looks at the whole call (decision 0017): a submission is scored with
its call's other submissions (call prototypes, call z-scores) and with what
staff decided so far (``synthesis.learning``), so ``refresh_call`` re-scores
every undecided suggestion of a call after a submission arrives or staff decide.
Each submission's passages, vectors and folded text are kept (``PassageVectors``), so
that re-scoring reads the call in one query and cuts again only what changed (issue 15).
A large call (more than ``SCORING_REFERENCE`` letters) is scored against its reference,
not read whole for every arrival (decision 0021).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import icu
import numpy as np
from django.db import transaction
from django.db.models import Q, prefetch_related_objects

from submissions.models import AuditAction, Call, Submission, SubmissionStatus, Theme, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.audit import record_event
from synthesis import furniture, reflow, sentences, thesaurus, wordcount
from synthesis import passages as passages_module
from synthesis.embeddings import embed
from synthesis.learning import adapt
from synthesis.models import PassageVectors
from synthesis.passages import Passage, submission_passages
from synthesis.tagging import (
    CallThemeModel,
    SubmissionInput,
    build_call_model,
    call_features,
    default_model,
    suggested,
)
from synthesis.thesaurus import fold

# Submissions whose suggestions take part in (and are refreshed with) the call's scoring.
_SCORED = (SubmissionStatus.PROCESSING, SubmissionStatus.READY, SubmissionStatus.IN_REVIEW,
           SubmissionStatus.INCLUDED, SubmissionStatus.DUPLICATE)

_MODELS: OrderedDict[str, CallThemeModel] = OrderedDict()
_MODEL_CACHE_SIZE = 8
EVIDENCE_PER_THEME = 3
EVIDENCE_FLOOR = 0.30
# A re-score moving a suggestion's score by less than this does not rewrite it.
SCORE_TOLERANCE = 0.02


def call_model(call: Call, themes: Sequence[Theme] | None = None) -> CallThemeModel:
    """The call's theme model, cached per process until the themes change.

    ``themes``: the call's themes when the caller has read them already (one read per run).
    """
    described = [(t.key, t.name, t.description, t.keywords)
                 for t in (call.themes.all() if themes is None else themes)]
    signature = f"{call.pk}:{json.dumps(described, sort_keys=True, ensure_ascii=False)}"
    model = _MODELS.get(signature)
    if model is None:
        model = build_call_model(described)
        _MODELS[signature] = model
        while len(_MODELS) > _MODEL_CACHE_SIZE:
            _MODELS.popitem(last=False)
    return model


def _undecided(tag: ThemeTag) -> bool:
    return tag.origin == TagOrigin.AUTO and tag.accepted is None


def _texts_hash(passages: list[Passage]) -> str:
    return hashlib.sha256("\x1e".join(p.text for p in passages).encode()).hexdigest()


def passage_vectors(submission: Submission, passages: list[Passage]) -> np.ndarray:
    """The passages' embeddings, from the store when the passages did not change."""
    stored = PassageVectors.objects.filter(submission=submission).first()
    return _vectors(submission, passages, stored)


def _decode(stored: PassageVectors) -> np.ndarray:
    # 512 columns, not -1: a submission with no passages stores zero rows, which -1 cannot reshape.
    return np.frombuffer(bytes(stored.vectors), dtype=np.float16).reshape(stored.count, 512).astype(np.float32)


def _vectors(submission: Submission, passages: list[Passage], stored: PassageVectors | None,
             source_hash: str = "", folded: str | None = None) -> np.ndarray:
    """Embed the passages unless ``stored`` holds them; store them (and, with ``source_hash``, the passages).

    ``folded``: the passages' folded text when the caller has it already.
    """
    digest = _texts_hash(passages)
    if stored is not None and stored.texts_hash == digest:
        vectors = _decode(stored)
        if not source_hash or stored.source_hash == source_hash:
            return vectors
    else:
        vectors = embed([p.text for p in passages])
    defaults: dict = {"call_id": submission.call_id, "texts_hash": digest, "count": len(passages),
                      "vectors": vectors.astype(np.float16).tobytes()}
    if source_hash:
        defaults.update(source_hash=source_hash, passages=[list(_passage_fields(p)) for p in passages],
                        folded_text=_folded(passages) if folded is None else folded)
    elif stored is not None and stored.texts_hash != digest:
        defaults.update(source_hash="", passages=[], folded_text="")  # the stored passages are no longer these
    # One upsert (``update_or_create`` read the row again, locked, between two savepoints).
    row = PassageVectors(submission=submission, **defaults)
    PassageVectors.objects.bulk_create([row], update_conflicts=True, unique_fields=["submission"],
                                       update_fields=[*defaults, "updated_at"])
    return vectors


def _folded(passages: list[Passage]) -> str:
    return fold(" ".join(p.text for p in passages))


# Passages are stored with what they were cut by: the modules that cut and fold them, ICU and Unicode.
_CUTTING = (passages_module, reflow, sentences, furniture, wordcount, thesaurus)
_PASSAGE_FIELDS = len(fields(Passage))
# A passage's fields in order: ``astuple`` without its deep copy (every field is a str, int, bool or None).
_passage_fields = operator.attrgetter(*(f.name for f in fields(Passage)))


@lru_cache(maxsize=1)
def _cutting_version() -> bytes:
    digest = hashlib.sha256()
    for module in _CUTTING:
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(f"{icu.ICU_VERSION}:{unicodedata.unidata_version}".encode())
    return digest.digest()


def _source_hash(submission: Submission) -> str:
    """What the submission's passages are cut from: its language, typed text and files' text (and the code).

    A superset of what ``submission_passages`` reads, so any change to it (an amended
    text, a file extracted again or no longer usable) gives another hash.
    """
    digest = hashlib.sha256(_cutting_version())
    parts: list[str] = [submission.language, submission.text]
    for attachment in submission.attachments.all():
        parts += [str(attachment.pk), str(attachment.usable), attachment.extracted_text,
                  str(len(attachment.pages or [])), *(attachment.pages or [])]
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _stored_passages(stored: PassageVectors) -> list[Passage] | None:
    rows = stored.passages
    if not isinstance(rows, list) or any(len(row) != _PASSAGE_FIELDS for row in rows):
        return None  # stored by another version of Passage: cut again
    return [Passage(*row) for row in rows]


def scoring_inputs(submissions: Sequence[Submission], *, passages_for: set[int] | None = None,
                   trusted: set[int] | None = None) -> dict[int, tuple[list[Passage] | None, SubmissionInput]]:
    """Each submission's passages and scoring input, from the store where its texts did not change.

    One query reads every stored row (``attachments`` should be prefetched); only a
    submission whose texts (or the cutting code) changed is cut into passages again, and
    only one whose passages changed is embedded again. ``passages_for``: the submissions
    whose passages the caller needs (all when None); the others' are not read. ``trusted``: others whose
    stored row is used without reading their texts to check it (a large call's reference: a letter
    whose texts change is processed, and stored, again).
    """
    rows = PassageVectors.objects.filter(submission__in=[s.pk for s in submissions])
    if passages_for is not None:
        rows = rows.defer("passages")
    stored = {row.submission_id: row for row in rows}
    if passages_for is not None and (needed := [pk for pk in passages_for if pk in stored]):
        # The wanted rows' passages in one more query, not one per row (a large call's chunks).
        for pk, cut_passages in PassageVectors.objects.filter(submission__in=needed).values_list(
                "submission_id", "passages"):
            stored[pk].passages = cut_passages
    result: dict[int, tuple[list[Passage] | None, SubmissionInput]] = {}
    for submission in submissions:
        row = stored.get(submission.pk)
        if row is not None and trusted and submission.pk in trusted and (
                passages_for is None or submission.pk not in passages_for):
            version = f"{row.pk}:{row.texts_hash}:{row.updated_at.isoformat()}"
            result[submission.pk] = (None, SubmissionInput(_decode(row), row.folded_text, version))
            continue
        source_hash = _source_hash(submission)
        wanted = passages_for is None or submission.pk in passages_for
        if row is not None and row.source_hash == source_hash:
            cut = _stored_passages(row) if wanted else None
            if cut is not None or not wanted:
                # The row's version names its vectors for the similarity memo (no hashing of the arrays).
                version = f"{row.pk}:{row.texts_hash}:{row.updated_at.isoformat()}"
                result[submission.pk] = (cut, SubmissionInput(_decode(row), row.folded_text, version))
                continue
        cut = submission_passages(submission)
        folded = _folded(cut)  # stored and scored: folded once
        vectors = _vectors(submission, cut, row, source_hash, folded)
        result[submission.pk] = (cut, SubmissionInput(vectors, folded))
    return result


def submission_input(submission: Submission, passages: list[Passage] | None = None) -> SubmissionInput:
    if passages is None:
        return scoring_inputs([submission])[submission.pk][1]
    return SubmissionInput(passage_vectors(submission, passages), _folded(passages))


def _write(submission: Submission, themes: dict, keys: list[str], probabilities: np.ndarray, chosen: np.ndarray,
           sims: np.ndarray, passages: list[Passage]) -> list[ThemeTag]:
    """Refresh one submission's undecided machine suggestions; decided and staff tags stay as they are.

    New tags are inserted together and dropped ones deleted together (one statement each).
    """
    # No ordering: it joins the themes, and FOR UPDATE would lock them too.
    existing = {t.theme_id: t for t in ThemeTag.objects.select_for_update().filter(submission=submission).order_by()}
    kept: list[ThemeTag] = []
    created: list[ThemeTag] = []
    dropped: list[int] = []
    changed = False
    for index, key in enumerate(keys):
        theme = themes[key]
        tag = existing.get(theme.pk)
        if tag is not None and not _undecided(tag):
            continue
        if not chosen[index]:
            if tag is not None:
                dropped.append(tag.pk)
            continue
        score = round(float(probabilities[index]), 4)
        order: list[int] = [int(i) for i in np.argsort(-sims[:, index])[:EVIDENCE_PER_THEME]] if len(sims) else []
        evidence = [passages[i].as_evidence(float(sims[i, index])) for i in order
                    if sims[i, index] >= EVIDENCE_FLOOR]
        if tag is None:
            tag = ThemeTag(submission=submission, theme=theme, origin=TagOrigin.AUTO, score=score, evidence=evidence)
            created.append(tag)
        elif tag.score is not None and abs(tag.score - score) < SCORE_TOLERANCE and tag.evidence == evidence:
            kept.append(tag)
            continue
        else:
            tag.score, tag.evidence = score, evidence
            tag.save()
        changed = True
        kept.append(tag)
    if dropped:
        ThemeTag.objects.filter(pk__in=dropped).delete()
        changed = True
    if created:
        ThemeTag.objects.bulk_create(created)
    if changed:
        record_event(AuditAction.THEMES_SUGGESTED, actor_label="system", submission=submission,
                     after={"themes": {t.theme.key: t.score for t in kept}})
    return kept


def staff_decisions(submissions: Sequence[Submission], keys: Sequence[str]) -> dict[tuple[int, int], bool]:
    """What staff said of (submission index, theme index): accepted or rejected tags, and for a
    submission staff *included*, every theme it has no accepted tag for counts as rejected.

    Including a submission ends its triage: its themes are the ones staff kept (decision 0017:
    the themes nobody suggested there then teach the model too, not only the suggestions shown).
    """
    index = {s.pk: i for i, s in enumerate(submissions)}
    theme_index = {key: t for t, key in enumerate(keys)}
    decisions = {
        (index[tag.submission_id], theme_index[tag.theme.key]): bool(tag.accepted)
        for tag in ThemeTag.objects.filter(submission__in=list(submissions), accepted__isnull=False)
        .select_related("theme").order_by()
        if tag.theme.key in theme_index
    }
    for submission in submissions:
        if submission.status == SubmissionStatus.INCLUDED:
            row = index[submission.pk]
            for theme in range(len(keys)):
                decisions.setdefault((row, theme), False)
    return decisions


def _score(call: Call, submissions: list[Submission], items: list[SubmissionInput],
           themes: Sequence[Theme] | None = None) -> tuple:
    """Probabilities, suggestions and similarities for every given submission of the call."""
    model = call_model(call, themes)
    keys = [p.key for p in model.profiles]
    features, sims = call_features(model, items)
    linear = default_model()
    probabilities = linear.probabilities(features)
    probabilities = adapt(probabilities, items, sims, staff_decisions(submissions, keys),
                          languages=[s.language for s in submissions])
    chosen = suggested(probabilities, linear.threshold)
    for i, item in enumerate(items):
        if not len(item.vectors):
            chosen[i] = False
    return keys, probabilities, chosen, sims


def refresh_call(call: Call, only: Submission | None = None) -> int:
    """Re-score the call's undecided suggestions (all submissions, or ``only`` one); returns tags kept."""
    return len(_refresh(call, only))


# A call with more scored submissions than this is scored against a reference of them (issue 15):
# reading the whole call for every arrival made an original letter's processing linear in the
# call (a 20,000-letter call: 20,000 rows of vectors read and compared per arrival). The call-level
# signals were fitted on calls of 40-50 letters; a reference of 100 gives them more than that.
SCORING_REFERENCE = 100
REFERENCE_DECIDED = 50  # of which the most recently decided letters, for learning from staff
REFRESH_CHUNK = 100  # submissions scored at once with the reference when a large call is refreshed


def _refresh(call: Call, only: Submission | None) -> list[ThemeTag]:
    """``refresh_call``, returning the undecided machine suggestions it kept or wrote."""
    return _refresh_and_size(call, only)[0]


def _refresh_and_size(call: Call, only: Submission | None) -> tuple[list[ThemeTag], bool]:
    """The suggestions kept, and whether the call was large (scored against its reference)."""
    # Processing passes the submission it has just read with its files: those are not read again.
    reuse = only is not None and "attachments" in getattr(only, "_prefetched_objects_cache", {})
    # One more than fits: a call of at most SCORING_REFERENCE + 1 is read whole, as one list.
    submissions = list(call.submissions.filter(status__in=_SCORED)[: SCORING_REFERENCE + 2])
    if len(submissions) > SCORING_REFERENCE + 1:
        return _refresh_large(call, only, reuse), True
    if reuse:
        assert only is not None
        submissions = [only if s.pk == only.pk else s for s in submissions]  # same row, same place in the order
    # The others' files, in one query; none when there are no others (a call's first arrival).
    prefetch_related_objects([s for s in submissions if s is not only or not reuse], "attachments")
    if only is not None and only.pk not in {s.pk for s in submissions}:
        submissions.append(only)
    return _score_and_write(call, submissions, None if only is None else [only]), False


def _score_and_write(call: Call, submissions: list[Submission], written: list[Submission] | None,
                     call_themes: list[Theme] | None = None, trusted: set[int] | None = None) -> list[ThemeTag]:
    """Score ``submissions`` together and refresh the suggestions of ``written`` (all when None).

    ``trusted``: submissions scored with their stored vectors as they are (``scoring_inputs``).
    """
    if call_themes is None:
        call_themes = list(call.themes.all()) if submissions else []  # read once: model, checks and writes
    if not call_themes:
        return []
    wanted = None if written is None else {s.pk for s in written}
    inputs = scoring_inputs(submissions, passages_for=wanted, trusted=trusted)
    keys, probabilities, chosen, sims = _score(call, submissions, [inputs[s.pk][1] for s in submissions],
                                               call_themes)
    themes = {t.key: t for t in call_themes}
    kept: list[ThemeTag] = []
    with transaction.atomic():
        for i, submission in enumerate(submissions):
            if wanted is not None and submission.pk not in wanted:
                continue
            cut = inputs[submission.pk][0]
            assert cut is not None  # read for every submission written
            kept += _write(submission, themes, keys, probabilities[i], chosen[i], sims[i], cut)
    return kept


def scoring_reference(call: Call, exclude: Sequence[int] = (), *, whole: bool = True) -> list[Submission]:
    """The submissions a large call's letters are scored with: its latest decided letters (learning
    from staff), then its first letters, SCORING_REFERENCE in all, each with stored vectors.

    Copies are left out of the first letters (they repeat their original); none of these is
    embedded to be a reference. The same letters whatever arrives later, so an arrival does not
    change how the others score (a large call is not re-scored after arrivals, only after decisions).
    Each query reads as many rows as it returns (the decided ones through ``themetag_decided``), not
    the call. ``whole=False``: the rows without their texts or files, for scoring with their stored
    vectors as they are (``scoring_inputs(trusted=...)``).
    """
    scored = (call.submissions.filter(status__in=_SCORED, passage_vectors__isnull=False)
              .exclude(pk__in=list(exclude)).order_by())
    latest = (ThemeTag.objects.filter(accepted__isnull=False, submission__call=call,
                                      submission__status__in=_SCORED, submission__passage_vectors__isnull=False)
              .exclude(submission__in=list(exclude)).order_by("-decided_at")
              .values_list("submission_id", flat=True)[: REFERENCE_DECIDED * 20])
    decided = list(dict.fromkeys(latest))[:REFERENCE_DECIDED]
    if len(decided) < REFERENCE_DECIDED:  # included letters are decided too (every theme settled)
        decided += [pk for pk in scored.filter(status=SubmissionStatus.INCLUDED).exclude(pk__in=decided)
                    .order_by("-updated_at").values_list("pk", flat=True)[: REFERENCE_DECIDED - len(decided)]]
    first = list(scored.filter(duplicate_of__isnull=True).exclude(pk__in=decided).order_by("pk")
                 .values_list("pk", flat=True)[: SCORING_REFERENCE - len(decided)])
    rows = Submission.objects.filter(pk__in=decided + first).order_by("pk")
    if not whole:
        return list(rows.only("id", "call_id", "status", "declared_language", "detected_language"))
    reference = list(rows)
    prefetch_related_objects(reference, "attachments")
    return reference


def _refresh_large(call: Call, only: Submission | None, reuse: bool) -> list[ThemeTag]:
    """A large call: ``only`` scored with the reference, or every letter in chunks with it.

    In a whole refresh, copies without vectors of their own take their original's suggestions
    again (``inherit_suggestions``) instead of being embedded.
    """
    call_themes = list(call.themes.all())
    if not call_themes:
        return []
    if only is not None:
        if not reuse:
            prefetch_related_objects([only], "attachments")
        reference = scoring_reference(call, exclude=[only.pk], whole=False)
        return _score_and_write(call, [*reference, only], [only], call_themes,
                                trusted={s.pk for s in reference})
    from synthesis.services.duplicates import inherit_suggestions

    reference = scoring_reference(call)
    kept = _score_and_write(call, reference, None, call_themes)
    known = {s.pk for s in reference}
    scored = call.submissions.filter(status__in=_SCORED).order_by("pk")
    originals = [pk for pk in scored.filter(Q(duplicate_of__isnull=True) | Q(passage_vectors__isnull=False))
                 .values_list("pk", flat=True) if pk not in known]
    for start in range(0, len(originals), REFRESH_CHUNK):
        chunk = list(Submission.objects.filter(pk__in=originals[start : start + REFRESH_CHUNK]).order_by("pk"))
        prefetch_related_objects(chunk, "attachments")
        kept += _score_and_write(call, [*reference, *chunk], chunk, call_themes)
    copies = (scored.filter(duplicate_of__isnull=False, passage_vectors__isnull=True)
              .select_related("duplicate_of").iterator(chunk_size=500))
    for copy in copies:
        assert copy.duplicate_of is not None
        inherit_suggestions(copy, copy.duplicate_of)
    return kept


def suggest_themes(submission: Submission) -> list[ThemeTag]:
    """Score the call's themes for this submission and keep the suggestions.

    Undecided machine suggestions are refreshed (or removed when no longer
    supported); tags staff accepted, rejected or added are left as they are.
    The call's other submissions are re-scored after commit (``refresh_call_task``),
    except in a large call, where an arrival does not change how the others score.
    Returns the submission's undecided machine suggestions (those ``_write`` kept: it
    sees every theme of the call, so no other undecided machine tag is left).
    """
    kept, large = _refresh_and_size(submission.call, only=submission)
    queue_refresh(submission.call_id, rescore=not large)
    return kept


REFRESH_DELAY = 20  # seconds: a burst of arrivals (an import) gives one refresh of the call


def queue_refresh(call_id: int, *, rescore: bool = True) -> None:
    """Re-score the call's other submissions after commit, once per burst of arrivals.

    ``rescore=False`` (a large call): only the candidate-themes job is queued.

    With a broker, one delayed task per call (a cache key dedups the burst). In
    embedded mode (tasks run in process) nothing is queued: re-scoring the whole
    call after every arrival would make an import quadratic; ``evaluate`` and staff
    decisions refresh the call instead.
    """
    from celery import current_app
    from django.core.cache import cache

    from synthesis.services.candidates import queue_candidates_after_processing
    from synthesis.tasks import refresh_call_suggestions_task

    if current_app.conf.task_always_eager:
        return

    def send() -> None:
        if not cache.add(f"synthesis:refresh:{call_id}", 1, timeout=REFRESH_DELAY):
            return
        if rescore:
            with contextlib.suppress(Exception):  # a broker outage only delays the refresh
                refresh_call_suggestions_task.apply_async(args=(call_id,), countdown=REFRESH_DELAY, retry=False)
        # …and, once the call's processing has settled, look for themes it did not name.
        queue_candidates_after_processing(call_id)

    transaction.on_commit(send)
