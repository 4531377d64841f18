"""Celery tasks of the reports app: thin, they take ids and call services."""
from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report_task(build_id: int) -> str:
    return services.run_build(build_id).state


@shared_task(acks_late=True, reject_on_worker_lost=True)
def draft_report_task(call_id: int, language: str) -> int:
    from submissions.models import Call
    from synthesis.services.drafting import draft_report

    return draft_report(Call.objects.get(pk=call_id), language).pk
