"""An editor in headless Chromium: evidence view, a paragraph edited, a PDF built by a real worker."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import redis
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from config.celery import app as celery_app
from reports.services.report import draft_report
from submissions.models import CallRole
from submissions.services.team import set_membership
from tests.celery_worker import Worker
from tests.factories import make_call, make_submission

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PASSWORD = "Editor-pass-2021!"


@pytest.fixture
def draft_and_editor(eager_celery):
    call = make_call(report_date="2021-07-20")
    make_submission(call, name="Permanent Mission of Sweden", category="member-state", country="SWE",
                    text="Debt relief and development finance are essential so that developing countries can "
                         "invest in health and social protection after the pandemic.")
    make_submission(call, name="Finn Church Aid", category="ngo",
                    text="Equitable access to vaccines for all countries requires sharing technology and know-how "
                         "so that vaccine doses reach the poorest countries.")
    report = draft_report(call, "en")
    editor = get_user_model().objects.create_user("editor", password=PASSWORD)
    set_membership(call, editor, CallRole.EDITOR, actor_label="test")
    return call, report


@pytest.fixture
def build_worker(settings):
    redis.Redis.from_url(celery_app.conf.broker_url).flushdb()
    worker = Worker(Path(settings.MEDIA_ROOT))
    worker.start()
    yield worker
    worker.stop()


def words(page) -> int:
    return int(re.search(r"(\d+) words of", page.locator("#word-count").inner_text()).group(1))


def test_editor_edits_a_paragraph_and_downloads_the_built_pdf(draft_and_editor, build_worker, live_server,
                                                              new_page, screenshot, tmp_path, eager_celery):
    call, _report = draft_and_editor
    eager_celery.conf.task_always_eager = False  # builds go to the real worker from here on
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")

    page.goto(f"{live_server.url}/staff/reports/calls/{call.slug}/evidence/")
    assert page.locator(".heatmap svg rect").count() > 0
    screenshot(page, "evidence-en")
    page.click("text=Draft report (EN)")
    page.wait_for_selector("#word-count")
    before = words(page)

    first = page.locator(".draft-paragraph").nth(1)
    first.locator("summary").click()
    first.locator("textarea[name=text]").fill(
        "The present report, edited by the editor, summarizes what contributors said about international "
        "cooperation in the field of human rights, with many more words than before.")
    first.locator("button:has-text('Save paragraph')").click()
    # (a locator wait, not wait_for_function: the pages' Content-Security-Policy forbids eval)
    expect(page.locator("#word-count")).not_to_contain_text(f"{before} words")
    assert words(page) != before
    assert page.locator("text=edited by the editor").count() >= 1

    page.click("button:has-text('Build PDF')")
    # The worker picks the build up: the panel polls and shows progress, then the download.
    page.wait_for_selector("#builds .build[data-state=queued], #builds .build[data-state=running], "
                           "#builds .build[data-state=done]")
    screenshot(page, "editor-en")
    page.wait_for_selector("#builds .build[data-state=done] >> text=Download", timeout=90_000)
    with page.expect_download() as download:
        page.locator("#builds .build[data-state=done] a:has-text('Download')").first.click()
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "edited by the editor" in " ".join(text.split())


ARABIC_NGO = "المركز العربي لاستقلال القضاء والمحاماة"


def test_editor_sees_the_provisional_banner_and_supplies_a_missing_name(live_server, new_page, screenshot,
                                                                        eager_celery):
    """Nothing reviewed yet: the editor says the draft is provisional; a name with no English form is flagged,
    the editor sets it, and the next draft prints it instead of the marked gap."""
    call = make_call(report_date="2021-07-20")
    make_submission(call, name="Permanent Mission of Sweden", category="member-state", country="SWE",
                    consent_to_publish=True,
                    text="Debt relief and development finance are essential so that developing countries can "
                         "invest in health and social protection after the pandemic.")
    arabic = make_submission(call, name=ARABIC_NGO, category="ngo", consent_to_publish=True,
                             text="Equitable access to vaccines for all countries requires sharing technology and "
                                  "know-how so that vaccine doses reach the poorest countries.")
    report = draft_report(call, "en")
    assert report.provisional
    gap = f"[name in English to be supplied: {arabic.reference}]"
    assert gap in "\n".join(p.text for s in report.sections.all() for p in s.paragraphs.all())
    editor = get_user_model().objects.create_user("editor", password=PASSWORD)
    set_membership(call, editor, CallRole.EDITOR, actor_label="test")

    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.goto(f"{live_server.url}/staff/reports/calls/{call.slug}/report/en/")
    banner = page.locator("#provisional-banner")
    assert banner.is_visible() and "Provisional — based on unreviewed suggestions" in banner.inner_text()
    flagged = page.locator(f"#names .contributor-name.missing[data-reference='{arabic.reference}']")
    assert flagged.locator(".badge:has-text('No name in English')").is_visible()
    assert page.locator("#names .contributor-name.missing").count() == 1  # Sweden has its UN name
    screenshot(page, "editor-names-en")

    flagged.locator("input[name=name]").fill("Arab Centre for the Independence of the Judiciary and the Legal "
                                             "Profession")
    flagged.locator("button:has-text('Save')").click()
    page.wait_for_selector("text=Name saved")
    assert page.locator("#names .contributor-name.missing").count() == 0
    page.click("button:has-text('Draft again from the latest decisions')")
    page.wait_for_selector("#draft-body")
    body = page.locator("#draft-body").inner_text()
    assert "Arab Centre for the Independence of the Judiciary and the Legal Profession" in body
    assert gap not in body
    screenshot(page, "editor-names-set-en")
