"""The staff page of themes the call did not name: who sees it, adopt / merge / dismiss, each audited."""
from __future__ import annotations

import pytest
from django.urls import reverse

from submissions.models import AuditAction, AuditEvent, CallRole, ThemeTag
from synthesis.models import CandidateState, CandidateTheme
from tests.factories import make_submission
from tests.staff.conftest import ENGLISH, staff_on, to_ready

pytestmark = pytest.mark.django_db(transaction=True)

DETENTION = [
    "Prisons are severely overcrowded and detainees sleep on the floor of cells built for half their number.",
    "Les prisons sont gravement surpeuplées et les détenus dorment à même le sol de cellules trop petites.",
]


@pytest.fixture
def proposal(call):
    """A proposal as ``propose_candidates`` stores it, over two real submissions of the call."""
    behind = [to_ready(make_submission(call, name=f"Sender {i}", text=f"{ENGLISH} {text}"))
              for i, text in enumerate(DETENTION)]
    candidate = CandidateTheme.objects.create(
        call=call, name="Prisons / detainees / cells", keywords=["prisons", "detainees", "cells"],
        sentences=[{"submission": s.pk, "reference": s.reference, "text": t, "score": 0.8}
                   for s, t in zip(behind, DETENTION, strict=True)])
    candidate.submissions.set(behind)
    return candidate, behind


def test_editors_and_managers_see_the_page_triagers_do_not(client, call, proposal):
    candidate, behind = proposal
    url = reverse("staff:candidates", args=[call.slug])
    client.force_login(staff_on(call, "tina", CallRole.TRIAGER))
    assert client.get(url).status_code == 403
    assert client.post(reverse("staff:candidate-decide", args=[call.slug, candidate.pk]),
                       {"action": "dismiss"}).status_code == 403
    assert "New themes" not in client.get(reverse("staff:inbox", args=[call.slug])).content.decode()
    for role in (CallRole.EDITOR, CallRole.MANAGER):
        client.force_login(staff_on(call, f"person-{role}", role))
        page = client.get(url).content.decode()
        assert "Prisons / detainees / cells" in page and DETENTION[1] in page
        assert all(s.reference in page for s in behind)
        assert "New themes" in client.get(reverse("staff:inbox", args=[call.slug])).content.decode()
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PROPOSED


def test_adopting_makes_a_theme_suggested_on_the_submissions_behind_it_and_is_audited(client, call, proposal,
                                                                                       eager_celery):
    candidate, behind = proposal
    editor = staff_on(call, "eddie", CallRole.EDITOR)
    client.force_login(editor)
    response = client.post(reverse("staff:candidate-decide", args=[call.slug, candidate.pk]),
                           {"action": "adopt", "name": "Conditions of detention"}, follow=True)
    assert "is now a theme of the call" in response.content.decode()
    theme = call.themes.get(key="conditions-of-detention")
    assert theme.name == {"en": "Conditions of detention"}
    suggested = set(ThemeTag.objects.filter(theme=theme, accepted__isnull=True).values_list("submission", flat=True))
    assert {s.pk for s in behind} <= suggested
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_ADOPTED)
    assert event.actor == editor and event.call == call
    assert event.after["theme"] == theme.key and event.after["state"] == CandidateState.ADOPTED
    # A second decision on the same proposal is refused, not applied twice.
    again = client.post(reverse("staff:candidate-decide", args=[call.slug, candidate.pk]),
                        {"action": "dismiss"}, follow=True)
    assert "already decided" in again.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.ADOPTED


def test_merge_adds_the_words_to_a_theme_and_dismiss_is_final_both_audited(client, call, proposal, eager_celery):
    candidate, _ = proposal
    other = CandidateTheme.objects.create(call=call, name="Weather", keywords=["rain"], sentences=[])
    manager = staff_on(call, "mona", CallRole.MANAGER)
    client.force_login(manager)
    health = call.themes.get(key="health")
    client.post(reverse("staff:candidate-decide", args=[call.slug, candidate.pk]),
                {"action": "merge", "theme": health.pk})
    health.refresh_from_db()
    assert {"prisons", "detainees", "cells"} <= set(health.keywords["en"]) and "vaccine" in health.keywords["en"]
    client.post(reverse("staff:candidate-decide", args=[call.slug, other.pk]), {"action": "dismiss"})
    states = dict(CandidateTheme.objects.values_list("name", "state"))
    assert states == {"Prisons / detainees / cells": CandidateState.MERGED, "Weather": CandidateState.DISMISSED}
    actions = list(AuditEvent.objects.filter(actor=manager, action__startswith="candidate.")
                   .values_list("action", flat=True))
    assert actions == [AuditAction.CANDIDATE_MERGED, AuditAction.CANDIDATE_DISMISSED]
    page = client.get(reverse("staff:candidates", args=[call.slug])).content.decode()
    assert "Merged" in page and "Dismissed" in page and "No proposal at the moment" in page


def test_the_button_looks_for_proposals_in_a_task_and_a_dismissed_one_is_not_proposed_again(client, call,
                                                                                              eager_celery):
    from tests.synthesis.test_candidate_themes import ON_TOPIC, PRISONS

    for i, text in enumerate(PRISONS):
        make_submission(call, name=f"Sender {i}", text=f"{ON_TOPIC}\n\n{text}")
    editor = staff_on(call, "eddie", CallRole.EDITOR)
    client.force_login(editor)
    client.post(reverse("staff:candidates-look", args=[call.slug]))
    found = list(CandidateTheme.objects.filter(call=call, state=CandidateState.PROPOSED))
    assert found, "the button found no proposal"
    event = AuditEvent.objects.filter(action=AuditAction.CANDIDATES_PROPOSED).latest("created_at")
    assert event.actor == editor and event.after["count"] == len(found)
    for candidate in found:
        client.post(reverse("staff:candidate-decide", args=[call.slug, candidate.pk]), {"action": "dismiss"})
    client.post(reverse("staff:candidates-look", args=[call.slug]))
    assert not CandidateTheme.objects.filter(call=call, state=CandidateState.PROPOSED).exists()
