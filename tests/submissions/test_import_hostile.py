"""import_call never stops on one folder: NUL and bidi-override characters (decision 0020)."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from submissions.models import AuditAction, AuditEvent, Submission

pytestmark = pytest.mark.django_db(transaction=True)


def _yaml(name: str, text: str = "Debt relief and development finance.", files: str = "[]") -> str:
    return (f'contributor:\n  name: "{name}"\n  category: ngo\nemail: a@example.org\n'
            f'received_at: 2022-03-01T10:00:00Z\ntext: "{text}"\nfiles: {files}\n')


def test_nul_bearing_folders_do_not_stop_the_import_and_it_exits_0(package, eager_celery):
    package.add("01-clean", _yaml("Clean NGO"))
    package.add("02-nul-in-name", _yaml("Bad\\0Name NGO"))
    package.add("03-nul-in-text", _yaml("Text NGO", text="Before\\0after the NUL, on debt relief."))
    package.add("04-nul-in-file-name", _yaml("File NGO", files='["report\\0.txt"]'))
    package.add("05-rlo-file-name", _yaml("RLO NGO", files='["input\\u202etxt.exe"]'),
                files={"input\u202etxt.exe": b"International cooperation on debt relief matters."})
    package.add("06-clean-after", _yaml("Later NGO"))
    out = StringIO()
    call_command("import_call", str(package.root), stdout=out)  # raises CommandError on a non-zero exit
    summary = out.getvalue()
    assert "imported" in summary
    sources = set(Submission.objects.values_list("source", flat=True))
    assert sources == {"01-clean", "02-nul-in-name", "03-nul-in-text", "04-nul-in-file-name", "05-rlo-file-name",
                       "06-clean-after"}
    named = Submission.objects.get(source="02-nul-in-name")
    assert named.contributor.name == "BadName NGO"
    assert "\x00" not in Submission.objects.get(source="03-nul-in-text").text
    no_file = Submission.objects.get(source="04-nul-in-file-name")
    assert any("NUL character" in error for error in no_file.errors)
    rlo = Submission.objects.get(source="05-rlo-file-name").attachments.get()
    assert rlo.original_name == "inputtxt.exe" and "\u202e" not in rlo.original_name
    cleaned = AuditEvent.objects.get(action=AuditAction.SUBMISSION_RECEIVED, submission__source="02-nul-in-name")
    assert "contributor.name" in " ".join(cleaned.after["cleaned"])


def test_portal_strips_the_same_characters(client, eager_celery):
    from tests.factories import make_call

    call = make_call(deadline="2999-12-31")
    client.post(f"/calls/{call.slug}/submit/", {
        "category": "ngo", "organisation": "Friends\u202e of Cooperation", "contact_name": "Ana\x07 Pérez",
        "email": "ana@example.org", "language": "en", "title": "Our\x00 input", "consent": "no",
        "text": "Debt relief\x00 and development finance are essential for recovery.",
    })
    submission = Submission.objects.get()
    assert submission.contributor.name == "Friends of Cooperation"
    assert submission.title == "Our input" and "\x00" not in submission.text
