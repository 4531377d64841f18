"""Model jobs go to their own queue; everything else stays on the default one (issue 11)."""
from __future__ import annotations

from config.celery import app


def queue_of(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_model_jobs_are_routed_to_the_llm_queue_and_builds_are_not():
    assert queue_of("reports.tasks.generate_draft_task") == "llm"
    assert queue_of("reports.tasks.translate_paragraph_task") == "llm"
    assert queue_of("reports.tasks.build_report_task") == app.conf.task_default_queue
    assert queue_of("reports.tasks.draft_report_task") == app.conf.task_default_queue
