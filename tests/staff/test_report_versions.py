"""The editor's pages for a language version: side by side with the original, counts, translating,
uploading a translated Word file (issue 11)."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Paragraph, Report, TranslationState
from reports.rendering.document import build_document
from reports.rendering.docx import render_docx
from reports.services.report import draft_report, save_paragraph

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def drafted(call, english, chinese, eager_celery):
    original = draft_report(call, "en")
    version = draft_report(call, "zh")
    return original, version


def body_paragraph(version: Report) -> Paragraph:
    return (Paragraph.objects.filter(section__report=version, translation_state=TranslationState.PENDING)
            .exclude(origin__footnotes=None).select_related("origin").first())


def test_version_page_pairs_paragraphs_counts_and_saves_translations(client, editor, drafted):
    original, version = drafted
    client.force_login(editor)
    url = reverse("staff:editor", args=[original.call.slug, "zh"])
    page = client.get(url).content.decode()
    pending = Paragraph.objects.filter(section__report=version, translation_state=TranslationState.PENDING).count()
    assert pending > 0
    assert f"0 of {pending} paragraphs translated" in page
    assert page.count('class="row g-2 translation-pair"') >= pending and "Pending translation" in page
    assert "Add a paragraph at the end of this section" not in page  # the structure is the original's
    assert f'href="{reverse("staff:editor", args=[original.call.slug, "en"])}#builds" id="original-builds"' in page
    # "Technical cooperation" has no Chinese name: the editor is told, the draft prints a marked gap.
    assert 'id="missing-theme-names"' in page and "cooperation" in page

    paragraph = body_paragraph(version)
    notes = [n.text for n in paragraph.origin.footnotes.all()]
    save = reverse("staff:save-paragraph", args=[paragraph.pk])
    # A translation that drops the footnote is refused with the reason; nothing changes.
    response = client.post(save, {"text": "债务安排。", "footnotes": ""}, follow=True)
    assert "as many as the original has" in response.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.translation_state == TranslationState.PENDING
    client.post(save, {"text": "公平的债务安排。{fn1}", "footnotes": "\n".join(notes)})
    paragraph.refresh_from_db()
    assert paragraph.translation_state == TranslationState.TRANSLATED and paragraph.updated_by == editor
    page = client.get(url).content.decode()
    assert f"1 of {pending} paragraphs translated" in page

    # The English editor changes the original: the Chinese page says the translation is outdated.
    save_paragraph(paragraph.origin, text=paragraph.origin.text + " More.", actor=editor)
    page = client.get(url).content.decode()
    assert "1 outdated" in page and "Outdated: the original changed" in page
    # Structural actions on a version's paragraph are refused.
    response = client.post(reverse("staff:paragraph-action", args=[paragraph.pk, "delete"]))
    assert response.status_code == 404 and Paragraph.objects.filter(pk=paragraph.pk).exists()


def test_uploading_a_misaligned_then_an_aligned_translation(client, editor, drafted):
    original, version = drafted
    client.force_login(editor)
    exported = render_docx(build_document(original))
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(exported))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    listed = [p for p in document.paragraphs if p._p.find(f"{W}pPr/{W}numPr") is not None]
    for number, paragraph in enumerate(listed, start=1):
        texts = [t for t in paragraph._p.iter(f"{W}t") if t.text]
        texts[0].text = f"第{number}段译文。"
        for t in texts[1:]:
            t.text = ""
    aligned = io.BytesIO()
    document.save(aligned)
    listed[-1]._p.getparent().remove(listed[-1]._p)
    broken = io.BytesIO()
    document.save(broken)
    url = reverse("staff:import-docx", args=[original.call.slug, "zh"])

    response = client.post(url, {"file": SimpleUploadedFile("zh.docx", broken.getvalue())})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-errors"' in page
    assert f"paragraph {len(listed)}: missing" in page
    assert not Paragraph.objects.filter(section__report=version, translation_state=TranslationState.TRANSLATED)

    response = client.post(url, {"file": SimpleUploadedFile("zh.docx", aligned.getvalue())})
    assert 'id="import-done"' in response.content.decode()
    translated = Paragraph.objects.filter(section__report=version, translation_state=TranslationState.TRANSLATED)
    assert translated.count() == len(listed)
    assert all(p.updated_by == editor for p in translated)
    first = next(p for s in build_document(version).sections for p in s.paragraphs if p.number == 1)
    assert first.plain == "第1段译文。"

    response = client.post(url, {"file": SimpleUploadedFile("zh.docx", b"not a word file")}, follow=True)
    assert "The file was not imported" in response.content.decode()
