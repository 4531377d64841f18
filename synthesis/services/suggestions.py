"""Writing theme suggestions. Staff decisions are never overwritten."""
from __future__ import annotations

import json
from collections import OrderedDict

from django.db import transaction

from submissions.models import AuditAction, Call, Submission, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.audit import record_event
from synthesis.passages import submission_passages
from synthesis.tagging import THRESHOLD, CallThemeModel, build_call_model, score_themes

_MODELS: OrderedDict[str, CallThemeModel] = OrderedDict()
_MODEL_CACHE_SIZE = 8


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


def suggest_themes(submission: Submission) -> list[ThemeTag]:
    """Score the call's themes and keep the suggestions above the threshold.

    Undecided machine suggestions are refreshed (or removed when no longer
    supported); tags staff accepted, rejected or added are left as they are.
    """
    call = submission.call
    themes = {t.key: t for t in call.themes.all()}
    scores = score_themes(call_model(call), submission_passages(submission))
    with transaction.atomic():
        existing = {t.theme_id: t for t in ThemeTag.objects.select_for_update().filter(submission=submission)}
        kept: list[ThemeTag] = []
        for score in scores:
            theme = themes[score.key]
            tag = existing.get(theme.pk)
            if tag is not None and not _undecided(tag):
                continue
            if score.score < THRESHOLD:
                if tag is not None:
                    tag.delete()
                continue
            evidence = [passage.as_evidence(sim) for passage, sim in score.evidence]
            if tag is None:
                tag = ThemeTag(submission=submission, theme=theme, origin=TagOrigin.AUTO)
            tag.score = round(score.score, 4)
            tag.evidence = evidence
            tag.save()
            kept.append(tag)
        record_event(
            AuditAction.THEMES_SUGGESTED,
            actor_label="system",
            submission=submission,
            after={"themes": {t.theme.key: t.score for t in kept}},
        )
    return kept
