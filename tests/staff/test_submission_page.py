"""The submission page: evidence highlighted, themes, excerpts, notes, duplicates, processing, history."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import AuditEvent, Excerpt, InternalNote, SubmissionStatus, ThemeTag
from submissions.services.excerpts import ExcerptError, save_excerpt
from submissions.services.intake import IncomingFile
from synthesis.models import JobState, ProcessingJob
from tests.factories import make_submission
from tests.portal.samples import docx_bytes
from tests.staff.conftest import ENGLISH, to_ready

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def page(client, submission) -> str:
    response = client.get(reverse("staff:submission", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_metadata_and_highlights_each_themes_evidence(client, triager, english):
    client.force_login(triager)
    html = page(client, english)
    assert english.reference in html and "Health Action" in html and "Ready for review" in html
    # The stored span is part of a sentence; the page marks the whole sentence (staff.checking).
    assert '<mark class="ev ev-0" title="Development finance">Our organization asks for fair debt arrangements for ' \
        'developing countries.</mark>' in html
    assert '<mark class="ev ev-1" title="Health and vaccines">Equitable access to vaccines' in html


def test_highlights_survive_text_with_markup_and_rejected_themes_are_not_highlighted(client, call, triager):
    text = "Intro <b>bold</b> & more. Fair debt arrangements matter to every country.\r\nNext line."
    submission = to_ready(make_submission(call, text=text))
    from tests.staff.conftest import suggest

    tag = suggest(submission, "finance", "Fair debt arrangements matter to every country.")
    client.force_login(triager)
    html = page(client, submission)
    assert "Intro &lt;b&gt;bold&lt;/b&gt; &amp; more." in html and "&#13;" in html
    assert "<mark class=\"ev ev-0\"" in html
    tag.accepted = False
    tag.save()
    assert "<mark class=\"ev ev-0\"" not in page(client, submission)


def test_accept_one_reject_another_and_add_a_theme(client, call, triager, english):
    client.force_login(triager)
    finance = ThemeTag.objects.get(submission=english, theme__key="finance")
    health = ThemeTag.objects.get(submission=english, theme__key="health")
    client.post(reverse("staff:decide-theme", args=[english.pk, finance.pk]), {"accepted": "1"})
    response = client.post(reverse("staff:decide-theme", args=[english.pk, health.pk]), {"accepted": "0"},
                           HTTP_HX_REQUEST="true")
    assert 'id="panel-themes" class="card mb-3" hx-swap-oob="true"' in response.content.decode()
    finance.refresh_from_db()
    health.refresh_from_db()
    assert (finance.accepted, finance.decided_by, health.accepted) == (True, triager, False)
    cooperation = call.themes.get(key="cooperation")
    client.post(reverse("staff:add-theme", args=[english.pk]), {"theme": cooperation.pk})
    added = ThemeTag.objects.get(submission=english, theme=cooperation)
    assert added.origin == "staff" and added.accepted is True
    actions = list(AuditEvent.objects.filter(submission=english, actor=triager).values_list("action", flat=True))
    assert actions == ["theme.decided", "theme.decided", "theme.added"]
    html = page(client, english)
    assert "Theme “Health and vaccines” rejected" in html and "Theme “Technical cooperation” added" in html


def test_a_tag_of_another_submission_cannot_be_decided_through_this_one(client, call, triager, english):
    other = to_ready(make_submission(call))
    from tests.staff.conftest import suggest

    foreign = suggest(other, "finance", "Text on debt.")
    client.force_login(triager)
    assert client.post(reverse("staff:decide-theme", args=[english.pk, foreign.pk]), {"accepted": "1"}) \
        .status_code == 404
    foreign.refresh_from_db()
    assert foreign.accepted is None


def test_save_excerpt_from_a_selection_with_offsets(client, call, triager, english):
    client.force_login(triager)
    passage = "Equitable access to vaccines"
    start = english.text.index(passage)
    theme = call.themes.get(key="health")
    client.post(reverse("staff:save-excerpt", args=[english.pk]), {
        "theme": theme.pk, "text": passage, "attachment": "", "page": "", "start": start, "end": start + len(passage)})
    excerpt = Excerpt.objects.get()
    assert (excerpt.text, excerpt.start, excerpt.end, excerpt.attachment, excerpt.created_by) == \
        (passage, start, start + len(passage), None, triager)
    event = AuditEvent.objects.get(action="excerpt.saved")
    assert event.after["theme"] == "health" and event.actor == triager
    assert "ev-excerpt" in page(client, english)
    client.post(reverse("staff:delete-excerpt", args=[english.pk, excerpt.pk]))
    assert not Excerpt.objects.exists()
    assert AuditEvent.objects.filter(action="excerpt.deleted", before__text=passage).exists()


def test_excerpt_from_a_file_page_and_from_pasted_text(call, triager):
    submission = to_ready(make_submission(call, text="", files=[IncomingFile("a.docx", docx_bytes("x"))]))
    attachment = submission.attachments.get()
    attachment.pages = ["First page text.", "Second page mentions debt relief for islands."]
    attachment.extraction_status = "done"
    attachment.save()
    theme = call.themes.get(key="finance")
    # Stale offsets (the browser's) are corrected by finding the passage.
    excerpt = save_excerpt(submission, theme, "debt relief", actor=triager, attachment_id=attachment.pk, page=2,
                           start=0, end=5)
    assert (excerpt.page, excerpt.attachment, excerpt.start) == (2, attachment, "Second page mentions ".__len__())
    with pytest.raises(ExcerptError) as refused:
        save_excerpt(submission, theme, "words the sender never wrote", actor=triager)
    assert refused.value.code == "not-found"


def test_excerpt_refusals_are_explained(client, call, other_call, triager, english):
    client.force_login(triager)
    response = client.post(reverse("staff:save-excerpt", args=[english.pk]),
                           {"theme": call.themes.get(key="health").pk, "text": "not in the text at all"}, follow=True)
    assert "That passage is not in the submission" in response.content.decode()
    foreign_theme = other_call.themes.get()
    response = client.post(reverse("staff:save-excerpt", args=[english.pk]),
                           {"theme": foreign_theme.pk, "text": "vaccines"}, follow=True)
    assert "Select a passage and choose a theme" in response.content.decode()
    assert not Excerpt.objects.exists()


def test_internal_notes_are_audited_and_never_shown_to_the_sender(client, call, triager, english):
    from submissions.services import submitter as portal

    client.force_login(triager)
    client.post(reverse("staff:add-note", args=[english.pk]), {"text": "Check the figures with the desk."})
    note = InternalNote.objects.get()
    assert note.author == triager
    assert "Check the figures with the desk." in page(client, english)
    client.logout()
    sender_page = client.get(reverse("portal:manage", args=[portal.private_token(english)])).content.decode()
    assert "Check the figures" not in sender_page
    client.force_login(triager)
    response = client.post(reverse("staff:add-note", args=[english.pk]), {"text": "   "}, follow=True)
    assert InternalNote.objects.count() == 1 and "A note cannot be empty" in response.content.decode()


def test_duplicates_panel_marks_and_undoes(client, call, triager, english):
    copy = to_ready(make_submission(call, text=ENGLISH))
    client.force_login(triager)
    client.post(reverse("staff:mark-duplicate", args=[copy.pk]), {"original": english.reference})
    copy.refresh_from_db()
    assert copy.duplicate_of == english and copy.status == S.DUPLICATE
    original_page = page(client, english)
    assert copy.reference in original_page and "1 submission repeats this one" in original_page
    client.post(reverse("staff:not-duplicate", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.duplicate_of is None and copy.status == S.READY
    assert AuditEvent.objects.filter(submission=copy, action="submission.duplicate_undone", actor=triager).exists()
    response = client.post(reverse("staff:mark-duplicate", args=[copy.pk]), {"original": copy.reference},
                           follow=True)
    assert "same call" in response.content.decode()


def test_failed_processing_can_be_retried(client, call, triager, english):
    job, _ = ProcessingJob.objects.update_or_create(
        submission=english, defaults={"state": JobState.FAILED, "error": "RuntimeError: boom",
                                      "finished_at": timezone.now()})
    client.force_login(triager)
    html = page(client, english)
    assert "RuntimeError: boom" in html and 'id="retry-processing"' in html
    client.post(reverse("staff:retry", args=[english.pk]))
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert AuditEvent.objects.filter(submission=english, action="processing.retried", actor=triager).exists()
    response = client.post(reverse("staff:retry", args=[english.pk]), follow=True)
    assert "Only a failed processing job can be retried" in response.content.decode()


def test_history_shows_who_did_what(client, call, triager, editor, english):
    client.force_login(editor)
    client.post(reverse("staff:assign", args=[english.pk]), {"assignee": triager.pk})
    client.post(reverse("staff:status", args=[english.pk]), {"status": "in_review"})
    html = page(client, english)
    assert "Assigned to tina" in html
    assert "Status changed from “Ready for review” to “In review”" in html
    assert "Received" in html and "eddie" in html
