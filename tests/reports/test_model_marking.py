"""Nothing a model writes reaches a PDF unmarked: flagged or unreviewed model paragraphs print marked
until an editor saves them (the guardrails themselves: test_llm_guardrails.py)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from reports.models import Paragraph
from reports.rendering.html import render_html
from reports.services.report import draft_report, save_paragraph
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)
MARKER = "[Written by a model; not yet checked by an editor]"


def test_a_model_paragraph_prints_marked_until_an_editor_saves_it(eager_celery):
    call = make_call()
    make_submission(call, text="Debt relief and development finance are essential so that developing countries "
                    "can invest in health and social protection after the pandemic.", name="Finn Church Aid",
                    category="ngo", consent_to_publish=True)
    report = draft_report(call, "en")
    assert MARKER not in render_html(report)          # extractive text is the app's own: no marker

    paragraph = Paragraph.objects.filter(section__report=report, numbered=True).order_by("section__order",
                                                                                           "order").first()
    Paragraph.objects.filter(pk=paragraph.pk).update(generation={
        "backend": "openai-compatible", "model": "gemma3-270m",
        "flags": [{"sentence": 1, "flag": "invented-number", "detail": "42"}]})
    html = render_html(report)
    assert MARKER in html and "model-unreviewed" in html

    editor = get_user_model().objects.create_user("editor", password="x-Strong-pass-1")
    paragraph.refresh_from_db()
    save_paragraph(paragraph, text=paragraph.text + " Checked against the sources.", actor=editor)
    paragraph.refresh_from_db()
    assert paragraph.generation["reviewed"] is True and MARKER not in render_html(report)
