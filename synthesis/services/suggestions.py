"""Writing theme suggestions. Staff decisions are never overwritten.

Scoring looks at the whole call (decision 0017): a submission is scored with
its call's other submissions (call prototypes, call z-scores) and with what
staff decided so far (``synthesis.learning``), so ``refresh_call`` re-scores
every undecided suggestion of a call after a submission arrives or staff decide.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from collections import OrderedDict

import numpy as np
from django.db import transaction

from submissions.models import AuditAction, Call, Submission, SubmissionStatus, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.audit import record_event
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


def call_model(call: Call) -> CallThemeModel:
    """The call's theme model, cached per process until the themes change."""
    themes = [(t.key, t.name, t.description, t.keywords) for t in call.themes.all()]
    signature = f"{call.pk}:{json.dumps(themes, sort_keys=True, ensure_ascii=False)}"
    model = _MODELS.get(signature)
    if model is None:
        model = build_call_model(themes)
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
    digest = _texts_hash(passages)
    stored = PassageVectors.objects.filter(submission=submission).first()
    if stored is not None and stored.texts_hash == digest:
        # 512 columns, not -1: a submission with no passages stores zero rows, which -1 cannot reshape.
        return np.frombuffer(bytes(stored.vectors), dtype=np.float16).reshape(stored.count, 512).astype(np.float32)
    vectors = embed([p.text for p in passages])
    PassageVectors.objects.update_or_create(
        submission=submission,
        defaults={"call_id": submission.call_id, "texts_hash": digest, "count": len(passages),
                  "vectors": vectors.astype(np.float16).tobytes()},
    )
    return vectors


def submission_input(submission: Submission, passages: list[Passage] | None = None) -> SubmissionInput:
    passages = submission_passages(submission) if passages is None else passages
    return SubmissionInput(passage_vectors(submission, passages), fold(" ".join(p.text for p in passages)))


def _write(submission: Submission, themes: dict, keys: list[str], probabilities: np.ndarray, chosen: np.ndarray,
           sims: np.ndarray, passages: list[Passage]) -> list[ThemeTag]:
    """Refresh one submission's undecided machine suggestions; decided and staff tags stay as they are."""
    existing = {t.theme_id: t for t in ThemeTag.objects.select_for_update().filter(submission=submission)}
    kept: list[ThemeTag] = []
    changed = False
    for index, key in enumerate(keys):
        theme = themes[key]
        tag = existing.get(theme.pk)
        if tag is not None and not _undecided(tag):
            continue
        if not chosen[index]:
            if tag is not None:
                tag.delete()
                changed = True
            continue
        score = round(float(probabilities[index]), 4)
        order: list[int] = [int(i) for i in np.argsort(-sims[:, index])[:EVIDENCE_PER_THEME]] if len(sims) else []
        evidence = [passages[i].as_evidence(float(sims[i, index])) for i in order
                    if sims[i, index] >= EVIDENCE_FLOOR]
        if tag is None:
            tag = ThemeTag(submission=submission, theme=theme, origin=TagOrigin.AUTO)
        elif tag.score is not None and abs(tag.score - score) < SCORE_TOLERANCE and tag.evidence == evidence:
            kept.append(tag)
            continue
        tag.score, tag.evidence = score, evidence
        tag.save()
        changed = True
        kept.append(tag)
    if changed:
        record_event(AuditAction.THEMES_SUGGESTED, actor_label="system", submission=submission,
                     after={"themes": {t.theme.key: t.score for t in kept}})
    return kept


def _score(call: Call, submissions: list[Submission], passages: dict[int, list[Passage]]) -> tuple:
    """Probabilities, suggestions and similarities for every given submission of the call."""
    model = call_model(call)
    keys = [p.key for p in model.profiles]
    items = [submission_input(s, passages[s.pk]) for s in submissions]
    features, sims = call_features(model, items)
    linear = default_model()
    probabilities = linear.probabilities(features)
    index = {s.pk: i for i, s in enumerate(submissions)}
    theme_index = {key: t for t, key in enumerate(keys)}
    decisions = {
        (index[tag.submission_id], theme_index[tag.theme.key]): bool(tag.accepted)
        for tag in ThemeTag.objects.filter(submission__in=submissions, accepted__isnull=False).select_related("theme")
        if tag.theme.key in theme_index
    }
    probabilities = adapt(probabilities, items, sims, decisions)
    chosen = suggested(probabilities, linear.threshold)
    for i, item in enumerate(items):
        if not len(item.vectors):
            chosen[i] = False
    return keys, probabilities, chosen, sims


def refresh_call(call: Call, only: Submission | None = None) -> int:
    """Re-score the call's undecided suggestions (all submissions, or ``only`` one); returns tags kept."""
    submissions = list(call.submissions.filter(status__in=_SCORED).prefetch_related("attachments"))
    if only is not None and only.pk not in {s.pk for s in submissions}:
        submissions.append(only)
    if not submissions or not call.themes.exists():
        return 0
    passages = {s.pk: submission_passages(s) for s in submissions}
    keys, probabilities, chosen, sims = _score(call, submissions, passages)
    themes = {t.key: t for t in call.themes.all()}
    kept = 0
    with transaction.atomic():
        for i, submission in enumerate(submissions):
            if only is not None and submission.pk != only.pk:
                continue
            kept += len(_write(submission, themes, keys, probabilities[i], chosen[i], sims[i], passages[submission.pk]))
    return kept


def suggest_themes(submission: Submission) -> list[ThemeTag]:
    """Score the call's themes for this submission and keep the suggestions.

    Undecided machine suggestions are refreshed (or removed when no longer
    supported); tags staff accepted, rejected or added are left as they are.
    The call's other submissions are re-scored after commit (``refresh_call_task``).
    """
    refresh_call(submission.call, only=submission)
    queue_refresh(submission.call_id)
    return list(ThemeTag.objects.filter(submission=submission, origin=TagOrigin.AUTO, accepted__isnull=True))


REFRESH_DELAY = 20  # seconds: a burst of arrivals (an import) gives one refresh of the call


def queue_refresh(call_id: int) -> None:
    """Re-score the call's other submissions after commit, once per burst of arrivals.

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
        with contextlib.suppress(Exception):  # a broker outage only delays the refresh
            refresh_call_suggestions_task.apply_async(args=(call_id,), countdown=REFRESH_DELAY, retry=False)
        # …and, once the call's processing has settled, look for themes it did not name.
        queue_candidates_after_processing(call_id)

    transaction.on_commit(send)
