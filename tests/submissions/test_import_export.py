"""The call-package contract (docs/call-package.md §1–2), end to end."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from submissions.models import Call, Submission, SubmissionStatus
from tests.conftest import CALL_SPEC, REAL_FILES

pytestmark = pytest.mark.django_db(transaction=True)

ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_call", str(path), stdout=out)
    return out.getvalue()


def export(slug: str, fmt: str = "json") -> str:
    out = io.StringIO()
    call_command("export_call", slug, "--format", fmt, stdout=out)
    return out.getvalue()


def test_good_bad_and_broken_submissions_each_get_their_outcome(package, eager_celery):
    package.add("mission-sweden", {
        "contributor": {"name": "Permanent Mission of Sweden", "category": "member-state", "country": "SWE"},
        "email": "mission@example.org", "received_at": "2022-03-01T10:00:00+01:00", "consent_to_publish": True,
        "language": "en", "files": ["reply.docx"],
    }, {"reply.docx": docx_bytes(
        "Sweden attaches great importance to international cooperation in the field of human rights.",
        "Development finance and debt relief are essential for a sustainable recovery.")})
    package.add("ngo-pdf", {
        "contributor": {"name": "Asociación Ejemplo", "category": "ngo"},
        "email": "info@example.org", "received_at": "2022-04-02T09:00:00Z",
        "files": ["pdfa.pdf"],
    }, {"pdfa.pdf": REAL_FILES / "021-pdfa" / "crazyones-pdfa.pdf"})
    package.add("disguised-exe", {
        "contributor": {"name": "Someone", "category": "individual"},
        "received_at": "2022-03-02T09:00:00Z", "files": ["report.pdf"],
    }, {"report.pdf": ELF_HEADER})
    package.add("missing-category", {
        "contributor": {"name": "Nameless NGO"}, "received_at": "2022-03-03T09:00:00Z",
        "text": "Plenty of useful text about vaccines and health.",
    })
    package.add("state-without-country", {
        "contributor": {"name": "Some State", "category": "member-state"},
        "received_at": "2022-03-03T09:00:00Z", "text": "Text.",
    })
    package.add("good-and-bad-file", {
        "contributor": {"name": "Académie X", "category": "academic"},
        "received_at": "2022-03-04T09:00:00Z", "text": "La coopération internationale est essentielle.",
        "files": ["annex.exe", "missing.pdf"],
    }, {"annex.exe": ELF_HEADER})

    output = run_import(package.root)

    assert "imported 2, rejected 4, errors 0" in output
    call = Call.objects.get(slug="test-call")
    by_source = {s.source: s for s in call.submissions.all()}
    assert set(by_source) == {"mission-sweden", "ngo-pdf", "disguised-exe", "missing-category",
                              "state-without-country", "good-and-bad-file"}
    sweden = by_source["mission-sweden"]
    assert sweden.status == SubmissionStatus.READY
    assert sweden.contributor.display_name("fr") == "Suède"
    assert sweden.word_count and sweden.word_count > 15
    assert "Sweden attaches great importance" in sweden.attachments.get().extracted_text
    assert by_source["ngo-pdf"].late and not sweden.late
    assert by_source["ngo-pdf"].detected_language == "en"
    assert by_source["disguised-exe"].status == SubmissionStatus.REJECTED
    assert "executable programs are refused" in by_source["disguised-exe"].status_reason
    # The refused file is kept (quarantined), never lost.
    assert by_source["disguised-exe"].attachments.get().sha256
    assert "category" in by_source["missing-category"].status_reason
    assert "country is required" in by_source["state-without-country"].status_reason
    # "missing.pdf" is a problem with the package entry itself: rejected with both reasons.
    mixed = by_source["good-and-bad-file"]
    assert mixed.status == SubmissionStatus.REJECTED
    assert any("missing.pdf" in e for e in mixed.errors) and any("annex.exe" in e for e in mixed.errors)


def test_export_json_follows_the_contract(package, eager_celery):
    package.add("ngo-1", {
        "contributor": {"name": "Finn Church Aid", "category": "ngo"}, "email": "a@example.org",
        "received_at": "2022-03-01T10:00:00Z", "consent_to_publish": True,
        "text": "Debt relief and development finance must respect human rights obligations.",
    })
    package.add("state-1", {
        "contributor": {"name": "Mission permanente de la Turquie", "category": "member-state", "country": "TUR"},
        "received_at": "2022-07-01T10:00:00Z", "language": "fr",
        "text": "La Türkiye attache une grande importance à la coopération internationale.",
    })
    run_import(package.root)
    data = json.loads(export("test-call"))
    assert data["call"] == "test-call"
    records = {r["source"]: r for r in data["submissions"]}
    ngo, state = records["ngo-1"], records["state-1"]
    for record in (ngo, state):
        assert set(record) >= {"reference", "source", "contributor", "status", "language", "late",
                               "consent_to_publish", "word_count", "duplicate_of", "themes", "errors"}
        assert record["reference"].startswith("TC22-")
    assert ngo["contributor"] == {**ngo["contributor"], "name": "Finn Church Aid", "category": "ngo",
                                  "country": None, "display_name": "Finn Church Aid"}
    assert ngo["language"] == "en" and ngo["late"] is False and ngo["consent_to_publish"] is True
    assert ngo["word_count"] == 10 and ngo["duplicate_of"] is None and ngo["errors"] == []
    # A Member State is shown under its official UN name in force at the report date.
    assert state["contributor"]["country"] == "TUR"
    assert state["contributor"]["display_name"] == "Türkiye"
    assert state["contributor"]["display_names"]["fr"] == "Türkiye"
    assert state["language"] == "fr" and state["late"] is True and state["consent_to_publish"] is False


def test_export_csv_is_parseable_and_safe(package, eager_celery):
    package.add("formula", {
        "contributor": {"name": "=HYPERLINK(\"http://evil\")", "category": "individual"},
        "received_at": "2022-03-01T10:00:00Z", "text": "Some text on health.",
    })
    run_import(package.root)
    rows = list(csv.DictReader(io.StringIO(export("test-call", "csv"))))
    assert len(rows) == 1
    assert rows[0]["contributor_name"].startswith("'=")
    assert rows[0]["source"] == "formula" and rows[0]["status"] == "ready"


def test_export_to_file(package, eager_celery, tmp_path):
    package.add("one", {"contributor": {"name": "X", "category": "individual"},
                        "received_at": "2022-03-01T10:00:00Z", "text": "Text."})
    run_import(package.root)
    target = tmp_path / "out" / "export.json"
    call_command("export_call", "test-call", "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["submissions"][0]["source"] == "one"


def test_reimport_updates_call_and_does_not_duplicate(package, eager_celery):
    package.add("one", {"contributor": {"name": "X", "category": "individual"},
                        "received_at": "2022-03-01T10:00:00Z", "text": "Text."})
    run_import(package.root)
    spec = dict(CALL_SPEC, title={"en": "Renamed call"})
    package.write_call(spec)
    package.add("two", {"contributor": {"name": "Y", "category": "individual"},
                        "received_at": "2022-03-01T11:00:00Z", "text": "More text."})
    output = run_import(package.root)
    assert "imported 1, rejected 0" in output and "skipped 1" in output
    call = Call.objects.get(slug="test-call")
    assert call.title == {"en": "Renamed call"}
    assert call.submissions.count() == 2
    assert Call.objects.count() == 1


@pytest.mark.parametrize(
    ("call_yaml", "message"),
    [
        ("slug: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ({**CALL_SPEC, "body": "security-council"}, "body"),
        ({k: v for k, v in CALL_SPEC.items() if k != "slug"}, "slug"),
        ({**CALL_SPEC, "title": {"de": "Aufruf"}}, "unknown language"),
        ({**CALL_SPEC, "deadline": "someday"}, "deadline"),
        ({**CALL_SPEC, "themes": [{"key": "Bad Key", "name": {"en": "x"}}]}, "themes[1].key"),
    ],
)
def test_broken_call_yaml_stops_with_a_message(package, call_yaml, message):
    package.write_call(call_yaml)
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run_import(package.root)
    assert not Call.objects.exists()


def test_missing_call_yaml_exits_non_zero_from_the_shell(tmp_path):
    (tmp_path / "empty").mkdir()
    env = {**os.environ, "DATABASE_URL": _test_database_url()}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(tmp_path / "empty")],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "no call.yaml" in result.stderr


def test_shell_import_prints_summary_and_exits_zero(package):
    package.add("bad", {"contributor": {"name": "Z"}, "received_at": "2022-03-01T10:00:00Z", "text": "x"})
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "CELERY_TASK_ALWAYS_EAGER": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(package.root)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "imported 0, rejected 1, errors 0" in result.stdout
    assert Submission.objects.get().status == SubmissionStatus.REJECTED


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_references_follow_arrival_order_not_folder_names(package, eager_celery):
    package.add("a-late-arrival", {"contributor": {"name": "A", "category": "individual"},
                                   "received_at": "2022-03-05T10:00:00Z", "text": "Text."})
    package.add("b-early-arrival", {"contributor": {"name": "B", "category": "individual"},
                                    "received_at": "2022-03-01T10:00:00Z", "text": "Text."})
    run_import(package.root)
    call = Call.objects.get(slug="test-call")
    assert list(call.submissions.order_by("reference").values_list("source", flat=True)) == [
        "b-early-arrival", "a-late-arrival"]
