"""One evidence rule: the heat map and the draft rest on the same passages (reports.selectors)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from reports.models import Paragraph
from reports.selectors import evidence_matrix
from reports.services.report import draft_report
from submissions.models import ThemeTag
from submissions.services.tags import decide_tag
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

DEBT = ("Debt relief and development finance are essential so that developing countries can invest in health, "
        "education and social protection after the pandemic.")
SECOND = ("Our network asks creditors for fair debt restructuring and more development finance, so that "
          "low-income countries are not forced to cut spending on schools and clinics.")


def heat_map_cells(call) -> set[tuple[str, str]]:
    matrix = evidence_matrix(call, "en")
    return {(row.name, key) for row in matrix.rows for key, count in row.counts.items() if count}


def test_heat_map_and_draft_agree_after_one_staff_decision(eager_celery):
    call = make_call()
    first = make_submission(call, text=DEBT, name="Finn Church Aid", category="ngo")
    second = make_submission(call, text=SECOND, name="Dianova International", category="ngo")
    officer = get_user_model().objects.create_user("officer", password="x-Strong-pass-1")
    assert ThemeTag.objects.filter(submission=second, theme__key="finance", accepted=None).exists()

    # One decision on the first submission only: its finance theme is rejected.
    decide_tag(ThemeTag.objects.get(submission=first, theme__key="finance"), accepted=False, actor=officer)

    cells = heat_map_cells(call)
    assert ("Dianova International", "finance") in cells
    assert ("Finn Church Aid", "finance") not in cells
    report = draft_report(call, "en", actor=officer)
    finance = Paragraph.objects.filter(section__report=report, key__contains="-theme-finance")
    sources = {s.contributor.name for p in finance for s in p.sources.all()}
    assert "Dianova International" in sources and "Finn Church Aid" not in sources
    # Both read the second submission's unreviewed suggestion, and both say it is provisional.
    assert evidence_matrix(call, "en").provisional
