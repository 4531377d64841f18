"""A translator-editor in headless Chromium on a language version: side by side, counts, a translation saved."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from reports.models import Paragraph, TranslationState
from reports.services.report import draft_report
from submissions.models import CallRole
from submissions.services.team import set_membership
from tests.factories import make_call, make_submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Editor-pass-2021!"


@pytest.fixture
def version(eager_celery):
    call = make_call(report_date="2021-07-20")
    make_submission(call, name="Permanent Mission of Sweden", category="member-state", country="SWE",
                    text="Debt relief and development finance are essential so that developing countries can "
                         "invest in health and social protection after the pandemic.")
    make_submission(call, name="Finn Church Aid", category="ngo", consent_to_publish=True,
                    text="Equitable access to vaccines for all countries requires sharing technology and know-how "
                         "so that vaccine doses reach the poorest countries.")
    draft_report(call, "en")
    report = draft_report(call, "fr")
    editor = get_user_model().objects.create_user("traductrice", password=PASSWORD)
    set_membership(call, editor, CallRole.EDITOR, actor_label="test")
    return call, report


def test_a_version_is_translated_side_by_side(version, live_server, new_page, screenshot):
    call, report = version
    pending = Paragraph.objects.filter(section__report=report, translation_state=TranslationState.PENDING)
    total = pending.count()
    assert total >= 1
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "traductrice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.goto(f"{live_server.url}/staff/reports/calls/{call.slug}/report/fr/")
    expect(page.locator("#translation-progress")).to_contain_text(f"0 of {total} paragraphs translated")
    first = pending.order_by("section__order", "order").first()
    row = page.locator(f"#paragraph-{first.pk}")
    expect(row.locator(".original-side")).to_contain_text(first.origin.text.split("{fn")[0][:40])
    expect(row.locator(".version-side .badge")).to_have_text("Pending translation")
    screenshot(page, "version-editor-fr-pending")
    row.locator("summary").click()
    row.locator("textarea[name=text]").fill("Le paragraphe traduit par la traductrice.")
    row.locator("button[type=submit]", has_text="Save paragraph").click()
    expect(page.locator(f"#paragraph-{first.pk} .version-side")).to_contain_text("Le paragraphe traduit")
    page.goto(f"{live_server.url}/staff/reports/calls/{call.slug}/report/fr/")
    expect(page.locator("#translation-progress")).to_contain_text(f"1 of {total} paragraphs translated")
    expect(page.locator(f"#paragraph-{first.pk} .version-side .badge")).to_have_text("Translated")
    screenshot(page, "version-editor-fr-translated")
    first.refresh_from_db()
    assert first.translation_state == TranslationState.TRANSLATED
