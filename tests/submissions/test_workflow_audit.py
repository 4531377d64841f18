"""Status changes go through one service function, which audits every change."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from submissions.models import AuditEvent, SubmissionStatus
from submissions.services.status import ALLOWED_TRANSITIONS, TransitionError, change_status
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db
S = SubmissionStatus


@pytest.fixture
def officer():
    return get_user_model().objects.create_user("officer", password="x-Strong-pass-1")


def test_status_change_is_audited_with_who_before_and_after(officer, eager_celery):
    submission = make_submission(make_call())
    assert submission.status == S.RECEIVED
    change_status(submission, S.PROCESSING, actor_label="system")
    change_status(submission, S.READY, actor_label="system")
    change_status(submission, S.IN_REVIEW, actor=officer)
    change_status(submission, S.EXCLUDED, actor=officer, reason="Outside the mandate")
    submission.refresh_from_db()
    assert submission.status == S.EXCLUDED and submission.status_reason == "Outside the mandate"
    events = list(AuditEvent.objects.filter(submission=submission, action="submission.status"))
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("received", "processing"), ("processing", "ready"), ("ready", "in_review"), ("in_review", "excluded"),
    ]
    assert events[-1].actor == officer and events[-1].who == "officer"
    assert events[-1].after["reason"] == "Outside the mandate"
    assert events[0].who == "system"
    received = AuditEvent.objects.get(submission=submission, action="submission.received")
    assert received.after["status"] == "received"


def test_illegal_transition_is_refused_with_a_clear_message_and_not_audited(officer):
    submission = make_submission(make_call())
    with pytest.raises(TransitionError, match="cannot become"):
        change_status(submission, S.INCLUDED, actor=officer)
    submission.refresh_from_db()
    assert submission.status == S.RECEIVED
    assert not AuditEvent.objects.filter(action="submission.status").exists()


def test_exclusion_needs_a_reason(officer):
    submission = make_submission(make_call())
    change_status(submission, S.READY, actor=officer)
    with pytest.raises(TransitionError, match="reason"):
        change_status(submission, S.EXCLUDED, actor=officer, reason="  ")


def test_withdrawn_is_final():
    assert ALLOWED_TRANSITIONS[S.WITHDRAWN] == frozenset()
    assert all(set(targets) <= set(S.values) for targets in ALLOWED_TRANSITIONS.values())
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
