"""The triage workspace in headless Chromium, as an OHCHR officer would use it.

Screenshots of the inbox and the submission page (English, and the inbox in
Arabic, right to left) go to var/screenshots/.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from submissions.models import CallRole, Excerpt, SubmissionStatus, ThemeTag
from tests.factories import make_submission
from tests.staff.conftest import CHINESE, ENGLISH, PASSWORD, THEMES, staff_on, suggest, to_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(db):
    from tests.factories import make_call

    call = make_call(slug="triage-call", themes=THEMES, deadline="2022-03-31")
    other = make_call(slug="other-call", reference_prefix="OTH22", themes=THEMES[:1])
    tina = staff_on(call, "tina", CallRole.TRIAGER)
    staff_on(other, "otto", CallRole.TRIAGER)
    english = to_ready(make_submission(call, text=ENGLISH, name="Health Action", language="en",
                                       received_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC), consent_to_publish=True))
    suggest(english, "finance", "fair debt arrangements for developing countries")
    suggest(english, "health", "Equitable access to vaccines is a human rights obligation.")
    chinese = to_ready(make_submission(call, text=CHINESE, name="中国人权研究会", language="zh",
                                       received_at=dt.datetime(2022, 4, 2, tzinfo=dt.UTC), consent_to_publish=True))
    secret = to_ready(make_submission(call, text="A confidential account of events on debt.", name="Quiet Witness",
                                      category="individual", received_at=dt.datetime(2022, 3, 3, tzinfo=dt.UTC),
                                      consent_to_publish=False))
    return {"call": call, "tina": tina, "english": english, "chinese": chinese, "secret": secret}


def sign_in(page, base: str, username: str, next_path: str = "") -> None:
    page.goto(f"{base}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".login-form button[type=submit]")


def rows(page) -> list[str]:
    return page.locator(".inbox-table a.reference").all_inner_texts()


def test_triager_filters_searches_decides_themes_saves_an_excerpt_and_includes(live_server, new_page, setup,
                                                                                 screenshot):
    base, call, english, chinese = live_server.url, setup["call"], setup["english"], setup["chinese"]
    page = new_page()
    sign_in(page, base, "tina")
    # A triager on one call lands where her work starts: that call's inbox.
    expect(page).to_have_url(re.compile(rf"/staff/calls/{call.slug}/$"))
    expect(page.locator(".inbox-table a.reference")).to_have_count(3)

    # Filter (htmx swaps the results in place and pushes the URL).
    page.select_option("#id_category", "individual")
    expect(page.locator(".inbox-table a.reference")).to_have_count(1)
    assert rows(page) == [setup["secret"].reference]
    assert "category=individual" in page.url
    page.select_option("#id_category", "")
    expect(page.locator(".inbox-table a.reference")).to_have_count(3)

    # Search in English (stemmed: "vaccine" finds "vaccines") and in Chinese (bigrams).
    page.fill("#id_q", "vaccine")
    page.press("#id_q", "Enter")
    expect(page.locator(".inbox-table a.reference")).to_have_count(1)
    assert rows(page) == [english.reference]
    page.fill("#id_q", "疫苗")
    page.press("#id_q", "Enter")
    expect(page.locator(".inbox-table a.reference")).to_have_text([chinese.reference])
    page.fill("#id_q", "")
    page.press("#id_q", "Enter")
    expect(page.locator(".inbox-table a.reference")).to_have_count(3)
    screenshot(page, "triage-inbox-en")

    # Open the submission.
    page.click(f"text={english.reference}")
    expect(page.locator("#submission-title")).to_contain_text("Health Action")
    # Evidence is shown as the whole sentence it touches (issue 10: sentences, not line tails).
    expect(page.locator(".text-block mark.ev-0").first).to_have_text(
        "Our organization asks for fair debt arrangements for developing countries.")

    # Accept one suggested theme, reject another (htmx, no reload).
    finance = ThemeTag.objects.get(submission=english, theme__key="finance")
    health = ThemeTag.objects.get(submission=english, theme__key="health")
    page.click(f"#accept-{finance.pk}")
    expect(page.locator("[data-theme=finance] .decision")).to_contain_text("accepted")
    page.click(f"#reject-{health.pk}")
    expect(page.locator("[data-theme=health] .decision")).to_contain_text("rejected")
    expect(page.locator("#messages")).to_contain_text("rejected")

    # Select a passage in the text and save it as an excerpt for a theme.
    passage = "Equitable access to vaccines"
    page.evaluate(
        """(passage) => {
            const block = document.querySelector('.text-block');
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.nodeValue.indexOf(passage);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + passage.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                    return;
                }
            }
            throw new Error('passage not found');
        }""",
        passage,
    )
    expect(page.locator("#excerpt-text")).to_have_value(passage)
    page.select_option("#excerpt-theme", label="Health and vaccines")
    page.click("#save-excerpt")
    expect(page.locator(".excerpt-list")).to_contain_text(passage)
    expect(page.locator(".text-block mark.ev-excerpt", has_text="vaccines").first).to_be_visible()

    # Move it to "included".
    page.click("#to-included")
    expect(page.locator(".current-status")).to_have_text("Included")
    expect(page.locator("#panel-history")).to_contain_text("Status changed from “Ready for review” to “Included”")
    screenshot(page, "triage-submission-en")

    english.refresh_from_db()
    assert english.status == SubmissionStatus.INCLUDED
    finance.refresh_from_db()
    health.refresh_from_db()
    assert finance.accepted is True and health.accepted is False
    excerpt = Excerpt.objects.get(submission=english)
    assert excerpt.text == passage and excerpt.theme.key == "health"
    assert english.text[excerpt.start:excerpt.end] == passage

    # A stale page: someone else withdrew the Chinese submission meanwhile; "Include" explains why not.
    from submissions.services.status import change_status

    page.goto(f"{base}/staff/submissions/{chinese.pk}/")
    change_status(chinese, SubmissionStatus.WITHDRAWN, actor_label="submitter")
    page.click("#to-included")
    expect(page.locator("#messages")).to_contain_text("A submission that is “Withdrawn” cannot become “Included”.")
    expect(page.locator(".current-status")).to_have_text("Withdrawn")


def test_inbox_in_arabic_reads_right_to_left(live_server, new_page, setup, screenshot):
    page = new_page(locale="ar")
    sign_in(page, live_server.url, "tina", "/ar/staff/calls/triage-call/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".inbox-table a.reference")).to_have_count(3)
    screenshot(page, "triage-inbox-ar")


def test_second_triager_without_access_gets_404(live_server, new_page, setup):
    page = new_page()
    sign_in(page, live_server.url, "otto")
    expect(page).to_have_url(re.compile(r"/staff/calls/other-call/$"))
    page.goto(live_server.url + "/staff/")
    expect(page.locator("h1")).to_have_text("Your calls")
    # Otto sees his own call and nothing of the triage call.
    expect(page.locator("a[href='/staff/calls/other-call/']").first).to_be_visible()
    expect(page.locator("a[href='/staff/calls/triage-call/']")).to_have_count(0)
    for path in (f"/staff/calls/{setup['call'].slug}/", f"/staff/submissions/{setup['english'].pk}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
    assert setup["english"].reference not in page.content()


def test_anonymous_visitor_is_sent_to_login(live_server, new_page, setup):
    page = new_page()
    page.goto(f"{live_server.url}/staff/calls/{setup['call'].slug}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/calls/triage-call/"))
    expect(page.locator("h1")).to_have_text("Staff sign-in")


def test_publication_page_shows_no_submission_without_consent(live_server, new_page, setup):
    from submissions.services.publication import decide_publication

    # Staff approve publication of all three; the one whose sender declined is refused by the service.
    changed, refused = decide_publication([setup["english"], setup["chinese"], setup["secret"]], approve=True,
                                          actor=setup["tina"])
    assert len(changed) == 2 and [s.pk for s, _ in refused] == [setup["secret"].pk]
    page = new_page()
    page.goto(f"{live_server.url}/calls/{setup['call'].slug}/inputs/")
    expect(page.locator("h1")).to_have_text("Inputs received")
    expect(page.locator(".published-submission")).to_have_count(2)
    body = page.inner_text("main")
    assert "Health Action" in body and "中国人权研究会" in body
    assert "Quiet Witness" not in body
    assert setup["secret"].reference not in page.content()
