"""The submitter portal in headless Chromium, as a person would use it.

Screenshots of the call page and the form in en, zh and ar go to var/screenshots/.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from submissions.models import AuditEvent, Submission
from submissions.services import submitter as portal
from tests.factories import make_call, make_submission
from tests.portal.samples import ENGLISH_TEXT, docx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHINESE_TEXT = (
    "国际人权合作需要可持续的发展融资、公平的债务安排和公平获得疫苗的机会。"
    "我们建议各国加强技术援助和能力建设。"
)
ARABIC_TEXT = (
    "يتطلب التعاون الدولي في مجال حقوق الإنسان تمويلا مستداما للتنمية وترتيبات عادلة للديون "
    "وحصولا منصفا على اللقاحات. ونوصي الدول بتعزيز المساعدة التقنية وبناء القدرات."
)


def in_language(language: str, message: str) -> str:
    """The interface text as the visitor should see it (from our .po files)."""
    with translation.override(language):
        return gettext(message)


def file_payload(name: str, data: bytes, mime: str = "application/octet-stream") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def call(db):
    return make_call(
        slug="browser-call",
        title={"en": "Call for input on international cooperation in the field of human rights",
               "fr": "Appel à contributions sur la coopération internationale dans le domaine des droits de l'homme",
               "zh": "关于人权领域国际合作的征求意见",
               "ar": "دعوة إلى تقديم مساهمات بشأن التعاون الدولي في ميدان حقوق الإنسان"},
        deadline=(timezone.now() + dt.timedelta(days=14)).isoformat(),
    )


def fill_form(page, *, category: str = "ngo", organisation: str = "", country: str = "", contact: str,
              email: str, language: str, title: str = "", files: list[dict] | None = None, consent: str = "yes"):
    page.select_option("#id_category", category)
    if country:
        page.select_option("#id_country", country)
    if organisation:
        page.fill("#id_organisation", organisation)
    page.fill("#id_contact_name", contact)
    page.fill("#id_email", email)
    page.select_option("#id_language", language)
    if title:
        page.fill("#id_title", title)
    if files:
        page.set_input_files("#id_files", files)
    page.check(f"#id_consent_{0 if consent == 'yes' else 1}")


def assert_receipt(page, ui_language: str, expected_files: int) -> Submission:
    page.wait_for_selector(".receipt-banner")
    assert "/receipt/" in page.url
    submission = Submission.objects.get()
    assert page.inner_text(".reference") == submission.reference
    attachments = list(submission.attachments.all())
    assert len(attachments) == expected_files
    body = page.inner_text("main")
    for attachment in attachments:
        assert attachment.sha256 in body
        assert attachment.original_name in body
    assert in_language(ui_language, "Your private link") in body
    link = page.get_attribute(".private-url", "href")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert portal.submission_id_from_token(token) == (submission.pk, submission.reference)
    return submission


def test_submit_in_english_with_two_files(live_server, new_page, screenshot, call, mailoutbox):
    page = new_page()
    page.goto(live_server.url + "/")
    page.click(f"a[href='/calls/{call.slug}/']")
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_attribute("html", "dir") == "ltr"
    # The deadline in Geneva time, and converted by the browser to the visitor's.
    page.wait_for_selector(".local-time:not([hidden])")
    assert "Europe/London" in page.inner_text(".local-time")
    screenshot(page, "call-en")

    page.click("text=Submit your input")
    screenshot(page, "form-en")
    fill_form(page, organisation="Friends of Cooperation", contact="Ana Pérez", email="ana@example.org",
              language="en", title="Our input", files=[
                  file_payload("input.txt", ENGLISH_TEXT.encode(), "text/plain"),
                  file_payload("annex.docx", docx_bytes(ENGLISH_TEXT)),
              ])
    page.click("button[type=submit].btn-lg")
    submission = assert_receipt(page, "en", expected_files=2)
    assert submission.consent_to_publish is True
    assert submission.contributor.name == "Friends of Cooperation"
    assert "Thank you: your submission has been received." in page.inner_text("main")
    screenshot(page, "receipt-en")
    from tests.portal.test_portal import send_queued_mail  # the receipt is sent by the task (decision 0020)

    send_queued_mail()
    [mail] = mailoutbox
    assert submission.reference in mail.body


def test_submit_in_chinese_with_two_files(live_server, new_page, screenshot, call):
    page = new_page(locale="zh-CN", timezone_id="Asia/Shanghai")
    # The link in a note verbale has no language: the browser's language decides.
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    assert page.url.endswith(f"/zh-hans/calls/{call.slug}/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.inner_text("h1") == "关于人权领域国际合作的征求意见"
    page.wait_for_selector(".local-time:not([hidden])")
    assert "Asia/Shanghai" in page.inner_text(".local-time")
    screenshot(page, "call-zh")

    page.click(f"a[href='/zh-hans/calls/{call.slug}/submit/']")
    assert page.inner_text("label[for=id_category]").startswith(in_language("zh-hans", "You are sending this as"))
    # States are listed under their Chinese names.
    assert page.inner_text("#id_country option[value=CHN]") == "中国"
    screenshot(page, "form-zh")
    fill_form(page, category="member-state", country="CHN", contact="王明", email="wang@example.cn", language="zh",
              title="中国的意见", files=[
                  file_payload("意见.txt", CHINESE_TEXT.encode(), "text/plain"),
                  file_payload("附件.docx", docx_bytes(CHINESE_TEXT)),
              ])
    page.click("button[type=submit].btn-lg")
    submission = assert_receipt(page, "zh-hans", expected_files=2)
    assert submission.contributor.country.iso3 == "CHN"
    assert submission.declared_language == "zh"
    assert "中国" in page.inner_text(".submission-facts")
    screenshot(page, "receipt-zh")


def test_submit_in_arabic_right_to_left(live_server, new_page, screenshot, call):
    page = new_page(locale="en-GB", timezone_id="Asia/Riyadh")
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    # The language switcher takes the visitor to the same page in Arabic.
    page.select_option("#language-select", "ar")
    page.click(".lang-switch button")
    page.wait_for_url(f"**/ar/calls/{call.slug}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert "bootstrap.rtl.min.css" in page.get_attribute("link[rel=stylesheet]", "href")
    screenshot(page, "call-ar")

    page.click(f"a[href='/ar/calls/{call.slug}/submit/']")
    screenshot(page, "form-ar")
    # Mirrored: labels start at the right edge of their inputs, radio buttons sit
    # to the right of their labels, text runs right to left.
    label = page.locator("label[for=id_contact_name]").bounding_box()
    field = page.locator("#id_contact_name").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    assert label["x"] > field["x"] + field["width"] / 2
    radio = page.locator("#id_consent_0").bounding_box()
    radio_label = page.locator("label[for=id_consent_0]").bounding_box()
    assert radio["x"] > radio_label["x"] + radio_label["width"] - 1
    assert page.eval_on_selector("form.submission-form", "f => getComputedStyle(f).direction") == "rtl"
    assert page.eval_on_selector("label[for=id_contact_name]", "l => getComputedStyle(l).textAlign") in ("right",
                                                                                                          "start")

    fill_form(page, category="nhri", country="EGY", organisation="المجلس القومي لحقوق الإنسان", contact="منى علي",
              email="mona@example.eg", language="ar", files=[
                  file_payload("مساهمة.txt", ARABIC_TEXT.encode(), "text/plain"),
                  file_payload("مرفق.docx", docx_bytes(ARABIC_TEXT)),
              ])
    page.click("button[type=submit].btn-lg")
    submission = assert_receipt(page, "ar", expected_files=2)
    assert page.get_attribute("html", "dir") == "rtl"
    assert submission.contributor.category == "nhri"
    screenshot(page, "receipt-ar")


def test_validation_errors_in_french_are_summarised_and_shown_at_each_field(live_server, new_page, screenshot,
                                                                            call):
    page = new_page(locale="fr-FR", timezone_id="Europe/Paris")
    page.goto(f"{live_server.url}/fr/calls/{call.slug}/submit/")
    page.select_option("#id_category", "ngo")
    page.fill("#id_organisation", "Amis de la coopération")
    page.fill("#id_contact_name", "Jeanne Dupont")
    page.fill("#id_email", "pas-une-adresse")
    page.click("button[type=submit].btn-lg")

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    screenshot(page, "form-errors-fr")
    text = summary.inner_text()
    assert "Il y a un problème" in text
    assert "Adresse électronique\u00a0: Saisissez une adresse de courriel valide." in text
    assert in_language("fr", "May OHCHR publish your submission on its website?") in text
    assert "Ce champ est obligatoire." in text
    # The same error at the field, tied to it for screen readers.
    assert "is-invalid" in page.get_attribute("#id_email", "class")
    assert page.get_attribute("#id_email", "aria-invalid") == "true"
    described = page.get_attribute("#id_email", "aria-describedby")
    described_text = " ".join(page.inner_text(f"#{ident}") for ident in described.split())
    assert "Saisissez une adresse de courriel valide." in described_text
    assert page.is_visible("#id_email ~ .invalid-feedback, #id_email_error")
    # The summary links to the field and moves the keyboard focus there.
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    # What was typed is kept.
    assert page.input_value("#id_contact_name") == "Jeanne Dupont"
    assert Submission.objects.count() == 0


def test_keyboard_users_can_skip_to_the_content(live_server, new_page, call):
    page = new_page()
    page.goto(f"{live_server.url}/calls/{call.slug}/submit/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("visually-hidden-focusable")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # After the skip link, the next stop is inside the main content, past the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_amend_add_a_file_and_withdraw_through_the_private_link(live_server, new_page, screenshot, call):
    submission = make_submission(call, text=ENGLISH_TEXT, email="ana@example.org", title="First title")
    page = new_page()
    page.goto(f"{live_server.url}/submission/{portal.private_token(submission)}/")
    assert page.inner_text(".reference") == submission.reference

    page.fill("#id_amend-title", "Revised title")
    page.check("#id_amend-consent_0")
    page.click(".amend-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert page.inner_text(".submission-title") == "Revised title"
    assert page.inner_text(".consent") == "Allowed"

    page.set_input_files("#id_add-files", [file_payload("annex.txt", b"An annex on vaccines.", "text/plain")])
    page.click(".files-form button[type=submit]")
    page.wait_for_selector("text=The files have been added.")
    assert "annex.txt" in page.inner_text(".files-table")
    screenshot(page, "private-link-en")

    page.click(".withdraw-form button[type=submit]")  # without confirming: refused, explained
    page.wait_for_selector("#error-summary")
    page.check("#id_withdraw-confirm")
    page.fill("#id_withdraw-reason", "Sent by mistake")
    page.click(".withdraw-form button[type=submit]")
    page.wait_for_selector("text=Your submission has been withdrawn.")
    assert page.inner_text(".status") == "Withdrawn"
    assert page.locator(".amend-form").count() == 0

    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    actions = list(AuditEvent.objects.filter(submission=submission, actor_label="submitter")
                   .values_list("action", flat=True))
    assert actions == ["submission.received", "submission.amended", "submission.files_added",
                       "submission.status", "submission.withdrawal_reason"]


def test_late_submission_is_accepted_flagged_and_explained(live_server, new_page):
    call = make_call(slug="late-browser-call", deadline=(timezone.now() - dt.timedelta(days=2)).isoformat())
    page = new_page()
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    assert "Late submissions are still accepted" in page.inner_text(".state")
    page.click("text=Submit your input")
    fill_form(page, organisation="Late NGO", contact="Sam", email="sam@example.org", language="en",
              files=[file_payload("late.txt", ENGLISH_TEXT.encode(), "text/plain")])
    page.click("button[type=submit].btn-lg")
    page.wait_for_selector(".receipt-banner")
    assert page.is_visible(".late-flag")
    assert "marked as late" in page.inner_text("main")
    assert Submission.objects.get().late is True

    strict = make_call(slug="strict-browser-call", accepts_late=False,
                       deadline=(timezone.now() - dt.timedelta(days=2)).isoformat())
    page.goto(f"{live_server.url}/calls/{strict.slug}/")
    assert "This call is closed" in page.inner_text(".state")
    assert page.locator(f"a[href='/calls/{strict.slug}/submit/']").count() == 0


def test_oversized_file_is_refused_in_the_browser_and_on_the_server(live_server, new_page, call):
    call.max_file_mb = 1
    call.save()
    big = file_payload("big-report.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 50_000), "application/pdf")
    small = file_payload("note.txt", ENGLISH_TEXT.encode(), "text/plain")
    page = new_page()
    page.goto(f"{live_server.url}/calls/{call.slug}/submit/")
    fill_form(page, organisation="Big Files NGO", contact="Kim", email="kim@example.org", language="en",
              files=[small, big])
    # The browser says so at once, before anything is uploaded...
    alert = page.locator("#id_files-client-error")
    alert.wait_for()
    assert "“big-report.pdf” is 1" in alert.inner_text()
    assert "the limit is 1 MB per file" in alert.inner_text()
    url = page.url
    page.click("button[type=submit].btn-lg")
    assert page.url == url
    assert page.evaluate("document.activeElement.id") == "id_files"

    # ...and the server refuses it too when the browser check is bypassed.
    page.evaluate("document.getElementById('id_files').removeAttribute('data-max-bytes')")
    page.click("button[type=submit].btn-lg")
    page.wait_for_selector("#error-summary")
    assert "“big-report.pdf” is 1.0" in page.inner_text("#error-summary")
    assert "the limit is 1 MB per file" in page.inner_text("#error-summary")
    assert Submission.objects.count() == 0
    assert media_files() == []
