"""The triage page highlights whole sentences, never the tail of a courtesy formula (issue 10)."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from submissions.models import ThemeTag
from submissions.models.tags import TagOrigin
from synthesis.passages import submission_passages
from tests.factories import make_submission
from tests.staff.conftest import to_ready

pytestmark = pytest.mark.django_db

# As a PDF of the Azerbaijan note verbale comes out of extraction: wrapped lines, the
# closing formula's last word ("уважении.") alone at the start of a line.
LETTER = (
    "Постоянное представительство Азербайджанской Республики при Отделении ООН в Женеве\n"
    "Тема: Вклад в доклад Генерального секретаря\n"
    "Азербайджан поддерживает многосторонний подход к сотрудничеству в области прав человека и\n"
    "считает, что Совет по правам человека должен оставаться форумом для диалога между государствами.\n"
    "Техническая помощь должна предоставляться по просьбе государства и с учетом его национальных\n"
    "приоритетов, а механизмы ООН должны действовать строго в рамках своих мандатов и полномочий.\n"
    "Постоянное представительство пользуется случаем, чтобы возобновить Управлению уверения в своем весьма высоком\n"
    "уважении.\n"
    "Страница 1 из 1"
)


def test_triage_page_marks_whole_sentences_and_no_courtesy_tail(client, call, triager):
    submission = to_ready(make_submission(call, text=LETTER))
    passages = submission_passages(submission)
    # What the pipeline stores: evidence spans from synthesis.passages, offsets into the stored text.
    ThemeTag.objects.create(submission=submission, theme=call.themes.get(key="cooperation"), score=0.9,
                            origin=TagOrigin.AUTO, evidence=[p.as_evidence(0.5) for p in passages])
    client.force_login(triager)
    html = client.get(reverse("staff:submission", args=[submission.pk])).content.decode()
    marks = re.findall(r'<mark class="ev ev-\d"[^>]*>(.*?)</mark>', html, flags=re.S)
    assert len(marks) == 2
    assert marks[0].startswith("Азербайджан поддерживает") and marks[0].endswith("между государствами.")
    assert "\n" in marks[0]  # the sentence spans the stored line break and is marked whole
    assert all(m.rstrip().endswith(".") for m in marks)
    assert not any("уважении" in m or "Тема" in m or "Страница" in m for m in marks)
