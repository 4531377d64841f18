"""Every workflow transition through the staff page, and "next unreviewed"."""
from __future__ import annotations

from collections import deque

import pytest
from django.urls import reverse

from staff.forms import STAFF_TARGETS
from submissions.models import AuditEvent, Submission, SubmissionStatus
from submissions.services.status import ALLOWED_TRANSITIONS, REASON_REQUIRED, change_status
from tests.factories import make_submission
from tests.staff.conftest import staff_on, to_ready

pytestmark = pytest.mark.django_db
S = SubmissionStatus
PAIRS = [(a.value, b.value) for a in S for b in S if a != b]


def path_to(target: str) -> list[str]:
    """The shortest chain of allowed transitions from "received" to ``target``."""
    queue, seen = deque([[S.RECEIVED.value]]), {S.RECEIVED.value}
    while queue:
        chain = queue.popleft()
        if chain[-1] == target:
            return chain[1:]
        for nxt in sorted(ALLOWED_TRANSITIONS[chain[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*chain, nxt])
    raise AssertionError(f"{target} cannot be reached")


def bring_to(submission: Submission, status: str) -> Submission:
    for step in path_to(status):
        change_status(submission, step, actor_label="system", reason="set-up")
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_transition_from_the_submission_page(client, call, triager, current, target):
    submission = bring_to(make_submission(call), current)
    client.force_login(triager)
    events_before = AuditEvent.objects.filter(submission=submission, action="submission.status").count()
    response = client.post(reverse("staff:status", args=[submission.pk]),
                           {"status": target, "reason": "Outside the mandate of the resolution"}, follow=True)
    assert response.status_code == 200
    submission.refresh_from_db()
    page = response.content.decode()
    events = AuditEvent.objects.filter(submission=submission, action="submission.status")
    if target in ALLOWED_TRANSITIONS[current] and target in STAFF_TARGETS:
        assert submission.status == target
        last = events.last()
        assert (last.before["status"], last.after["status"], last.actor) == (current, target, triager)
        if target in REASON_REQUIRED:
            assert submission.status_reason == "Outside the mandate of the resolution"
    elif target in ALLOWED_TRANSITIONS[current]:
        # Allowed by the workflow, but made by the pipeline or the duplicates panel.
        assert submission.status == current
        assert events.count() == events_before
        assert "This change is not made here" in page
    else:
        assert submission.status == current
        assert events.count() == events_before
        assert "cannot become" in page


@pytest.mark.parametrize("target", sorted(REASON_REQUIRED))
def test_exclusion_and_rejection_need_a_reason(client, call, triager, target):
    submission = bring_to(make_submission(call), S.READY if target == S.EXCLUDED else S.RECEIVED)
    client.force_login(triager)
    response = client.post(reverse("staff:status", args=[submission.pk]), {"status": target, "reason": " "},
                           follow=True)
    submission.refresh_from_db()
    assert submission.status != target
    assert "Give a reason" in response.content.decode()


def test_illegal_transition_over_htmx_answers_with_the_message_in_the_panels(client, call, triager):
    submission = bring_to(make_submission(call), S.WITHDRAWN)
    client.force_login(triager)
    response = client.post(reverse("staff:status", args=[submission.pk]), {"status": "included"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="messages"' in body and 'hx-swap-oob="true"' in body
    assert "“Withdrawn” cannot become “Included”" in body


def test_the_page_offers_only_allowed_moves(client, call, triager):
    submission = to_ready(make_submission(call))
    client.force_login(triager)
    page = client.get(reverse("staff:submission", args=[submission.pk])).content.decode()
    for target in ("in_review", "included", "excluded", "withdrawn"):
        assert f'id="to-{target}"' in page
    assert 'id="to-rejected"' not in page and 'id="to-received"' not in page


def test_bulk_status_reports_refusals_by_reference(client, call, triager):
    ready = to_ready(make_submission(call))
    withdrawn = bring_to(make_submission(call), S.WITHDRAWN)
    client.force_login(triager)
    response = client.post(reverse("staff:bulk", args=[call.slug]),
                           {"ids": [ready.pk, withdrawn.pk], "action": "status", "status": "included"}, follow=True)
    page = response.content.decode()
    ready.refresh_from_db()
    withdrawn.refresh_from_db()
    assert ready.status == S.INCLUDED and withdrawn.status == S.WITHDRAWN
    assert "1 submission changed" in page
    assert f"{withdrawn.reference}: A submission that is “Withdrawn” cannot become “Included”" in page


def test_next_unreviewed_goes_through_my_assigned_submissions_in_order(client, call, triager, editor):
    from submissions.services.triage import assign

    mine = [to_ready(make_submission(call)) for _ in range(3)]
    others = to_ready(make_submission(call))
    decided = to_ready(make_submission(call))
    for submission in mine:
        assign(submission, triager, actor=triager)
    assign(others, editor, actor=editor)
    assign(decided, triager, actor=triager)
    change_status(decided, S.INCLUDED, actor=triager)
    change_status(mine[1], S.IN_REVIEW, actor=triager)
    client.force_login(triager)
    url = reverse("staff:next", args=[call.slug])
    first = client.get(url)
    assert first["Location"] == reverse("staff:submission", args=[mine[0].pk])
    assert client.get(url + f"?after={mine[0].pk}")["Location"] == reverse("staff:submission", args=[mine[1].pk])
    assert client.get(url + f"?after={mine[2].pk}")["Location"] == reverse("staff:submission", args=[mine[0].pk])
    for submission in mine:
        change_status(submission, S.INCLUDED, actor=triager)
    done = client.get(url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("staff:inbox", args=[call.slug])
    assert "Nothing left to review" in done.content.decode()


def test_a_second_triager_cannot_change_status_on_a_call_they_are_not_on(client, call, other_call):
    submission = to_ready(make_submission(call))
    stranger = staff_on(other_call, "stranger")
    client.force_login(stranger)
    response = client.post(reverse("staff:status", args=[submission.pk]), {"status": "included"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == S.READY
