"""Running a call from the staff area, in headless Chromium, by a call manager who is not a superuser.

From an empty database: the manager (only the "Call administrator" group) creates a
call in English, French and Arabic with themes and a note verbale, invites a triager
by e-mail, opens the call; a visitor reads it on the portal in the three languages.
Then the manager writes to senders through the outbox and the sent e-mail shows in the
submission's history. Screenshots go to var/screenshots/call-*.png.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from playwright.sync_api import expect

from submissions.models import (
    AuditAction,
    AuditEvent,
    Call,
    CallMembership,
    CallRole,
    MessageState,
    OutboundMessage,
    SubmissionStatus,
)
from submissions.permissions import CALL_ADMINISTRATOR_GROUP
from submissions.services.calls import GENEVA
from submissions.services.status import change_status
from tests.factories import make_submission
from tests.staff.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def manager(db):
    """Not a superuser, not on any call: only the global call-administrator role."""
    group, _ = Group.objects.get_or_create(name=CALL_ADMINISTRATOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="add_call", content_type__app_label="submissions"))
    user = make_user("maya", email="maya@ohchr.example")
    user.groups.add(group)
    assert not user.is_superuser and not user.is_staff
    return user


def sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click(".login-form button[type=submit]")


def fill_language(page, code: str, **texts: str) -> None:
    page.click(f"#tab-{code}")
    for name, value in texts.items():
        page.fill(f"#id_{name}_{code}", value)


def create_call(page, base: str) -> None:
    page.goto(f"{base}/staff/")
    page.click("text=New call")
    expect(page.locator("h1")).to_have_text("New call for input")
    page.fill("#id_slug", "right-to-development-2025")
    page.fill("#id_deadline", "2099-05-31T23:59")
    page.fill("#id_session", "60")
    page.select_option("#id_body", "human-rights-council")
    page.select_option("#id_report_author", "high-commissioner")
    page.fill("#id_report_symbol", "A/HRC/60/99")
    page.fill("#id_contact_email", "registry@ohchr.example")
    page.check("#id_report_languages_0")  # Arabic
    page.check("#id_report_languages_1")  # English
    # French text without a French title: the page names the field and the language.
    fill_language(page, "en", title="The right to development", mandate="Human Rights Council resolution 57/8",
                  call_text="The High Commissioner invites States and stakeholders to share their practice.",
                  questions="What measures has your State taken?\nWhat obstacles remain?")
    fill_language(page, "fr", call_text="Le Haut-Commissaire invite les États à partager leurs pratiques.")
    page.click("button[type=submit]:has-text('Create the call')")
    expect(page.locator("#error-summary")).to_contain_text("Title (French)")
    expect(page.locator("#tab-fr .badge")).to_have_text("!")
    fill_language(page, "fr", title="Le droit au développement",
                  questions="Quelles mesures votre État a-t-il prises ?\nQuels obstacles subsistent ?")
    fill_language(page, "ar", title="الحق في التنمية", call_text="يدعو المفوض السامي الدول إلى تبادل ممارساتها.",
                  questions="ما هي التدابير التي اتخذتها دولتكم؟")
    page.click("button[type=submit]:has-text('Create the call')")
    expect(page.locator(".call-status")).to_contain_text("Draft")


def test_manager_not_superuser_creates_a_call_in_three_languages_invites_a_triager_and_opens_it(
        live_server, new_page, manager, screenshot, tmp_path, eager_celery):
    base = live_server.url
    assert not Call.objects.exists()
    page = new_page()
    sign_in(page, base, "maya")
    expect(page.locator("h1")).to_have_text("Your calls")
    create_call(page, base)
    call = Call.objects.get(slug="right-to-development-2025")
    assert set(call.title) == {"en", "fr", "ar"} and call.questions["fr"][1] == "Quels obstacles subsistent ?"
    assert CallMembership.objects.get(call=call, user=manager).role == CallRole.MANAGER
    assert call.deadline.astimezone(GENEVA).strftime("%Y-%m-%d %H:%M") == "2099-05-31 23:59"  # Geneva time

    # Themes: two, named in three languages, the second put first.
    page.click("text=Edit the themes")
    page.fill("#id_t0-key", "finance")
    page.fill("#id_t0-order", "2")
    page.fill("#id_t0-name_en", "Financing for development")
    page.click("#t0-tab-fr")
    page.fill("#id_t0-name_fr", "Financement du développement")
    page.click("#t0-tab-ar")
    page.fill("#id_t0-name_ar", "تمويل التنمية")
    page.fill("#id_t1-key", "participation")
    page.fill("#id_t1-order", "1")
    page.fill("#id_t1-name_en", "Participation")
    page.fill("#id_t1-keywords_en", "participation, consultation")
    page.click("button:has-text('Save the themes')")
    expect(page.locator(".setup-themes li")).to_have_count(2)
    assert list(call.themes.values_list("key", flat=True)) == ["participation", "finance"]

    # Note verbale, in French.
    pdf = tmp_path / "nv-fr.pdf"
    pdf.write_bytes(PDF)
    page.select_option("#id_language", "fr")
    page.set_input_files("#id_file", str(pdf))
    page.click("button:has-text('Upload')")
    expect(page.locator(".alert-success")).to_contain_text("Note verbale uploaded")

    # Invite a triager by e-mail; the e-mail went through the outbox.
    page.goto(f"{base}/staff/calls/{call.slug}/team/invite/")
    page.fill("#id_email", "tariq@ohchr.example")
    page.select_option("#id_role", "triager")
    page.click("button:has-text('Send the invitation')")
    expect(page.locator(".invitations-table")).to_contain_text("tariq@ohchr.example")
    assert OutboundMessage.objects.get(kind="invitation").state == MessageState.SENT
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/accounts/", 1)[1]
    screenshot(page, "call-invite")

    invitee = new_page()
    invitee.goto(f"{base}/accounts/{path}")
    invitee.fill("#id_username", "tariq")
    invitee.fill("#id_password", "a-Long-secret-77")
    invitee.fill("#id_password_again", "a-Long-secret-77")
    invitee.click("button:has-text('Create my account and join')")
    expect(invitee.locator(".alert-success")).to_contain_text("Triager")
    assert CallMembership.objects.get(call=call, user__username="tariq").role == CallRole.TRIAGER

    # Open the call.
    page.goto(f"{base}/staff/calls/{call.slug}/setup/")
    screenshot(page, "call-setup")
    page.click("button:has-text('Open the call')")
    expect(page.locator(".call-status")).to_contain_text("Open")
    assert AuditEvent.objects.filter(call=call, action=AuditAction.CALL_OPENED, actor=manager).exists()

    # A visitor reads it in English, French and Arabic.
    visitor = new_page(locale="en-GB")
    visitor.goto(f"{base}/calls/{call.slug}/")
    expect(visitor.locator("h1")).to_have_text("The right to development")
    expect(visitor.locator(".call-text")).to_contain_text("invites States and stakeholders")
    expect(visitor.locator("ol.questions li")).to_have_count(2)
    expect(visitor.locator(".notes-verbales")).to_contain_text("French")
    expect(visitor.locator("body")).to_contain_text("registry@ohchr.example")
    screenshot(visitor, "call-portal-en")
    visitor.goto(f"{base}/fr/calls/{call.slug}/")
    expect(visitor.locator("h1")).to_have_text("Le droit au développement")
    expect(visitor.locator("ol.questions")).to_contain_text("Quels obstacles subsistent ?")
    screenshot(visitor, "call-portal-fr")
    visitor.goto(f"{base}/ar/calls/{call.slug}/")
    expect(visitor.locator("h1")).to_have_text("الحق في التنمية")
    expect(visitor.locator("html")).to_have_attribute("dir", "rtl")
    expect(visitor.locator(".call-text")).to_contain_text("يدعو المفوض السامي")
    screenshot(visitor, "call-portal-ar")
    href = visitor.locator(".notes-verbales a").first.get_attribute("href")
    response = visitor.request.get(f"{base}{href}")
    assert response.status == 200 and response.body().startswith(b"%PDF-")


def test_manager_writes_to_senders_through_the_outbox_and_the_history_shows_it(
        live_server, new_page, manager, screenshot, eager_celery):
    from submissions.services.call_setup import create_call as create

    call = create({"slug": "outbox-call", "title": {"en": "Outbox call", "fr": "Appel"}, "body": "general-assembly",
                   "session": 80, "report_author": "secretary-general", "deadline": "2099-01-31",
                   "call_text": {"en": "Tell us."}}, actor=manager)
    english = make_submission(call, text="Our input.", name="Health Action", language="en",
                              email="health@example.org", received_at=dt.datetime(2025, 1, 5, tzinfo=dt.UTC))
    french = make_submission(call, text="Notre contribution.", name="Action Santé", language="fr",
                             email="sante@example.org", received_at=dt.datetime(2025, 1, 6, tzinfo=dt.UTC))
    for submission in (english, french):
        submission.refresh_from_db()
        if submission.status == SubmissionStatus.RECEIVED:
            change_status(submission, SubmissionStatus.READY, actor_label="test")
        change_status(submission, SubmissionStatus.INCLUDED, actor=manager)
    mail.outbox.clear()

    page = new_page()
    sign_in(page, live_server.url, "maya")
    page.goto(f"{live_server.url}/staff/calls/{call.slug}/messages/compose/")
    page.select_option("#id_kind", "included")
    page.select_option("#id_recipients", "included")
    page.click("button:has-text('Put the drafts in the outbox')")
    expect(page.locator(".outbox-table tbody tr")).to_have_count(2)
    assert len(mail.outbox) == 0  # nothing leaves before approval
    expect(page.locator(".outbox-table")).to_contain_text("Votre contribution")  # the French sender's language
    screenshot(page, "call-outbox-drafts")
    page.click("button:has-text('Approve and send the chosen')")
    expect(page.locator(".outbox-table tbody tr")).to_have_count(2)
    expect(page.locator(".outbox-table")).to_contain_text("Sent")
    assert sorted(m.to[0] for m in mail.outbox) == ["health@example.org", "sante@example.org"]
    assert OutboundMessage.objects.filter(call=call, state=MessageState.SENT).count() == 2

    page.goto(f"{live_server.url}/staff/submissions/{french.pk}/")
    expect(page.locator("body")).to_contain_text("E-mail sent to sante@example.org")
    screenshot(page, "call-history-sent")
