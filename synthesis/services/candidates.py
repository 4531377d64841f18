"""Candidate themes: proposing them for a call, and staff's adopt / merge / dismiss (decision 0017).

Every decision is audited (``AuditAction.CANDIDATE_*``) and re-scores the call's
undecided suggestions after commit (``refresh_call_suggestions_task``), so an
adopted theme is suggested where its sentences are. A cluster staff already
decided on is not proposed again; an open proposal found again keeps its row.
"""
from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from submissions.models import AuditAction, Call, Submission, SubmissionStatus, Theme
from submissions.services.audit import record_event
from submissions.services.calls import call_spec, upsert_call
from synthesis.candidates import Cluster, cluster, unfit_sentences
from synthesis.models import CandidateState, CandidateTheme
from synthesis.passages import submission_passages
from synthesis.services.suggestions import _SCORED, call_model, submission_input
from synthesis.tagging import call_features

# Submissions still on their way: while any is, the call's processing has not settled.
_UNSETTLED = (SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING)
# Seconds after the last arrival of a burst before proposals are looked for (and between checks).
SETTLE_SECONDS = 120


def processing_settled(call: Call) -> bool:
    """No submission of the call is waiting for or in processing."""
    return not call.submissions.filter(status__in=_UNSETTLED).exists()


def _same_cluster(texts: set[str], keywords: set[str], candidate: CandidateTheme) -> bool:
    """Whether a new cluster is one staff already saw: shared example sentences, or mostly the same words."""
    theirs = {s.get("text", "") for s in candidate.sentences}
    if len(texts & theirs) >= max(1, min(2, len(theirs))):
        return True
    words = set(candidate.keywords)
    return bool(keywords and words) and len(keywords & words) / len(keywords | words) >= 0.5


def propose_candidates(call: Call, *, actor: User | None = None, actor_label: str = "system") -> list[CandidateTheme]:
    """Refresh the call's open proposals from its sentences that fit no theme; returns the open proposals."""
    submissions: list[Submission] = list(call.submissions.filter(status__in=_SCORED).prefetch_related("attachments"))
    passages = [submission_passages(s) for s in submissions]
    items = [submission_input(s, p) for s, p in zip(submissions, passages, strict=True)]
    clusters: list[Cluster] = []
    if items:
        _, sims = call_features(call_model(call), items)
        texts = [[p.text for p in ps] for ps in passages]
        clusters = cluster(unfit_sentences(texts, [i.vectors for i in items], sims), [t for ts in texts for t in ts])
    with transaction.atomic():
        decided = list(CandidateTheme.objects.filter(call=call).exclude(state=CandidateState.PROPOSED))
        open_ = list(CandidateTheme.objects.select_for_update().filter(call=call, state=CandidateState.PROPOSED))
        kept: list[CandidateTheme] = []
        for found in clusters:
            examples = found.examples()
            texts_seen = {m.text for m, _ in examples}
            if any(_same_cluster(texts_seen, set(found.keywords), d) for d in decided):
                continue  # staff already adopted, merged or dismissed it
            candidate = next((c for c in open_ if c not in kept
                              and _same_cluster(texts_seen, set(found.keywords), c)), None)
            if candidate is None:
                candidate = CandidateTheme(call=call, name=found.name[:200])
            candidate.keywords = found.keywords
            candidate.sentences = [{"submission": submissions[m.submission].pk,
                                    "reference": submissions[m.submission].reference,
                                    "text": m.text, "score": round(score, 4)} for m, score in examples]
            candidate.save()
            candidate.submissions.set([submissions[i].pk for i in sorted(found.submissions)])
            kept.append(candidate)
        CandidateTheme.objects.filter(pk__in=[c.pk for c in open_ if c not in kept]).delete()
        record_event(AuditAction.CANDIDATES_PROPOSED, actor=actor, actor_label=actor_label, call=call,
                     after={"count": len(kept), "names": [c.name for c in kept]})
    return kept


def request_candidates(call: Call, *, actor: User) -> None:
    """Staff asked to look for themes the call did not name: the task runs after commit."""
    from synthesis.tasks import propose_candidates_task

    def send() -> None:
        with contextlib.suppress(Exception):  # a broker outage: staff can ask again
            propose_candidates_task.apply_async(kwargs={"call_id": call.pk, "actor_id": actor.pk}, retry=False)

    transaction.on_commit(send)


