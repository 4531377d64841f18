"""Drafting rules: what a draft rests on, staff decisions first, editors' work kept."""
from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth import get_user_model

from reports.drafting.backends import OpenAICompatibleBackend
from reports.models import Paragraph, ReportBuild
from reports.rendering.document import build_document
from reports.services.builds import request_build
from reports.services.report import draft_report, save_paragraph
from submissions.models import SubmissionStatus, ThemeTag
from submissions.services.status import change_status
from submissions.services.tags import decide_tag
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

DEBT = ("Debt relief and development finance are essential so that developing countries can invest in health, "
        "education and social protection after the pandemic.")
VACCINES = ("Equitable access to vaccines for all countries requires the sharing of technology and know-how, "
            "and vaccine doses must reach the poorest countries through COVAX.")


@pytest.fixture
def call_with_submissions(eager_celery):
    call = make_call(report_date="2021-07-20")
    sweden = make_submission(call, text=f"{DEBT} {VACCINES}", name="Permanent Mission of Sweden",
                             category="member-state", country="SWE", language="en")
    syria = make_submission(call, text=VACCINES, name="Mission of Syria", category="member-state", country="SYR")
    ngo = make_submission(call, text=DEBT, name="Finn Church Aid", category="ngo", consent_to_publish=True)
    undp = make_submission(call, text="UNDP supports integrated national financing frameworks so that countries can "
                           "finance a green and fair recovery, and calls for debt restructuring for countries "
                           "in distress.", name="UNDP – Bureau for Policy", category="un-entity")
    for submission in (sweden, syria, ngo, undp):
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.READY
    return call, {"sweden": sweden, "syria": syria, "ngo": ngo, "undp": undp}


def paragraph_texts(report) -> str:
    return "\n".join(p.text for p in Paragraph.objects.filter(section__report=report))


def test_draft_uses_processed_submissions_and_suggested_themes(call_with_submissions):
    call, _subs = call_with_submissions
    report = draft_report(call, "en")
    text = paragraph_texts(report)
    assert "following Member States: Sweden and the Syrian Arab Republic." in text
    assert "the United Nations Development Programme" in text  # official name, not "UNDP – Bureau…"
    assert "addressed development finance" in text and "addressed health" in text
    document = build_document(report)
    numbers = [p.number for s in document.sections for p in s.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    assert document.footnotes and all(note.startswith("Submission") for note in document.footnotes.values())
    assert document.word_count > 100 and document.word_limit == 5000


def test_staff_decisions_take_precedence(call_with_submissions):
    call, subs = call_with_submissions
    officer = get_user_model().objects.create_user("officer", password="x-Strong-pass-1")
    change_status(subs["syria"], SubmissionStatus.EXCLUDED, actor=officer, reason="Outside the mandate")
    for tag in ThemeTag.objects.filter(theme__key="health"):
        decide_tag(tag, accepted=False, actor=officer)
    report = draft_report(call, "en")
    text = paragraph_texts(report)
    assert "Syrian Arab Republic" not in text
    assert "addressed health" not in text
    assert "addressed development finance" in text


def test_redrafting_keeps_what_an_editor_changed(call_with_submissions):
    call, _subs = call_with_submissions
    editor = get_user_model().objects.create_user("editor", password="x-Strong-pass-1")
    report = draft_report(call, "en")
    paragraph = Paragraph.objects.get(section__report=report, key="introduction-mandate")
    save_paragraph(paragraph, text="An editor's own introduction.", footnotes=["Editor's footnote."], actor=editor)
    assert paragraph.versions.count() == 1
    version = report.version
    make_submission(call, text="Academic research shows that sovereign debt crises undermine social spending "
                    "and the realization of economic and social rights.", name="Academia X", category="academic")
    report = draft_report(call, "en")
    paragraph.refresh_from_db()
    assert paragraph.text == "An editor's own introduction." and paragraph.edited
    assert [f.text for f in paragraph.footnotes.all()] == ["Editor's footnote."]
    assert report.version > version
    assert "Academia X" in paragraph_texts(report)


def test_state_names_are_those_in_force_at_the_report_date(eager_celery):
    call = make_call(report_date="2021-07-20")
    make_submission(call, text=DEBT, name="Mission of Turkey", category="member-state", country="TUR")
    assert "following Member States: Turkey." in paragraph_texts(draft_report(call, "en"))
    later = make_call(slug="later-call", report_date="2023-01-10")
    make_submission(later, text=DEBT, name="Mission of Turkey", category="member-state", country="TUR")
    assert "following Member States: Türkiye." in paragraph_texts(draft_report(later, "en"))


class _FakeLLM(BaseHTTPRequestHandler):
    """A stand-in for a self-hosted OpenAI-compatible endpoint (an external service)."""

    requests: list[dict] = []

    def do_POST(self):  # http.server's API names it
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.requests.append({"path": self.path, "body": body})
        answer = {"choices": [{"message": {"content": "Submissions stressed debt relief.{fn1}"}}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_openai_compatible_backend_writes_and_records_model_prompt_and_inputs(call_with_submissions):
    call, subs = call_with_submissions
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        backend = OpenAICompatibleBackend(f"http://127.0.0.1:{server.server_port}/v1", model="local-model")
        report = draft_report(call, "en", backend=backend)
    finally:
        server.shutdown()
    paragraph = Paragraph.objects.get(section__report=report, key="group-ngos-theme-finance")
    assert paragraph.text == "Submissions stressed debt relief.{fn1}"
    assert paragraph.generation["model"] == "local-model"
    assert paragraph.generation["inputs"] == [subs["ngo"].reference]
    assert "Theme: Development finance" in paragraph.generation["prompt"][1]["content"]
    assert _FakeLLM.requests[0]["path"] == "/v1/chat/completions"
    assert paragraph.footnotes.count() == 1


def test_every_build_is_kept_with_who_when_version_duration_and_words(call_with_submissions):
    call, _subs = call_with_submissions
    editor = get_user_model().objects.create_user("editor", password="x-Strong-pass-1")
    report = draft_report(call, "fr")
    first = request_build(report, "html", actor=editor)
    second = request_build(report, "pdf", actor=editor)
    for build in (first, second):
        build.refresh_from_db()
        assert build.state == ReportBuild.State.DONE, build.error
        assert build.requested_by == editor and build.report_version == report.version
        assert build.duration_seconds > 0 and build.word_count > 50 and build.file
    assert second.page_count >= 2
    with first.file.open("rb") as handle:
        html = handle.read().decode()
    assert 'lang="fr"' in html and "Rapport du Haut-Commissaire" in html
    assert dt.date(2021, 7, 20) == report.report_date


def test_subsections_are_lettered_within_their_chapter(call_with_submissions):
    from reports.models import Section

    call, _subs = call_with_submissions
    report = draft_report(call, "en")
    chapter = Section.objects.get(report=report, key="group-member-states")
    for offset, title in enumerate(("Contributions on finance", "Contributions on health"), start=1):
        Section.objects.create(report=report, key=f"custom-{offset}", kind="custom", level=2,
                               order=chapter.order + offset, title=title)
    labels = [(s.label, s.title) for s in build_document(report).sections]
    index = labels.index(("III.", "Member States"))
    assert labels[index + 1] == ("A.", "Contributions on finance")
    assert labels[index + 2] == ("B.", "Contributions on health")
    assert labels[index + 3][0] == "IV."
