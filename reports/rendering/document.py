"""The document model every renderer uses: numbers, footnotes, masthead, computed once.

Paragraph numbers run consecutively through the report (the summary is not
numbered); chapters get Roman numerals; footnotes are numbered through the
report in order of appearance; the word count follows the UN rule (footnotes
count).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from reports import wording as lang
from reports.drafting.backends import model_flags
from reports.models import Footnote, Paragraph, Report, Section, TranslationState
from submissions.multilingual import localized
from synthesis.wordcount import count_words

MARKER = re.compile(r"\{fn(\d+)\}")
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
ZH_CHAPTER = "一二三四五六七八九十"
AR_CHAPTER = ["أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً", "سادساً", "سابعاً", "ثامناً", "تاسعاً", "عاشراً"]
RTL = {"ar"}
ENGLISH_DISTRIBUTION = {"ar", "ru", "zh"}


_RTL_CHAR = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_CHAR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u052f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A run of the other direction: from its first strong letter to its last, with what lies between.
_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc](?:[^A-Za-z\u3400-\u9fff]*"
                      r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?")
_LTR_RUN = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u052f\u3400-\u9fff]"
                      r"(?:[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]*[A-Za-z0-9\u00c0-\u024f\u0370-\u052f\u3400-\u9fff])?")


def direction_runs(text: str, direction: str) -> list[tuple[str, bool]]:
    """``text`` cut into (run, other_direction) pieces: Arabic inside an LTR report, Latin/CJK inside an RTL one.

    Every renderer isolates the other-direction runs (``<bdi>`` in HTML, FSI…PDI in DOCX) so that
    quotation marks and neighbouring punctuation stay where the sentence puts them.
    """
    pattern = _LTR_RUN if direction == "rtl" else _RTL_RUN
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()], False))
        runs.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], False))
    return runs


FSI, PDI = "\u2068", "\u2069"


def isolate_plain(text: str, direction: str) -> str:
    """The text with FSI…PDI around other-direction runs (DOCX, plain text)."""
    return "".join(f"{FSI}{run}{PDI}" if other else run for run, other in direction_runs(text, direction))


@dataclass
class Piece:
    """A run of paragraph text, or a footnote call carrying its number and text."""

    text: str
    footnote: int | None = None
    footnote_text: str = ""


@dataclass
class DocParagraph:
    pk: int
    number: int | None
    pieces: list[Piece]
    plain: str
    # What an editor edits: the text with its {fnN} markers, and the footnotes one per line.
    source_text: str = ""
    source_footnotes: str = ""
    language: str = "en"
    # What a model wrote and no editor checked yet: printed marked, listed in the editor.
    model_flags: list[dict[str, Any]] = field(default_factory=list)
    # Language versions: the paragraph's stable key (pairs it with the original's), its translation
    # state; a pending one is printed with the original's text (in ``text_language``), marked.
    key: str = ""
    state: str = TranslationState.ORIGINAL
    pending: bool = False
    outdated: bool = False
    text_language: str = ""
    # The side-by-side editor of a version pairs each paragraph with the original's (set by the view).
    counterpart: DocParagraph | None = None

    @property
    def text_direction(self) -> str:
        """The direction of the text printed (a pending paragraph prints the original's)."""
        return "rtl" if (self.text_language or self.language) in RTL else "ltr"

    @property
    def label(self) -> str:
        """"12." — Arabic documents write "12 -"."""
        return paragraph_label(self.number, self.language) if self.number else ""


AR_SUBITEMS = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر"]


def paragraph_label(number: int, language: str) -> str:
    return f"{number} -" if language == "ar" else f"{number}."


def subitem_label(index: int, language: str) -> str:
    """Sub-items: "(a)", "(b)"; Arabic documents use the Arabic letters in their order ("(أ)", "(ب)")."""
    if language == "ar":
        return f"({AR_SUBITEMS[index - 1] if index <= len(AR_SUBITEMS) else index})"
    return f"({chr(ord('a') + index - 1)})"


@dataclass
class DocSection:
    pk: int
    kind: str
    label: str  # "I.", "一.", "أولاً-"
    title: str
    level: int
    paragraphs: list[DocParagraph] = field(default_factory=list)


@dataclass
class Masthead:
    symbol: str
    body: str
    united_nations: str
    distribution: str
    date: str
    original: str
    session: str
    agenda_item: str
    agenda_title: str
    agenda_footnote: str
    title: str
    author: str
    summary_heading: str
    job_number: str
    job_date: str
    barcode_text: str
    url: str
    # The version's language in the distribution block of ar/ru/zh versions ("Chinese" above "Original: English").
    language_line: str = ""
    # "Provisional — based on unreviewed suggestions", while the draft rests on unreviewed suggestions.
    provisional: str = ""


@dataclass
class Document:
    report: Report
    language: str
    direction: str
    masthead: Masthead
    summary: list[DocParagraph]
    sections: list[DocSection]
    footnotes: dict[int, str]
    word_count: int
    word_limit: int

    @property
    def over_limit(self) -> bool:
        return self.word_count > self.word_limit

    @property
    def model_marker(self) -> str:
        """The marker printed before a model's paragraph no editor checked yet."""
        return lang.text("model_unreviewed", self.language)

    @property
    def pending_marker(self) -> str:
        return lang.text("translation_pending", self.language)

    @property
    def outdated_marker(self) -> str:
        return lang.text("translation_outdated", self.language)


AR_LETTERS = ["ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء"]


def subsection_label(index: int, language: str) -> str:
    """Lettered subsections: "A.", "B."; Arabic documents spell the letters ("ألف-")."""
    if language == "ar":
        return f"{AR_LETTERS[index - 1] if index <= len(AR_LETTERS) else index}-"
    return f"{chr(ord('A') + index - 1)}."


def chapter_label(index: int, language: str) -> str:
    if language == "zh":
        return f"{ZH_CHAPTER[index - 1] if index <= 10 else index}."
    if language == "ar":
        return f"{AR_CHAPTER[index - 1] if index <= 10 else index}-"
    return f"{ROMAN[index] if index < len(ROMAN) else index}."


def default_agenda_symbol(call) -> str:
    """The provisional agenda the masthead's asterisk points to, when the call does not say."""
    if call.provisional_agenda:
        return call.provisional_agenda
    if call.body == "human-rights-council":
        return f"A/HRC/{call.session}/1"
    if call.body == "general-assembly":
        return f"A/{call.session}/150"
    return ""


def job_number(report: Report) -> str:
    """A job number in the UN's form (21-10019); from the report's id until DGACM assigns one."""
    return f"{report.report_date.year % 100:02d}-{10000 + report.pk:05d}"


def _masthead(report: Report) -> Masthead:
    call = report.call
    language = report.language
    symbol = call.report_symbol or f"{call.slug}"
    number = job_number(report)
    agenda_symbol = default_agenda_symbol(call)
    return Masthead(
        symbol=symbol,
        body=lang.text(call.body, language),
        united_nations=lang.text("united_nations", language),
        distribution=lang.text("distr", language),
        # In Arabic, Chinese and Russian versions the distribution block stays in English (UN practice).
        date=lang.format_date(report.report_date, "en" if language in ENGLISH_DISTRIBUTION else language),
        language_line=(lang.LANGUAGE_NAMES["en"][language]
                       if language in ENGLISH_DISTRIBUTION and language != call.original_language else ""),
        provisional=lang.text("provisional_notice", language) if report.provisional else "",
        original=lang.original_line(language, call.original_language),
        session=lang.session_line(call.session, language),
        agenda_item=lang.text("agenda_item", language, item=call.agenda_item) if call.agenda_item else "",
        agenda_title=localized(call.agenda_title, language),
        agenda_footnote=lang.text("agenda_footnote", language, symbol=agenda_symbol) if agenda_symbol else "",
        title=call.title_in(language),
        author=lang.text(call.report_author, language),
        summary_heading=lang.text("summary", language),
        job_number=f"{number} ({lang.JOB_LETTER[language]})",
        job_date=report.report_date.strftime("%d%m%y"),
        barcode_text=number.replace("-", ""),
        url=f"https://undocs.org/{symbol}",
    )


def _pieces(paragraph: Paragraph, footnotes: list[Footnote], numbering: dict[int, str]) -> list[Piece]:
    """Split the text at its {fnN} markers; a marker with no footnote is dropped."""
    by_order = {note.order: note for note in footnotes}
    pieces, position = [], 0
    for match in MARKER.finditer(paragraph.text):
        pieces.append(Piece(paragraph.text[position:match.start()]))
        note = by_order.get(int(match.group(1)))
        if note is not None:
            number = len(numbering) + 1
            numbering[number] = note.text
            pieces.append(Piece("", footnote=number, footnote_text=note.text))
        position = match.end()
    pieces.append(Piece(paragraph.text[position:]))
    # Footnotes not called in the text still belong to the paragraph: call them at its end.
    called = {int(m.group(1)) for m in MARKER.finditer(paragraph.text)}
    for note in footnotes:
        if note.order not in called:
            number = len(numbering) + 1
            numbering[number] = note.text
            pieces.append(Piece("", footnote=number, footnote_text=note.text))
    return [p for p in pieces if p.text or p.footnote]


def build_document(report: Report) -> Document:
    sections = list(
        Section.objects.filter(report=report).prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order").select_related("origin")
                     .prefetch_related(Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
                                       Prefetch("origin__footnotes", queryset=Footnote.objects.order_by("order"))))
        ).order_by("order")
    )
    language = report.language
    numbering: dict[int, str] = {}
    summary: list[DocParagraph] = []
    doc_sections: list[DocSection] = []
    paragraph_number = 0
    chapter = subsection = 0
    for section in sections:
        paragraphs = []
        for paragraph in section.paragraphs.all():
            # A version's paragraph nobody translated yet prints the original's text, marked.
            pending = paragraph.translation_state == TranslationState.PENDING and paragraph.origin is not None
            shown = paragraph.origin if pending and paragraph.origin is not None else paragraph
            if not shown.text.strip():
                continue
            number = None
            if paragraph.numbered and section.kind != Section.Kind.SUMMARY:
                paragraph_number += 1
                number = paragraph_number
            notes = list(shown.footnotes.all())
            pieces = _pieces(shown, notes, numbering)
            plain = "".join(p.text for p in pieces)
            paragraphs.append(DocParagraph(
                paragraph.pk, number, pieces, plain, paragraph.text, "\n".join(note.text for note in notes),
                language, model_flags(paragraph.generation or {}), key=paragraph.key,
                state=paragraph.translation_state, pending=pending, outdated=paragraph.outdated,
                text_language=report.call.original_language if pending else language))
        if section.kind == Section.Kind.SUMMARY:
            summary = paragraphs
            continue
        if section.level == 1:
            chapter += 1
            subsection = 0
            label = chapter_label(chapter, language)
        else:
            subsection += 1
            label = subsection_label(subsection, language)
        doc_sections.append(DocSection(section.pk, section.kind, label, section.title, section.level, paragraphs))
    words = sum(count_words(p.plain) for s in doc_sections for p in s.paragraphs)
    words += sum(count_words(p.plain) for p in summary)
    words += sum(count_words(s.title) for s in doc_sections)
    words += sum(count_words(note) for note in numbering.values())
    return Document(
        report=report, language=language, direction="rtl" if language in RTL else "ltr",
        masthead=_masthead(report), summary=summary, sections=doc_sections, footnotes=numbering,
        word_count=words, word_limit=report.call.effective_word_limit,
    )
