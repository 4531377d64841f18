"""Moderated publication: nothing is public before a staff decision (decision 0020)."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from submissions.models import AuditAction, AuditEvent, CallMembership, CallRole, PublicationState, SubmissionStatus
from submissions.services import submitter as portal
from submissions.services.intake import IncomingFile
from submissions.services.publication import decide_publication
from submissions.services.status import change_status
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def call(eager_celery):
    return make_call(deadline="2999-12-31")


@pytest.fixture
def triager(call):
    user = User.objects.create_user("triager", password="pw-triager-1")
    CallMembership.objects.create(call=call, user=user, role=CallRole.TRIAGER)
    return user


def public_page(call) -> str:
    return Client().get(f"/calls/{call.slug}/inputs/").content.decode()


def test_nothing_is_public_before_staff_approve_then_text_only_is_published_as_text(call, triager):
    sub = make_submission(call, text="Our text on debt relief and development finance.", consent_to_publish=True)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.READY
    assert sub.reference not in public_page(call)

    client = Client()
    client.force_login(triager)
    page = client.get(f"/staff/calls/{call.slug}/publication/")
    assert page.status_code == 200 and sub.reference in page.content.decode()
    response = client.post(f"/staff/calls/{call.slug}/publication/", {"submission": [sub.pk], "action": "approve"})
    assert response.status_code == 302
    html = public_page(call)
    assert sub.reference in html and "Our text on debt relief" in html
    event = AuditEvent.objects.get(action=AuditAction.PUBLICATION_APPROVED, submission=sub)
    assert event.actor == triager


def test_no_consent_excluded_withdrawn_or_duplicate_never_public(call, triager):
    no_consent = make_submission(call, text="Our text on debt relief and development finance for recovery.",
                          consent_to_publish=False)
    approved = make_submission(call, text="Our text on vaccine equity and the right to health in every region.",
                          consent_to_publish=True, name="B")
    changed, refused = decide_publication([no_consent, approved], approve=True, actor=triager)
    assert [s.pk for s in changed] == [approved.pk]
    assert refused[0][0].pk == no_consent.pk and "did not agree" in refused[0][1]
    assert approved.reference in public_page(call)

    # Revoking consent through the private link unpublishes at once.
    approved.refresh_from_db()
    portal.amend(approved, title=approved.title, text=approved.text, consent_to_publish=False)
    assert approved.reference not in public_page(call)
    portal.amend(approved, title=approved.title, text=approved.text, consent_to_publish=True)
    assert approved.reference in public_page(call)

    # Staff's "exclude" takes it off the page too; including it again puts it back.
    change_status(approved, SubmissionStatus.EXCLUDED, actor=triager, reason="off topic")
    assert approved.reference not in public_page(call)
    change_status(approved, SubmissionStatus.INCLUDED, actor=triager)
    assert approved.reference in public_page(call)


def test_withdrawal_unpublishes_at_once(call, triager):
    sub = make_submission(call, text="Our text on international cooperation and technical assistance.",
                          consent_to_publish=True)
    decide_publication([sub], approve=True, actor=triager)
    assert sub.reference in public_page(call)
    portal.withdraw(sub)
    assert sub.reference not in public_page(call)


def test_without_a_virus_scanner_files_are_never_published_and_the_page_says_so(call, triager, settings):
    settings.CLAMD_SOCKET = ""
    sub = make_submission(call, text="", consent_to_publish=True,
                          files=[IncomingFile("input.txt", b"International cooperation on debt relief matters.")])
    decide_publication([sub], approve=True, actor=triager)
    html = public_page(call)
    assert sub.reference in html
    assert "files-not-published" in html
    attachment = sub.attachments.get()
    assert f"/inputs/files/{attachment.pk}/" not in html
    assert Client().get(f"/calls/{call.slug}/inputs/files/{attachment.pk}/").status_code == 404


def test_refusing_publication_is_audited_and_hides_it(call, triager):
    sub = make_submission(call, text="Our text on capacity-building and the right to development.",
                          consent_to_publish=True)
    decide_publication([sub], approve=True, actor=triager)
    decide_publication([sub], approve=False, actor=triager)
    sub.refresh_from_db()
    assert sub.publication == PublicationState.REFUSED
    assert sub.reference not in public_page(call)
    assert AuditEvent.objects.filter(action=AuditAction.PUBLICATION_REFUSED, submission=sub).count() == 1
