"""Celery tasks of the reports app: thin, they take ids and call services (imported in their bodies)."""
from __future__ import annotations

import os

from celery import shared_task
from django.contrib.auth import get_user_model

from submissions.models import Call


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report_task(build_id: int) -> str:
    from reports.services.builds import run_build

    return str(run_build(build_id).state)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def draft_report_task(call_id: int, language: str, actor_id: int | None = None, actor_label: str = "") -> int:
    """Draft (or redraft) the call's report; the actor is who pressed the button, if anyone."""
    from reports.services.report import draft_report

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return draft_report(Call.objects.get(pk=call_id), language, actor=actor, actor_label=actor_label).pk


@shared_task(acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=int(os.environ.get("RAPPORTEUR_LLM_JOB_SOFT_TIME_LIMIT", "3300")),
             time_limit=int(os.environ.get("RAPPORTEUR_LLM_JOB_TIME_LIMIT", "3600")))
def generate_draft_task(call_id: int, language: str, actor_id: int | None = None) -> int:
    """A model-written draft, on its own queue (``celery -A config worker -Q llm -c N``); resumes when re-run."""
    from reports.services.generation import generate_draft

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return generate_draft(Call.objects.get(pk=call_id), language, actor=actor).pk


@shared_task(acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=int(os.environ.get("RAPPORTEUR_LLM_JOB_SOFT_TIME_LIMIT", "3300")),
             time_limit=int(os.environ.get("RAPPORTEUR_LLM_JOB_TIME_LIMIT", "3600")))
def translate_paragraph_task(text: str, source_language: str, target_language: str,
                             passages: list[dict]) -> dict:
    """Machine translation of one paragraph under guardrails, for language versions (issue 11, items 1–2)."""
    from reports.drafting.guardrails import SourcePassage
    from reports.drafting.llm import LLMClient, translate_paragraph

    generated = translate_paragraph(LLMClient.from_environment(), text, source_language, target_language,
                                    [SourcePassage(**p) for p in passages])
    return {"text": generated.text, "generation": generated.record}
