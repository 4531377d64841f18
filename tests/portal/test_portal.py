"""The submitter portal through Django's test client: real database, real files,
real signed links. Browser behaviour (JS checks, RTL layout) is in tests/browser/.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from submissions.models import AuditEvent, Submission
from submissions.services import submitter as portal
from submissions.services.status import change_status
from synthesis.models import JobState, ProcessingJob
from tests.factories import make_call
from tests.portal.samples import ENGLISH_TEXT, docx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def form_data(**overrides) -> dict:
    data = {
        "category": "ngo",
        "organisation": "Friends of Cooperation",
        "contact_name": "Ana Pérez",
        "email": "ana@example.org",
        "language": "en",
        "title": "Our input",
        "text": "",
        "consent": "yes",
        "files": [
            SimpleUploadedFile("input.txt", ENGLISH_TEXT.encode()),
            SimpleUploadedFile("annex.docx", docx_bytes(ENGLISH_TEXT)),
        ],
    }
    data.update(overrides)
    return data


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def submit(client: Client, call, prefix: str = "", remote_addr: str = "127.0.0.1", **overrides):
    return client.post(f"{prefix}/calls/{call.slug}/submit/", form_data(**overrides), REMOTE_ADDR=remote_addr)


def private_path(submission: Submission) -> str:
    return f"/submission/{portal.private_token(submission)}/"


def send_queued_mail() -> None:
    """Run the send task for every approved outbox message, as the worker would."""
    from submissions.models import MessageState, OutboundMessage
    from submissions.tasks import send_message_task

    for message_id in OutboundMessage.objects.filter(state=MessageState.APPROVED).values_list("pk", flat=True):
        send_message_task.apply(args=(message_id,))


# --- Submitting ---------------------------------------------------------------------

def test_submission_gives_receipt_page_and_email_with_files_and_private_link(client, open_call, mailoutbox):
    response = submit(client, open_call)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.source == "portal"
    assert submission.contributor.name == "Friends of Cooperation"
    assert submission.consent_to_publish is True
    assert submission.declared_language == "en"
    assert submission.status == "received"
    attachments = list(submission.attachments.order_by("id"))
    assert [a.original_name for a in attachments] == ["input.txt", "annex.docx"]

    receipt = client.get(response["Location"])
    page = receipt.content.decode()
    assert receipt.status_code == 200
    assert submission.reference in page
    for attachment in attachments:
        assert attachment.sha256 in page
    assert private_path(submission) in page
    assert "no-store" in receipt["Cache-Control"]

    send_queued_mail()
    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert submission.reference in mail.subject
    for attachment in attachments:
        assert attachment.sha256 in mail.body
        assert attachment.original_name in mail.body
    link = re.search(r"https?://\S+/submission/\S+/", mail.body).group(0)
    assert client.get(link).status_code == 200
    assert AuditEvent.objects.filter(submission=submission, action="submission.receipt_sent").exists()


def test_receipt_email_is_in_the_visitors_language(client, open_call, mailoutbox):
    response = submit(client, open_call, prefix="/fr")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/submission/")
    send_queued_mail()
    [mail] = mailoutbox
    assert "Votre lien privé" in mail.body
    assert "/fr/submission/" in mail.body


def test_receipt_is_written_to_the_outbox_in_the_request_and_sent_by_the_task(client, open_call, mailoutbox):
    """No worker runs here: the receipt page shows at once, the e-mail waits approved in the outbox."""
    from submissions.models import MessageState, OutboundMessage
    from submissions.tasks import send_message_task

    response = submit(client, open_call)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert client.get(response["Location"]).status_code == 200
    [message] = OutboundMessage.objects.filter(submission=submission)
    assert (message.kind, message.state, message.to) == ("receipt", MessageState.APPROVED, "ana@example.org")
    assert submission.reference in message.subject
    assert mailoutbox == []  # nothing was sent inside the request
    assert not AuditEvent.objects.filter(submission=submission, action="submission.receipt_sent").exists()

    send_message_task.apply(args=(message.pk,))  # what the worker does with the queued task
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    [mail] = mailoutbox
    assert mail.body == message.body
    assert AuditEvent.objects.filter(submission=submission, action="submission.receipt_sent").count() == 1
    assert "receipt sent by e-mail" in client.get(private_path(submission)).content.decode()


def test_state_is_chosen_from_the_country_table_in_the_visitors_language(client, open_call):
    page = client.get(f"/zh-hans/calls/{open_call.slug}/submit/").content.decode()
    assert '<option value="FRA">法国</option>' in page
    page = client.get(f"/ar/calls/{open_call.slug}/submit/").content.decode()
    assert '<option value="FRA">فرنسا</option>' in page

    response = submit(client, open_call, category="member-state", country="FRA", organisation="")
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.contributor.country.iso3 == "FRA"
    assert submission.contributor.category == "member-state"


def test_a_state_needs_a_country_and_an_ngo_needs_a_name(client, open_call):
    response = submit(client, open_call, category="member-state", country="")
    assert response.status_code == 400
    assert 'href="#id_country"' in response.content.decode()
    response = submit(client, open_call, category="ngo", organisation=" ")
    assert 'href="#id_organisation"' in response.content.decode()
    response = submit(client, open_call, category="member-state", country="PSE")  # an observer State
    assert "observer State" in response.content.decode()
    assert Submission.objects.count() == 0


def test_missing_fields_are_listed_in_an_error_summary_linking_to_each_field_in_french(client, open_call):
    response = client.post(f"/fr/calls/{open_call.slug}/submit/", {"category": "ngo"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page[page.index('id="error-summary"'):page.index("</ul>", page.index('id="error-summary"'))]
    assert "Il y a un problème" in summary
    for field in ("id_contact_name", "id_email", "id_language", "id_consent_0", "id_organisation"):
        assert f'href="#{field}"' in summary
    assert "Ce champ est obligatoire." in summary
    assert 'aria-invalid="true"' in page
    assert Submission.objects.count() == 0


def test_consent_is_an_explicit_choice_with_no_default(client, open_call):
    page = client.get(f"/calls/{open_call.slug}/submit/").content.decode()
    radios = re.findall(r'<input type="radio"[^>]*name="consent"[^>]*>', page)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)
    response = submit(client, open_call, consent="")
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_text_alone_is_enough_but_nothing_at_all_is_refused(client, open_call):
    assert submit(client, open_call, files=[], text="").status_code == 400
    assert submit(client, open_call, files=[], text=ENGLISH_TEXT).status_code == 302
    assert Submission.objects.get().text == ENGLISH_TEXT


def test_oversized_file_is_refused_with_a_clear_message_and_nothing_is_saved(client, open_call):
    open_call.max_file_mb = 1
    open_call.save()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    small = SimpleUploadedFile("small.txt", ENGLISH_TEXT.encode())
    response = submit(client, open_call, files=[small, big])
    page = response.content.decode()
    assert response.status_code == 400
    assert "“big.pdf” is 1.0\xa0MB; the limit is 1 MB per file." in page
    assert Submission.objects.count() == 0
    assert media_files() == []


def test_too_many_files_and_wrong_types_are_refused(client, open_call):
    open_call.max_files = 2
    open_call.save()
    files = [SimpleUploadedFile(f"f{i}.txt", ENGLISH_TEXT.encode()) for i in range(3)]
    page = submit(client, open_call, files=files).content.decode()
    assert "You can attach at most 2 files." in page
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    page = submit(client, open_call, files=[exe]).content.decode()
    assert "“report.pdf” is a program, and programs are refused for safety." in page  # the real reason
    assert Submission.objects.count() == 0
    assert media_files() == []


def test_site_default_limits_apply_when_the_call_sets_none(client, open_call, settings):
    settings.RAPPORTEUR = {**settings.RAPPORTEUR, "DEFAULT_MAX_FILES": 1}
    page = client.get(f"/calls/{open_call.slug}/submit/").content.decode()
    assert 'data-max-files="1"' in page
    assert submit(client, open_call).status_code == 400


def test_honeypot_stops_bots_and_saves_nothing(client, open_call):
    response = submit(client, open_call, website="http://spam.example")
    assert response.status_code == 400
    assert "hidden field" in response.content.decode()
    assert Submission.objects.count() == 0


def test_csrf_is_enforced(open_call):
    client = Client(enforce_csrf_checks=True)
    response = submit(client, open_call)
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_submissions_are_rate_limited_per_ip(client, open_call, settings):
    settings.PORTAL_SUBMIT_RATE = "2/h"
    assert submit(client, open_call).status_code == 302
    assert submit(client, open_call).status_code == 302
    response = submit(client, open_call)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert Submission.objects.count() == 2
    # Another address is not affected.
    assert submit(client, open_call, remote_addr="10.0.0.9").status_code == 302


def test_private_link_is_rate_limited(client, open_call, settings):
    submit(client, open_call)
    path = private_path(Submission.objects.get())
    settings.PORTAL_LINK_RATE = "3/h"
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]


# --- Deadline -------------------------------------------------------------------------

def test_late_submission_is_accepted_and_flagged(client, db):
    call = make_call(slug="late-call", deadline=(timezone.now() - dt.timedelta(days=1)).isoformat())
    page = client.get(f"/calls/{call.slug}/").content.decode()
    assert "The deadline has passed. Late submissions are still accepted" in page
    response = submit(client, call)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.late is True
    receipt = client.get(response["Location"]).content.decode()
    assert "marked as late" in receipt


def test_call_refusing_late_submissions_says_so_and_keeps_nothing(client, db):
    call = make_call(
        slug="strict-call", deadline=(timezone.now() - dt.timedelta(hours=1)).isoformat(), accepts_late=False
    )
    page = client.get(f"/calls/{call.slug}/").content.decode()
    assert "This call is closed" in page
    assert f"/calls/{call.slug}/submit/" not in page
    response = submit(client, call)
    assert response.status_code == 409
    assert "This call is closed" in response.content.decode()
    assert Submission.objects.count() == 0
    assert media_files() == []


def test_visitors_arriving_on_a_plain_link_get_their_own_language(client, open_call):
    path = f"/calls/{open_call.slug}/"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert (response.status_code, response["Location"]) == (302, f"/ar{path}")
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"] == "/zh-hans/"
    # Someone who chose English with the switcher stays in English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="ar").status_code == 200


def test_draft_calls_are_not_public(client, db):
    call = make_call(slug="draft-call")
    call.status = "draft"
    call.save()
    assert client.get(f"/calls/{call.slug}/").status_code == 404
    assert client.get(f"/calls/{call.slug}/submit/").status_code == 404


def test_deadline_is_shown_in_geneva_time_with_a_machine_readable_time(client, db):
    call = make_call(slug="geneva-call", deadline="2030-03-31")
    page = client.get(f"/calls/{call.slug}/").content.decode()
    assert '<time datetime="2030-03-31T23:59:59.999999+02:00">March 31, 2030, 23:59</time>' in page
    assert "Geneva time" in page


# --- The private link -----------------------------------------------------------------------

def test_forged_or_altered_links_find_nothing(client, open_call):
    submit(client, open_call)
    submission = Submission.objects.get()
    token = portal.private_token(submission)
    assert client.get(f"/submission/{token[:-2]}xx/").status_code == 404
    signature = token.split(":", 1)[1]
    forged_payload = signing.b64_encode(f'{{"s":{submission.pk + 1},"r":"{submission.reference}"}}'.encode())
    assert client.get(f"/submission/{forged_payload.decode()}:{signature}/").status_code == 404
    wrong_key = signing.dumps({"s": submission.pk, "r": submission.reference}, key="guess",
                              salt=settings.PORTAL_LINK_SALT)
    assert client.get(f"/submission/{wrong_key}/").status_code == 404
    stale = signing.dumps({"s": submission.pk, "r": "XXXX-0001"}, salt=settings.PORTAL_LINK_SALT)
    assert client.get(f"/submission/{stale}/").status_code == 404
    assert client.get(f"/submission/{token}/").status_code == 200
    assert client.get("/submission/not-a-token/").status_code == 404


def test_uploads_are_only_served_through_the_private_link(client, open_call):
    submit(client, open_call)
    submission = Submission.objects.get()
    attachment = submission.attachments.first()
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    response = client.get(f"{private_path(submission)}files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == ENGLISH_TEXT.encode()
    other_call = make_call(slug="other-call", deadline=(timezone.now() + dt.timedelta(days=3)).isoformat())
    submit(client, other_call)
    other = Submission.objects.get(call=other_call)
    assert client.get(f"{private_path(other)}files/{attachment.pk}/").status_code == 404


def test_submitter_html_is_never_rendered(client, open_call):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submit(client, open_call, title=evil, text=evil, organisation=evil)
    page = client.get(private_path(Submission.objects.get())).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_amend_add_files_and_withdraw_are_audited(client, open_call):
    submit(client, open_call, consent="no")
    submission = Submission.objects.get()
    path = private_path(submission)

    response = client.post(f"{path}amend/", {"amend-title": "Revised", "amend-text": "More text.",
                                             "amend-consent": "yes"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.title, submission.text, submission.consent_to_publish) == ("Revised", "More text.", True)
    amended = AuditEvent.objects.get(submission=submission, action="submission.amended")
    assert amended.actor_label == "submitter"
    assert amended.before == {"title": "Our input", "text": "", "consent_to_publish": False}
    assert amended.after == {"title": "Revised", "text": "More text.", "consent_to_publish": True}

    response = client.post(f"{path}files/", {"add-files": [SimpleUploadedFile("more.txt", b"Extra words.")]})
    assert response.status_code == 302
    assert submission.attachments.count() == 3
    added = AuditEvent.objects.get(submission=submission, action="submission.files_added")
    assert added.after["files"][0]["name"] == "more.txt"

    assert client.post(f"{path}withdraw/", {}).status_code == 400  # confirmation required
    response = client.post(f"{path}withdraw/", {"withdraw-confirm": "on", "withdraw-reason": "Sent twice"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    change = AuditEvent.objects.filter(submission=submission, action="submission.status").last()
    assert (change.before, change.after, change.actor_label) == (
        {"status": "received"}, {"status": "withdrawn"}, "submitter")

    page = client.get(path).content.decode()
    assert "This submission has been withdrawn" in page
    response = client.post(f"{path}amend/", {"amend-title": "Again", "amend-text": "x", "amend-consent": "no"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Revised"


def test_changes_are_refused_after_the_deadline(client, open_call):
    submit(client, open_call)
    submission = Submission.objects.get()
    # Sent on time, then the deadline passed (a late sender's own window is tested in test_intake_trust).
    Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now() - dt.timedelta(minutes=2))
    open_call.deadline = timezone.now() - dt.timedelta(minutes=1)
    open_call.save()
    path = private_path(submission)
    page = client.get(path).content.decode()
    assert "The deadline has passed: the submission can no longer be changed." in page
    assert "amend-title" not in page
    client.post(f"{path}amend/", {"amend-title": "Late edit", "amend-text": "", "amend-consent": "no"})
    client.post(f"{path}withdraw/", {"withdraw-confirm": "on"})
    submission.refresh_from_db()
    assert submission.title == "Our input"
    assert submission.status == "received"
    assert not AuditEvent.objects.filter(submission=submission, action="submission.amended").exists()


def test_added_files_respect_the_limits(client, open_call):
    open_call.max_files = 2
    open_call.save()
    submit(client, open_call)
    page = client.get(private_path(Submission.objects.get())).content.decode()
    assert "add-files" not in page  # already at the limit: no form offered
    response = client.post(f"{private_path(Submission.objects.get())}files/",
                           {"add-files": [SimpleUploadedFile("x.txt", b"More words here.")]})
    assert response.status_code == 400
    assert Submission.objects.get().attachments.count() == 2


def test_changing_the_text_of_a_processed_submission_sends_it_back_to_processing(client, open_call):
    submit(client, open_call)
    submission = Submission.objects.get()
    change_status(submission, "ready", actor_label="system")  # as processing leaves it
    ProcessingJob.objects.filter(submission=submission).update(state=JobState.DONE)
    path = private_path(submission)

    client.post(f"{path}amend/", {"amend-title": "Our input", "amend-text": "", "amend-consent": "no"})
    submission.refresh_from_db()
    assert submission.status == "ready"  # consent alone needs no processing

    client.post(f"{path}amend/", {"amend-title": "Our input", "amend-text": "Vaccine equity.", "amend-consent": "no"})
    submission.refresh_from_db()
    assert submission.status == "processing"
    assert ProcessingJob.objects.get(submission=submission).state == JobState.QUEUED


# --- Broker outage -------------------------------------------------------------------------

@pytest.fixture
def broker_down():
    """Point Celery at a closed port, as if Redis were down, then restore it."""
    from config.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:6390/0"
    app._after_fork()  # drop pooled connections to the real broker
    yield
    app.conf.broker_url = previous
    app._after_fork()


def test_submission_is_kept_when_redis_is_down_and_processed_once_it_is_back(client, open_call, broker_down,
                                                                              request):
    response = submit(client, open_call)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert ProcessingJob.objects.get(submission=submission).state == JobState.QUEUED
    assert submission.status == "received"

    request.getfixturevalue("eager_celery")
    from config.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    app._after_fork()
    from synthesis.tasks import sweep_stale_jobs

    assert sweep_stale_jobs(older_than_seconds=0) == 1
    submission.refresh_from_db()
    assert submission.status == "ready"
    assert ProcessingJob.objects.get(submission=submission).state == JobState.DONE
