"""Themes the call did not name: proposed from sentences that fit no theme, adopted by staff, then suggested."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from submissions.models import ThemeTag
from synthesis.models import CandidateState
from synthesis.services.candidates import adopt_candidate, dismiss_candidate, propose_candidates
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

ON_TOPIC = "Debt service absorbs a third of public revenue and crowds out spending on health care and vaccines."
PRISONS = [
    "Prisons are severely overcrowded and detainees sleep on the floor of cells built for half their number. "
    "Pre-trial detention lasts for years before any hearing, and prisoners lack clean water and medical care.",
    "Les prisons sont gravement surpeuplées et les détenus dorment à même le sol de cellules prévues pour moitié "
    "moins de personnes. La détention provisoire dure des années avant toute audience devant un juge.",
    "Las cárceles están gravemente hacinadas y los reclusos duermen en el suelo de celdas construidas para la mitad. "
    "La prisión preventiva dura años antes de cualquier audiencia y los presos carecen de agua potable.",
]


def test_a_proposed_theme_once_adopted_is_suggested_on_the_submissions_behind_it(eager_celery):
    call = make_call()
    make_submission(call, name="Finance NGO", text=f"{ON_TOPIC} We ask for debt relief and vaccine funding.")
    behind = [make_submission(call, name=f"Sender {i}", text=f"{ON_TOPIC}\n\n{text}") for i, text in enumerate(PRISONS)]
    proposals = propose_candidates(call)
    assert proposals, "no candidate theme was proposed"
    candidate = proposals[0]
    assert set(candidate.submissions.values_list("pk", flat=True)) >= {s.pk for s in behind[:2]}
    assert candidate.sentences and candidate.name
    staff = get_user_model().objects.create_user("triager")
    for other in proposals[1:]:
        dismiss_candidate(other, actor=staff)
    theme = adopt_candidate(candidate, actor=staff, name="Conditions of detention")
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.ADOPTED and candidate.theme == theme
    assert theme.name == {"en": "Conditions of detention"}
    suggested = set(ThemeTag.objects.filter(theme=theme, accepted__isnull=True).values_list("submission_id", flat=True))
    assert {s.pk for s in behind} <= suggested
