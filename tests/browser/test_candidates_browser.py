"""Themes the call did not name, in headless Chromium: an editor looks, adopts one, and finds it suggested.

Screenshots of the proposals page and of a submission behind the adopted theme
go to var/screenshots/.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from submissions.models import CallRole
from synthesis.models import CandidateState, CandidateTheme
from tests.browser.test_triage_browser import sign_in
from tests.factories import make_call, make_submission
from tests.staff.conftest import THEMES, staff_on
from tests.synthesis.test_candidate_themes import ON_TOPIC, PRISONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_adopts_a_proposed_theme_and_sees_it_suggested_on_a_submission_behind_it(
        live_server, new_page, screenshot, eager_celery):
    call = make_call(slug="candidates-call", themes=THEMES)
    staff_on(call, "eddie", CallRole.EDITOR)
    make_submission(call, name="Finance NGO", text=f"{ON_TOPIC} We ask for debt relief and vaccine funding.")
    behind = [make_submission(call, name=f"Sender {i}", text=f"{ON_TOPIC}\n\n{text}") for i, text in enumerate(PRISONS)]

    page = new_page()
    sign_in(page, live_server.url, "eddie", f"/staff/calls/{call.slug}/")
    page.click("nav.call-nav >> text=New themes")
    expect(page.locator("h1")).to_have_text("Themes the call did not name")
    expect(page.locator(".candidates-none")).to_be_visible()
    page.click("button.candidates-look")
    expect(page.locator("section.candidate").first).to_be_visible()
    # The proposal about prisons (the call's themes are finance, health and cooperation).
    candidate = next(c for c in CandidateTheme.objects.filter(call=call, state=CandidateState.PROPOSED)
                     if any("Prisons are severely" in s["text"] for s in c.sentences))
    assert set(candidate.submissions.all()) == set(behind)
    card = page.locator(f"#candidate-{candidate.pk}")
    expect(card.locator(".candidate-submissions a.reference")).to_have_count(candidate.submissions.count())
    screenshot(page, "candidates-proposed-en")

    card.locator("input[name=name]").fill("Conditions of detention")
    card.locator("button[value=adopt]").click()
    expect(page.locator("#messages")).to_contain_text("“Conditions of detention” is now a theme of the call")
    expect(page.locator(".candidates-decided")).to_contain_text("Conditions of detention")
    screenshot(page, "candidates-adopted-en")

    page.goto(f"{live_server.url}/staff/submissions/{behind[1].pk}/")
    row = page.locator("#panel-themes .theme-row[data-theme=conditions-of-detention]")
    # Suggested for the prisons sentence it was found in (French here), not for the debt sentence.
    expect(page.locator("mark[title*='Conditions of detention']", has_text="prisons sont")).to_be_visible()
    expect(row).to_contain_text("Conditions of detention")
    expect(row).to_contain_text("suggested")
    expect(row.locator(".decision")).to_contain_text("undecided")
    screenshot(page, "candidates-suggested-on-submission-en")
