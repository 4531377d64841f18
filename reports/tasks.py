"""Celery tasks of the reports app: thin, they take ids and call services (imported in their bodies)."""
from __future__ import annotations

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