def queue_candidates_after_processing(call_id: int) -> None:
    """After a burst of arrivals: look for candidates once the call's processing has settled (see the task)."""
    from django.core.cache import cache

    from synthesis.tasks import propose_candidates_task

    if not cache.add(f"synthesis:candidates:{call_id}", 1, timeout=SETTLE_SECONDS):
        return
    with contextlib.suppress(Exception):
        propose_candidates_task.apply_async(kwargs={"call_id": call_id, "wait_for_processing": True},
                                            countdown=SETTLE_SECONDS, retry=False)


def _refresh_after_commit(call: Call) -> None:
    """The call's undecided suggestions are re-scored with its new themes (the learning task's job)."""
    from synthesis.tasks import refresh_call_suggestions_task

    def send() -> None:
        with contextlib.suppress(Exception):  # a broker outage only delays the suggestions
            refresh_call_suggestions_task.apply_async(args=(call.pk,), retry=False)

    transaction.on_commit(send)


def _audit(action: AuditAction, candidate: CandidateTheme, actor: User, theme: Theme | None = None) -> None:
    after: dict[str, Any] = {"candidate": candidate.pk, "text": candidate.name,
                             "submissions": list(candidate.submissions.values_list("reference", flat=True))}
    if theme is not None:
        after["theme"] = theme.key
    record_event(action, actor=actor, call=candidate.call, obj=candidate, before={"state": CandidateState.PROPOSED},
                 after={"state": candidate.state, **after})


class AlreadyDecided(ValueError):
    """Someone decided on this candidate first (or it was replaced by a newer proposal)."""


def _lock_open(candidate: CandidateTheme) -> CandidateTheme:
    locked = CandidateTheme.objects.select_for_update().filter(pk=candidate.pk, state=CandidateState.PROPOSED).first()
    if locked is None:
        raise AlreadyDecided("This proposed theme was already decided.")
    return locked


def _decide(candidate: CandidateTheme, state: str, actor: User, action: AuditAction,
            theme: Theme | None = None) -> None:
    candidate.state, candidate.theme = state, theme
    candidate.decided_by, candidate.decided_at = actor, timezone.now()
    candidate.save(update_fields=["state", "theme", "decided_by", "decided_at"])
    _audit(action, candidate, actor, theme)


def adopt_candidate(candidate: CandidateTheme, *, actor: User, name: str = "", language: str = "") -> Theme:
    """The candidate becomes a theme of the call (through the core's call service); tagging runs for it."""
    call = candidate.call
    language = language or call.original_language or "en"
    name = name.strip()[:200] or candidate.name
    with transaction.atomic():
        candidate = _lock_open(candidate)
        spec = call_spec(call)
        keys = {t["key"] for t in spec["themes"]}
        key = base = slugify(name)[:60] or f"theme-{candidate.pk}"
        suffix = 2
        while key in keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        examples = [s["text"] for s in candidate.sentences[:3]]
        spec["themes"].append({"key": key, "name": {language: name},
                               "description": {language: " ".join(examples)},
                               "keywords": {language: list(candidate.keywords)}})
        upsert_call(spec, actor=actor, actor_label="")
        theme = Theme.objects.get(call=call, key=key)
        _decide(candidate, CandidateState.ADOPTED, actor, AuditAction.CANDIDATE_ADOPTED, theme)
        _refresh_after_commit(call)
    return theme


def merge_candidate(candidate: CandidateTheme, theme: Theme, *, actor: User) -> Theme:
    """The candidate's words enrich an existing theme's keywords; suggestions are re-scored."""
    call = candidate.call
    if theme.call_id != call.pk:
        raise ValueError("That theme belongs to another call.")
    language = call.original_language or "en"
    with transaction.atomic():
        candidate = _lock_open(candidate)
        spec = call_spec(call)
        for entry in spec["themes"]:
            if entry["key"] == theme.key:
                keywords = dict(entry.get("keywords") or {})
                keywords[language] = list(dict.fromkeys([*keywords.get(language, []), *candidate.keywords]))
                entry["keywords"] = keywords
        upsert_call(spec, actor=actor, actor_label="")
        _decide(candidate, CandidateState.MERGED, actor, AuditAction.CANDIDATE_MERGED, theme)
        _refresh_after_commit(call)
    return theme


def dismiss_candidate(candidate: CandidateTheme, *, actor: User) -> None:
    """Not a theme of this call: it is not proposed again."""
    with transaction.atomic():
        candidate = _lock_open(candidate)
        _decide(candidate, CandidateState.DISMISSED, actor, AuditAction.CANDIDATE_DISMISSED)
