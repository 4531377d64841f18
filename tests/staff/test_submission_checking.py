"""The triage page marks what extraction doubts and never shows a line tail as evidence (issue 10, decision 0018)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from submissions.models import ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.intake import IncomingFile
from synthesis.services.processing import extract_attachment
from tests.factories import make_submission
from tests.portal.samples import docx_bytes
from tests.staff.conftest import to_ready
from tests.staff.test_sentence_evidence import LETTER

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "demo" / "submissions"
# The second sentence is what a broken font mapping leaves: Cyrillic "о", "е", "а" inside Latin words.
GARBLED = "Тhе Gоvеrnmеnt аlsо suppоrts dеbt rеliеf fоr dеvеlоping cоuntriеs."
CUT_OFF = "States should strengthen cooperation with the treaty bodies and the special procedures in order to"
RUN_ON = "support national mechanisms for reporting and follow-up in every region."
# The next page does not continue it (a new sentence in capitals): cut off, for a person to check.
TRUNCATED = ("The State also intends to submit further information on the implementation of these measures once "
             "the")
PAGES = ["The Government supports technical assistance to national institutions. " + GARBLED + " " + CUT_OFF,
         RUN_ON + " The State welcomes the universal periodic review as a model of cooperation. " + TRUNCATED
         + "\nPage 2",
         "The Government thanks the Office for its cooperation on this report.\nPage 3"]
TITLE = "Contribution of the Government to the report of the Secretary-General on international cooperation"


def paged_submission(call):
    """A file whose sentence runs over its page break and whose end is cut off, as extraction stores it."""
    submission = to_ready(make_submission(call, text=TITLE, language="en",
                                          files=[IncomingFile("a.docx", docx_bytes("x"))]))
    attachment = submission.attachments.get()
    attachment.pages = PAGES
    attachment.extraction_status = "done"
    attachment.save()
    return submission, attachment


def page(client, submission) -> str:
    response = client.get(reverse("staff:submission", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def marks(html: str) -> list[str]:
    return re.findall(r'<mark class="ev ev-\d"[^>]*>(.*?)</mark>', html, flags=re.S)


def checked(html: str) -> list[tuple[str, str]]:
    """Kind and text of each needs-checking span in the document's text blocks, in order."""
    return [(kind, re.sub(r"<[^>]+>", "", inner)) for kind, inner in re.findall(
        r'<span class="needs-check[^"]*" data-check="([a-z-]+)" title="[^"]*">(.*?)</span>', html, flags=re.S)]


def test_garbled_and_cut_off_passages_are_marked_and_listed_never_evidence(client, call, triager):
    submission, attachment = paged_submission(call)
    # Even if a suggestion pointed at them, they are not shown as evidence.
    evidence = []
    for number, passage in ((1, GARBLED), (2, TRUNCATED)):
        start = PAGES[number - 1].index(passage)
        evidence.append({"text": passage, "source": "attachment", "attachment": attachment.pk, "page": number,
                         "start": start, "end": start + len(passage)})
    ThemeTag.objects.create(submission=submission, theme=call.themes.get(key="finance"), score=0.9,
                            origin=TagOrigin.AUTO, evidence=evidence)
    client.force_login(triager)
    html = page(client, submission)
    assert checked(html) == [("garbled", GARBLED), ("cut-off", TRUNCATED)]
    assert "words mixing two scripts" in html and "cut off (at a page break" in html
    assert html.count("1 passage needs checking") == 2  # page 1, page 2
    assert marks(html) == []
    listed = re.search(r'<div class="alert alert-warning small needs-checking".*?</div>', html, flags=re.S).group(0)
    assert GARBLED in listed and TRUNCATED in listed
    # The sentence that runs over the page break is read as one sentence, not as two doubts.
    assert CUT_OFF not in listed and RUN_ON not in listed
    # Whole sentences, the page number and a title without a full stop are not doubts.
    for clean in ("The Government supports", "The State welcomes", "Page 2", TITLE):
        assert clean not in listed and not any(clean in text for _, text in checked(html))


def test_a_clean_submission_has_no_needs_checking_panel(client, call, triager, english):
    client.force_login(triager)
    html = page(client, english)
    assert "needs-checking" not in html and "needs-check" not in html


def test_stored_line_tail_evidence_is_shown_as_its_whole_sentence_or_not_at_all(client, call, triager):
    """Evidence stored line by line (before decision 0018) is widened to whole sentences; furniture is dropped."""
    submission = to_ready(make_submission(call, text=LETTER))
    lines = LETTER.split("\n")
    legacy = []
    for line in (lines[3], lines[7]):  # a sentence's second line; the courtesy formula's last word "уважении."
        start = LETTER.index(line)
        legacy.append({"text": line, "source": "text", "attachment": None, "page": None,
                       "start": start, "end": start + len(line), "score": 0.5})
    ThemeTag.objects.create(submission=submission, theme=call.themes.get(key="cooperation"), score=0.9,
                            origin=TagOrigin.AUTO, evidence=legacy)
    client.force_login(triager)
    html = page(client, submission)
    shown = marks(html)
    assert len(shown) == 1
    assert shown[0].startswith("Азербайджан поддерживает") and shown[0].endswith("между государствами.")
    assert not any("уважении" in m for m in shown)
    assert "1 passage" in html  # the themes panel counts what is shown


def test_arabic_pdf_pages_rebuilt_from_glyph_positions_are_flagged(client, call, triager):
    pdf = DEMO / "ms-iraq" / "IRQ_NV_74-151.pdf"
    submission = make_submission(call, text="", language="ar", files=[IncomingFile(pdf.name, pdf.read_bytes())])
    attachment = submission.attachments.get()
    extract_attachment(attachment)
    attachment.refresh_from_db()
    assert attachment.pages and attachment.detected_type == "application/pdf"
    client.force_login(triager)
    html = page(client, to_ready(submission))
    assert "Arabic text rebuilt: check against the file" in html
    assert html.count('class="rebuilt-page"') == len(attachment.pages)
