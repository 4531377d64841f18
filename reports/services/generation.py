"""Drafting with a model, resumably: paragraphs are written one by one and kept before the draft is applied.

Phase one plans the draft outside any transaction, so each paragraph the model writes is
committed as a ``ParagraphGeneration`` the moment it is written; phase two is the ordinary
``draft_report`` with the same backend, which finds every paragraph written and asks nothing.
A job killed in phase one (worker lost, time limit) is re-queued (``acks_late``) and
skips the paragraphs already written.
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from reports.drafting.backends import OpenAICompatibleBackend, configured_backend
from reports.models import Report
from submissions.models import Call


def request_generated_draft(call: Call, language: str, *, actor: User | None) -> None:
    """Queue a model-written draft on the ``llm`` queue once the request's transaction commits."""
    from reports.tasks import generate_draft_task

    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: generate_draft_task.delay(call.pk, language, actor_id))


def generate_draft(call: Call, language: str, *, actor: User | None = None, actor_label: str = "",
                   backend: OpenAICompatibleBackend | None = None) -> Report:
    from reports.drafting.inputs import draft_inputs, report_date_for
    from reports.drafting.structure import plan_draft
    from reports.services.report import draft_report

    chosen = backend or configured_backend()
    if not isinstance(chosen, OpenAICompatibleBackend):
        raise ValueError("generate_draft needs RAPPORTEUR_DRAFT_BACKEND=openai")
    if language != call.original_language:
        # A version: the original is written first (if there is none), then translated by the model.
        from reports.services.versions import machine_translate, sync_version

        original = Report.objects.filter(call=call, language=call.original_language).first()
        if original is None:
            original = generate_draft(call, call.original_language, actor=actor, actor_label=actor_label,
                                      backend=chosen)
        version = sync_version(original, language, actor=actor, actor_label=actor_label)
        machine_translate(version, chosen.client)
        version.refresh_from_db()
        return version
    existing = Report.objects.filter(call=call, language=language).first()
    on = existing.report_date if existing else report_date_for(call)
    plan_draft(draft_inputs(call), language, on, chosen)  # writes and keeps each paragraph
    return draft_report(call, language, actor=actor, actor_label=actor_label, backend=chosen)
