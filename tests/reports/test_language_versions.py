"""Language versions as translations of one original, and the DGACM round trip in Word (issue 11).

On the demo call: the English original and the Chinese version share paragraph and footnote
numbering; editing an English paragraph marks its Chinese translation outdated; the Chinese
PDF prints untranslated paragraphs marked. The DOCX of the original, rewritten by a
"translator" with python-docx, comes back as the French version through the contract
command, and a misaligned file is reported paragraph by paragraph and changes nothing.
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from reports.models import Paragraph, ParagraphVersion, Report, TranslationState
from reports.rendering.document import build_document
from reports.selectors import version_progress
from reports.services.report import VersionStructureError, add_paragraph, save_paragraph
from reports.services.versions import TranslationError, save_translation

pytestmark = pytest.mark.django_db(transaction=True)
DEMO = Path(settings.BASE_DIR) / "demo"
SLUG = "intl-cooperation-hr-2021"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture
def demo(eager_celery):
    call_command("import_call", str(DEMO), stdout=io.StringIO())


def numbered(report: Report) -> list:
    return [p for s in build_document(report).sections for p in s.paragraphs if p.number]


def footnote_numbers(paragraph) -> list[int]:
    return [piece.footnote for piece in paragraph.pieces if piece.footnote]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_demo_versions_share_numbers_and_outdated_translations_are_visible(demo, tmp_path):
    zh_pdf = tmp_path / "zh.pdf"
    call_command("build_report", SLUG, "--lang", "zh", "--output", str(zh_pdf), stdout=io.StringIO())
    en = Report.objects.get(call__slug=SLUG, language="en")
    zh = Report.objects.get(call__slug=SLUG, language="zh")
    assert en.is_original and not zh.is_original

    en_paragraphs, zh_paragraphs = numbered(en), numbered(zh)
    assert len(en_paragraphs) >= 25
    assert [(p.number, p.key) for p in zh_paragraphs] == [(p.number, p.key) for p in en_paragraphs]
    assert [footnote_numbers(p) for p in zh_paragraphs] == [footnote_numbers(p) for p in en_paragraphs]
    assert sum(len(footnote_numbers(p)) for p in en_paragraphs) > 0
    # Boilerplate is generated in Chinese; the body waits for a translation.
    states = {p.state for p in zh_paragraphs}
    assert {TranslationState.NATIVE, TranslationState.PENDING} <= states
    lists = [p for p in zh_paragraphs if p.key.endswith("-contributors")]
    assert lists and all(p.state == TranslationState.NATIVE and "会员国" in "".join(x.plain for x in lists)
                         for p in lists[:1])
    progress = version_progress(zh)
    assert progress.total > 0 and progress.translated == 0 and progress.pending == progress.total

    # The Chinese PDF: each pending paragraph is marked in Chinese and shows the English text.
    text = re.sub(r"\s+", " ", pdf_text(zh_pdf))
    pending = [p for p in zh_paragraphs if p.pending]
    assert pending and text.count("[尚未翻译；原文]") == len(pending)

    # A translation, then the English original changes: the Chinese paragraph is outdated.
    body = next(p for p in zh_paragraphs if p.pending and footnote_numbers(p))
    paragraph = Paragraph.objects.get(pk=body.pk)
    notes = [n.text for n in paragraph.origin.footnotes.all()]
    with pytest.raises(TranslationError):
        save_translation(paragraph, text="译文。", footnotes=[*notes, "多余的脚注"], actor=None)
    save_translation(paragraph, text="这是该段的中文译文。{fn1}", footnotes=notes, actor=None)
    paragraph.refresh_from_db()
    assert paragraph.translation_state == TranslationState.TRANSLATED and not paragraph.outdated
    assert version_progress(zh).translated == 1

    editor = User.objects.create_user("editor-en")
    original = paragraph.origin
    save_paragraph(original, text=original.text + " An editor's added sentence.", actor=editor)
    paragraph.refresh_from_db()
    assert paragraph.outdated and version_progress(zh).outdated == 1
    # The version's structure follows the original's: paragraphs are added there, and reach the version.
    with pytest.raises(VersionStructureError):
        add_paragraph(paragraph.section, after=paragraph, text="新段落。", actor=editor)
    added = add_paragraph(original.section, after=original, text="A new paragraph by the editor.", actor=editor)
    assert Paragraph.objects.get(origin=added).translation_state == TranslationState.PENDING
    assert [p.number for p in numbered(zh)] == [p.number for p in numbered(en)]

    call_command("build_report", SLUG, "--lang", "zh", "--output", str(zh_pdf), stdout=io.StringIO())
    text = re.sub(r"\s+", "", pdf_text(zh_pdf))
    assert "[译文已过时：原文已修改]这是该段的中文译文。" in text


def translate_like_a_translator(source: Path, target: Path) -> dict[int, str]:
    """Rewrite every numbered paragraph's text (keeping its footnote references) and every footnote."""
    document = docx.Document(str(source))
    written: dict[int, str] = {}
    number = 0
    for paragraph in document.paragraphs:
        if paragraph._p.find(f"{_w('pPr')}/{_w('numPr')}") is None:
            continue
        number += 1
        segment, first = 0, True
        for run in paragraph._p.iter(_w("r")):
            if run.find(_w("footnoteReference")) is not None:
                segment, first = segment + 1, True
                continue
            for t in run.findall(_w("t")):
                if first:
                    t.text = f"Texte français du paragraphe {number}, partie {segment}. "
                    first = False
                else:
                    t.text = ""
        written[number] = f"Texte français du paragraphe {number}, partie 0."
    document.save(str(target))
    # The footnotes part: python-docx keeps it as it is; the translator's Word rewrites its text.
    with zipfile.ZipFile(target) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/footnotes.xml"])
    for note in root.iter(_w("footnote")):
        texts = note.findall(f".//{_w('t')}")
        if int(note.get(_w("id"))) > 1000 and texts:
            texts[0].text = f" Note française {int(note.get(_w('id'))) - 1000}."
            for t in texts[1:]:
                t.text = ""
    parts["word/footnotes.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return written


def test_docx_round_trip_brings_a_french_version_in_and_refuses_a_misaligned_one(demo, tmp_path):
    exported = tmp_path / "original.docx"
    call_command("export_report", SLUG, "--lang", "en", "--output", str(exported), stdout=io.StringIO())
    en = Report.objects.get(call__slug=SLUG, language="en")
    en_paragraphs = numbered(en)

    # Misaligned first: one paragraph deleted, as a careless translator would. Reported, nothing changed.
    broken = tmp_path / "broken.docx"
    translate_like_a_translator(exported, broken)
    document = docx.Document(str(broken))
    listed = [p for p in document.paragraphs if p._p.find(f"{_w('pPr')}/{_w('numPr')}") is not None]
    victim = next(i for i, p in enumerate(listed) if p._p.find(f".//{_w('footnoteReference')}") is not None)
    listed[victim]._p.getparent().remove(listed[victim]._p)
    document.save(str(broken))
    before = Report.objects.filter(call__slug=SLUG).count()
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_translation", SLUG, "--lang", "fr", str(broken), stdout=io.StringIO(), stderr=errors)
    report = errors.getvalue()
    # One line says where the paragraph went missing (not one line per shifted paragraph), and no
    # warnings that would only be consequences of the shift.
    shift = re.findall(rf"paragraphs {victim + 1}–(\d+) of the file carry the footnotes of the original's "
                       rf"{victim + 2}–(\d+): 1 paragraph of the original is missing from the file at or before "
                       rf"paragraph {victim + 1}", report)
    assert len(shift) == 1 and int(shift[0][1]) == int(shift[0][0]) + 1
    assert report.count("ERROR") == 1 and "warning" not in report
    assert "Nothing was changed" in report
    assert Report.objects.filter(call__slug=SLUG).count() == before
    assert not Report.objects.filter(call__slug=SLUG, language="fr").exists()

    # The whole file translated: every paragraph lands at its number with its footnotes.
    translated = tmp_path / "fr.docx"
    written = translate_like_a_translator(exported, translated)
    out = io.StringIO()
    call_command("import_translation", SLUG, "--lang", "fr", str(translated), stdout=out)
    assert f"Aligned: {len(en_paragraphs)} paragraphs stored" in out.getvalue()
    assert "reads as" not in out.getvalue()
    fr = Report.objects.get(call__slug=SLUG, language="fr")
    fr_paragraphs = numbered(fr)
    assert [p.number for p in fr_paragraphs] == [p.number for p in en_paragraphs]
    for fr_paragraph, en_paragraph in zip(fr_paragraphs, en_paragraphs, strict=True):
        assert fr_paragraph.plain.startswith(written[fr_paragraph.number]), fr_paragraph.number
        assert footnote_numbers(fr_paragraph) == footnote_numbers(en_paragraph)
        for piece in fr_paragraph.pieces:
            if piece.footnote:
                assert piece.footnote_text == f"Note française {piece.footnote}."
        assert fr_paragraph.state == TranslationState.TRANSLATED and not fr_paragraph.pending
    assert version_progress(fr).pending == 0

    fr_pdf = tmp_path / "fr.pdf"
    call_command("build_report", SLUG, "--lang", "fr", "--output", str(fr_pdf), stdout=io.StringIO())
    flat = re.sub(r"\s+", " ", pdf_text(fr_pdf))
    for number in written:
        assert f"Texte français du paragraphe {number}, partie 0." in flat
    assert "[Traduction en attente" not in flat

    # A careless rewrite (python-docx's ``paragraph.text = …`` drops the footnote references): the footnotes
    # are still in the file by their ids, so they are kept, called at the end of their paragraphs, with a warning.
    careless = tmp_path / "es.docx"
    document = docx.Document(str(exported))
    listed = [p for p in document.paragraphs if p._p.find(f"{_w('pPr')}/{_w('numPr')}") is not None]
    for number, paragraph in enumerate(listed, start=1):
        paragraph.text = f"Texto español del párrafo {number}."
    document.save(str(careless))
    out = io.StringIO()
    call_command("import_translation", SLUG, "--lang", "es", str(careless), stdout=out)
    assert "the reference to footnote" in out.getvalue()
    es_paragraphs = numbered(Report.objects.get(call__slug=SLUG, language="es"))
    assert [footnote_numbers(p) for p in es_paragraphs] == [footnote_numbers(p) for p in en_paragraphs]
    assert all(p.plain == f"Texto español del párrafo {p.number}." for p in es_paragraphs)
    # The French file offered as the Russian version: it aligns, and the importer says it reads as French.
    out = io.StringIO()
    call_command("import_translation", SLUG, "--lang", "ru", str(translated), stdout=out)
    assert "the file's text reads as French, not Russian" in out.getvalue()

    # The original edited in Word comes back as a new version of the paragraph, the importer as actor.
    editor = User.objects.create_user("word-editor")
    edited = tmp_path / "edited.docx"
    document = docx.Document(str(exported))
    target = next(p for p in en_paragraphs if footnote_numbers(p))
    listed = [p for p in document.paragraphs if p._p.find(f"{_w('pPr')}/{_w('numPr')}") is not None]
    first_text = next(t for t in listed[target.number - 1]._p.iter(_w("t")) if t.text and t.text.strip())
    first_text.text = "Edited in Word: " + first_text.text
    document.save(str(edited))
    out = io.StringIO()
    call_command("import_translation", SLUG, "--original", str(edited), "--user", "word-editor", stdout=out)
    assert "Aligned: 1 paragraphs stored" in out.getvalue()
    paragraph = Paragraph.objects.get(pk=target.pk)
    assert paragraph.text.startswith("Edited in Word: ")
    assert paragraph.footnotes.count() == len(footnote_numbers(target))
    assert ParagraphVersion.objects.filter(paragraph=paragraph, saved_by=editor).exists()
    assert Paragraph.objects.get(origin=paragraph, section__report=fr).outdated
