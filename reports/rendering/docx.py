"""The report as DOCX for the UN's editing workflow: the PDF's layout, with real Word footnotes.

Same structure as ``print.html``/``print.css``: an A4 page 1 with the masthead,
the summary in a box, the agenda footnote (a real footnote with the "*" mark)
and the job number, barcode and QR code in the first-page footer; the body from
page 2 (its own section, with the PDF's margins), chapter headings "I.<tab>Title",
numbered paragraphs "1.<tab>text" with the number at the 1.25 cm indent, running
heads with the symbol on the left of even pages and the right of odd pages, and
"n/N" page numbers from PAGE and NUMPAGES fields.

python-docx has no API for footnotes, complex-script fonts and sizes, paragraph
direction or borders, so those are written as OOXML: a ``/word/footnotes.xml``
part (separator and continuation separator first, as Word does), one
``w:footnoteReference`` per footnote call, and ``w:rFonts``/``w:szCs``/``w:bCs``/
``w:rtl``/``w:bidi`` on every run and paragraph. Word numbers the footnotes
itself, in order of reference, which is the order ``build_document`` numbered
them in.

Fonts are named for every script on every run (the PDF does the same in CSS):
Times New Roman (Arial for the sans parts) for Latin and Cyrillic, SimSun
(SimHei) for Chinese, Traditional Arabic for Arabic, so no application falls
back to Japanese glyph forms or a default Arabic face.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_DIRECTION
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from reports.rendering.document import FSI, PDI, DocParagraph, Document, Piece, isolate_plain, paragraph_label

SERIF = "Times New Roman"
SANS = "Arial"
CJK_SERIF = "SimSun"
CJK_SANS = "SimHei"
ARABIC = "Traditional Arabic"
# Traditional Arabic draws small: complex-script text is set this much larger, as UN Arabic documents are.
CS_BUMP = 3.0
LANG_TAGS = {"ar": "ar-SA", "en": "en-GB", "es": "es-ES", "fr": "fr-FR", "ru": "ru-RU", "zh": "zh-CN"}

PAGE_WIDTH, PAGE_HEIGHT = 21.0, 29.7  # A4, cm
SIDE_MARGIN = 2.1
TEXT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
INDENT = 1.25  # the UN's text indent, cm
NUMBER_WIDTH = 0.75  # room for "12." before the paragraph's text
DISTRIBUTION_WIDTH = 5.2
SESSION_WIDTH = 9.0

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SEPARATOR_IDS = (0, 1)
# The UN (DGACM) Word template's style names: chapter heading, subheadings, single-spaced body text.
CHAPTER_STYLE, SUBHEADING_STYLE, SUBSUBHEADING_STYLE, BODY_STYLE = "HChG", "H1G", "H23G", "SingleTxtG"
# Body footnotes' w:id: this plus the footnote's number in the report (above the masthead's and separators').
BODY_FOOTNOTE_ID = 1000
# The numbering definition of the body's paragraph numbers (abstractNum and num; above the template's own ids).
PARAGRAPH_NUM_ID = 90

# Schema order of the children this module adds (OOXML is a sequence: Word refuses other orders).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark")
# What follows w:footnotePr in w:settings.
AFTER_FOOTNOTE_PR = {f"{{{W}}}{name}" for name in (
    "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator")} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
                         "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"}

# An isolated run of the other direction, as ``isolate_plain`` writes it.
ISOLATED_RUN = re.compile(f"({FSI}[^{PDI}]*{PDI})")


def render_docx(document: Document) -> bytes:
    """The DOCX file of ``document``, laid out as the PDF is."""
    return _Writer(document).render()


def _insert(parent, child, order: Iterable[str]):
    """Put ``child`` into ``parent`` at its place in the schema sequence ``order``, replacing one of its kind."""
    names = [qn(f"w:{name}") for name in order]
    existing = parent.find(child.tag)
    if existing is not None:
        parent.remove(existing)
    successors = set(names[names.index(child.tag) + 1:])
    for element in parent:
        if element.tag in successors:
            element.addprevious(child)
            return child
    parent.append(child)
    return child


def _el(tag: str, **attrs: str | int):
    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _twips(cm: float) -> int:
    return round(cm * 1440 / 2.54)


def _border(tag: str, size_pt: float, space: int = 0):
    """A single line ``size_pt`` thick (w:sz is in eighths of a point)."""
    return _el(tag, val="single", sz=max(2, round(size_pt * 8)), space=space, color="000000")


class _Writer:
    def __init__(self, document: Document):
        self.doc = document
        self.language = document.language
        self.rtl = document.direction == "rtl"
        self.word = docx.Document()
        self.footnotes = parse_xml(
            f'<w:footnotes {nsdecls("w", "r")}>'
            f'<w:footnote w:type="separator" w:id="{SEPARATOR_IDS[0]}"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:type="continuationSeparator" w:id="{SEPARATOR_IDS[1]}"><w:p><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            '</w:r></w:p></w:footnote></w:footnotes>'
        )
        self.next_footnote_id = max(SEPARATOR_IDS) + 1

    # --- The file ----------------------------------------------------------------

    def render(self) -> bytes:
        self._styles()
        self._settings()
        self._masthead()
        self._summary()
        # The body starts on a new page, in a section of its own: page 1 has the PDF's own margins.
        self.word.add_section(WD_SECTION.NEW_PAGE)
        self._body()
        self._pages()
        self._attach_footnotes()
        self._properties()
        output = io.BytesIO()
        self.word.save(output)
        return output.getvalue()

    # --- Runs and paragraphs ---------------------------------------------------

    def _rpr(self, *, size: float = 10.0, bold: bool = False, sans: bool = False, rtl: bool = False,
             style: str | None = None):
        rpr = OxmlElement("w:rPr")
        if style:
            rpr.append(_el("rStyle", val=style))
        fonts = _el("rFonts", ascii=SANS if sans else SERIF, hAnsi=SANS if sans else SERIF,
                    eastAsia=CJK_SANS if sans else CJK_SERIF, cs=ARABIC)
        if self.language == "zh":
            fonts.set(qn("w:hint"), "eastAsia")
        rpr.append(fonts)
        if bold:
            rpr.append(_el("b"))
            rpr.append(_el("bCs"))
        rpr.append(_el("sz", val=round(size * 2)))
        rpr.append(_el("szCs", val=round((size + CS_BUMP) * 2)))
        if rtl:
            rpr.append(_el("rtl"))
        latin = "en-GB" if self.language in ("zh", "ar") else LANG_TAGS[self.language]
        rpr.append(_el("lang", val=latin, eastAsia="zh-CN", bidi="ar-SA"))
        return rpr

    def _segments(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut where the direction changes: (chunk, right-to-left).

        A run of the other direction (an Arabic name in English, a Latin quotation in Arabic) is
        isolated with FSI…PDI, as ``isolate_plain`` does, so the quotation marks and punctuation
        around it stay where the sentence puts them; the same runs the PDF wraps in ``<bdi>``.
        """
        isolated = ISOLATED_RUN.split(isolate_plain(text, self.doc.direction))
        return [(chunk, not self.rtl) if chunk.startswith(FSI) else (chunk, self.rtl) for chunk in isolated if chunk]

    def _text_run(self, text: str, rtl: bool, **format_):
        run = OxmlElement("w:r")
        run.append(self._rpr(rtl=rtl, **format_))
        for index, line in enumerate(text.split("\n")):
            if index:
                run.append(_el("br"))
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    run.append(_el("tab"))
                if part:
                    t = OxmlElement("w:t")
                    t.text = part
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    run.append(t)
        return run

    def _text(self, paragraph, text: str, *, ltr: bool = False, **format_) -> None:
        """Runs of ``text``; ``ltr`` for Latin-only text in a left-to-right paragraph (symbols, page numbers)."""
        for chunk, rtl in [(text, False)] if ltr else self._segments(text):
            paragraph._p.append(self._text_run(chunk, rtl, **format_))

    def _para(self, container, *, first: bool = False, style: str | None = None, **format_):
        """A paragraph in ``style`` with the direct formatting ``format_`` (see ``_format``)."""
        paragraph = container.paragraphs[0] if first else container.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        if style:
            _insert(ppr, _el("pStyle", val=style), PPR_ORDER)
        self._format(ppr, **format_)
        return paragraph

    def _format(self, ppr, *, align: str | None = None, start: float = 0, end: float = 0, first_line: float = 0,
                before: float | None = 0, after: float | None = 0, keep_next: bool = False,
                keep_lines: bool = False, tabs: Iterable[float] = (), bidi: bool | None = None,
                line: float | None = None, number: int | None = None) -> None:
        """Paragraph properties; indents in cm from the start (left in LTR, right in RTL) and end of the line.

        ``align`` is "start", "end", "center" or "both": w:jc's left and right mean start and end
        in a right-to-left paragraph, so they are written as such. ``before``/``after`` None leave
        the spacing to the style; ``number`` is the w:numId of Word's own numbering.
        """
        if keep_next:
            _insert(ppr, _el("keepNext"), PPR_ORDER)
        if keep_lines:
            _insert(ppr, _el("keepLines"), PPR_ORDER)
        if number is not None:
            num_pr = _insert(ppr, _el("numPr"), PPR_ORDER)
            num_pr.append(_el("ilvl", val=0))
            num_pr.append(_el("numId", val=number))
        if tabs:
            tabs_el = _insert(ppr, _el("tabs"), PPR_ORDER)
            for position in tabs:
                tabs_el.append(_el("tab", val="left", pos=_twips(position)))
        if bidi is None or bidi:
            if self.rtl or bidi:
                _insert(ppr, _el("bidi"), PPR_ORDER)
        elif self.rtl:  # Normal is right-to-left in Arabic: this paragraph (Latin, a symbol) is not
            _insert(ppr, _el("bidi", val=0), PPR_ORDER)
        spacing = _el("spacing")
        if before is not None:
            spacing.set(qn("w:before"), str(round(before * 20)))
        if after is not None:
            spacing.set(qn("w:after"), str(round(after * 20)))
        if line is not None:
            spacing.set(qn("w:line"), str(round(line * 240)))
            spacing.set(qn("w:lineRule"), "auto")
        if len(spacing.attrib):
            _insert(ppr, spacing, PPR_ORDER)
        if start or end or first_line:
            ind = _el("ind", left=_twips(start), right=_twips(end))
            if first_line < 0:
                ind.set(qn("w:hanging"), str(_twips(-first_line)))
            elif first_line > 0:
                ind.set(qn("w:firstLine"), str(_twips(first_line)))
            _insert(ppr, ind, PPR_ORDER)
        if align:
            _insert(ppr, _el("jc", val={"start": "left", "end": "right"}.get(align, align)), PPR_ORDER)

    def _bottom_rule(self, paragraph, size_pt: float, space: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        borders = _el("pBdr")
        borders.append(_border("bottom", size_pt, space))
        _insert(ppr, borders, PPR_ORDER)

    def _footnote_id(self) -> int:
        number = self.next_footnote_id
        self.next_footnote_id += 1
        return number

    def _footnote(self, paragraph, text: str, size: float, report_number: int | None = None) -> None:
        """A Word footnote, numbered by Word, called here.

        A body footnote's w:id is ``BODY_FOOTNOTE_ID + its number in the report``, so a translated
        file whose reference was lost still tells which footnote is which (``import_translation``).
        """
        number = BODY_FOOTNOTE_ID + report_number if report_number else self._footnote_id()
        run = OxmlElement("w:r")
        run.append(self._rpr(size=size, style="FootnoteReference", rtl=self.rtl))
        run.append(_el("footnoteReference", id=number))
        paragraph._p.append(run)
        note = self._footnote_body(number)
        mark = OxmlElement("w:r")
        mark.append(self._rpr(size=8.5, style="FootnoteReference", rtl=self.rtl))
        mark.append(_el("footnoteRef"))
        note.paragraph._p.append(mark)
        self._text(note.paragraph, f" {text}", size=8.5)

    def _custom_footnote(self, paragraph, mark: str, text: str, size: float) -> None:
        """A footnote with its own mark (the masthead's "*"): Word leaves it out of the numbering."""
        number = self._footnote_id()
        run = OxmlElement("w:r")
        run.append(self._rpr(size=size))
        run.append(_el("footnoteReference", customMarkFollows="1", id=number))
        t = OxmlElement("w:t")
        t.text = mark
        run.append(t)
        paragraph._p.append(run)
        note = self._footnote_body(number)
        self._text(note.paragraph, f"{mark} {text}", size=9)

    def _footnote_body(self, number: int):
        element = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p/></w:footnote>')
        self.footnotes.append(element)
        holder = _NoteParagraphs(element)
        holder.paragraph = self._para(holder, first=True, style="FootnoteText", align="start")
        return holder

    def _pieces(self, paragraph, pieces: list[Piece], size: float) -> None:
        for piece in pieces:
            if piece.text:
                self._text(paragraph, piece.text, size=size)
            if piece.footnote:
                self._footnote(paragraph, piece.footnote_text, size, piece.footnote)

    # --- Styles and settings ---------------------------------------------------

    def _styles(self) -> None:
        styles = self.word.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr_default.remove(rpr_default.find(qn("w:rPr")))
        rpr_default.append(self._rpr(size=self._size(10)))
        ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        _insert(ppr_default, _el("spacing", after=0, line=240, lineRule="auto"), PPR_ORDER)

        normal = styles["Normal"]
        normal_rpr = normal.element.get_or_add_rPr()
        normal_rpr.getparent().replace(normal_rpr, self._rpr(size=self._size(10)))
        normal.paragraph_format.widow_control = True
        if self.rtl:
            _insert(normal.element.get_or_add_pPr(), _el("bidi"), PPR_ORDER)

        text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
        text.element.set(qn("w:styleId"), "FootnoteText")
        text.base_style = normal
        text.paragraph_format.space_after = Pt(2)
        text_rpr = text.element.get_or_add_rPr()
        text_rpr.append(_el("sz", val=17))
        text_rpr.append(_el("szCs", val=round((8.5 + CS_BUMP) * 2)))
        reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
        reference.element.set(qn("w:styleId"), "FootnoteReference")
        reference.font.superscript = True
        for style in (text, reference):
            style.hidden = False
            style.unhide_when_used = True
        self._template_styles()
        self._numbering()

    def _template_styles(self) -> None:
        """The UN Word template's paragraph styles (DGACM's names), so DGACM can restyle the file.

        HChG: chapter heading ("I.<tab>Title", hanging at the text indent); H1G: lettered
        subheading; H23G: the next level; SingleTxtG: body text, numbered ones through the
        numbering definition ``PARAGRAPH_NUM_ID``. Geometry and sizes are the PDF's.
        """
        zh = self.language == "zh"
        styles = self.word.styles
        normal = styles["Normal"]
        body_align = "start" if zh else "both"
        definitions: list[tuple[str, dict[str, Any], dict[str, Any], int | None]] = [
            (CHAPTER_STYLE, {"size": 11.5 if zh else 12, "bold": True, "sans": zh},
             {"start": 2 * INDENT, "first_line": -INDENT, "tabs": [2 * INDENT], "before": 14, "after": 8,
              "keep_next": True, "keep_lines": True}, 1),
            (SUBHEADING_STYLE, {"size": self._size(10), "bold": True},
             {"start": INDENT + NUMBER_WIDTH, "first_line": -NUMBER_WIDTH, "tabs": [INDENT + NUMBER_WIDTH],
              "before": 10, "after": 6, "keep_next": True, "keep_lines": True}, 2),
            (SUBSUBHEADING_STYLE, {"size": self._size(10), "bold": True},
             {"start": INDENT + NUMBER_WIDTH, "first_line": -NUMBER_WIDTH, "tabs": [INDENT + NUMBER_WIDTH],
              "before": 8, "after": 6, "keep_next": True, "keep_lines": True}, 3),
            (BODY_STYLE, {"size": self._size(10)},
             {"start": INDENT, "tabs": [INDENT + NUMBER_WIDTH], "before": 0, "after": 6, "align": body_align}, None),
        ]
        for name, run_format, paragraph_format, outline in definitions:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.hidden = False
            style.quick_style = True
            ppr = style.element.get_or_add_pPr()
            self._format(ppr, **paragraph_format)
            if outline is not None:
                _insert(ppr, _el("outlineLvl", val=outline - 1), PPR_ORDER)
            rpr = style.element.get_or_add_rPr()
            rpr.getparent().replace(rpr, self._rpr(**run_format))
        for name in (CHAPTER_STYLE, SUBHEADING_STYLE, SUBSUBHEADING_STYLE, BODY_STYLE):
            styles[name].next_paragraph_style = styles[BODY_STYLE]

    def _numbering(self) -> None:
        """Word's own paragraph numbering: "1.<tab>" ("1 -" in Arabic) at the text indent, consecutive."""
        numbering = self.word.part.numbering_part.element
        lvl_text = paragraph_label(1, self.language).replace("1", "%1", 1)
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{PARAGRAPH_NUM_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:suff w:val="tab"/>'
            f'<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="left" w:pos="{_twips(INDENT + NUMBER_WIDTH)}"/></w:tabs>'
            f'<w:ind w:left="{_twips(INDENT)}" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>'
        )
        abstract.find(qn("w:lvl")).append(self._rpr(size=self._size(10), rtl=self.rtl))
        # w:abstractNum elements come before every w:num (schema order).
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{PARAGRAPH_NUM_ID}"><w:abstractNumId w:val="{PARAGRAPH_NUM_ID}"/>'
            '</w:num>'))

    def _size(self, size: float) -> float:
        """The PDF's sizes per language (print.css: zh 10.5pt, ar 11pt for the 10pt body)."""
        return size + (0.5 if self.language == "zh" else 0)

    def _settings(self) -> None:
        settings = self.word.settings
        settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
        element = settings.element
        footnote_pr = _el("footnotePr")
        for number in SEPARATOR_IDS:
            footnote_pr.append(_el("footnote", id=number))
        for child in element:
            if child.tag in AFTER_FOOTNOTE_PR:
                child.addprevious(footnote_pr)
                break
        else:
            element.append(footnote_pr)
        # Word 2013+ layout (no "Compatibility Mode"; a table's indent is measured to its border, as in the PDF).
        for setting in element.findall(qn("w:compat") + "/" + qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")
        theme_lang = element.find(qn("w:themeFontLang"))
        if theme_lang is not None:  # the template's says ja-JP: Chinese would take Japanese glyph forms
            theme_lang.set(qn("w:val"), "en-GB" if self.language in ("zh", "ar") else LANG_TAGS[self.language])
            theme_lang.set(qn("w:eastAsia"), "zh-CN")
            theme_lang.set(qn("w:bidi"), "ar-SA")

    def _attach_footnotes(self) -> None:
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, self.word.part.package)
        self.word.part.relate_to(part, RT.FOOTNOTES)

    def _properties(self) -> None:
        masthead, report = self.doc.masthead, self.doc.report
        package = self.word.part.package
        for key in [key for key, rel in package.rels.items() if rel.reltype == RT.THUMBNAIL]:
            del package.rels[key]  # the template's preview picture, not this report's
        properties = self.word.core_properties
        properties.title = masthead.title
        properties.subject = masthead.symbol
        properties.identifier = masthead.symbol
        properties.keywords = f"{masthead.symbol}; {masthead.job_number}"
        properties.language = LANG_TAGS[self.language]
        properties.author = masthead.united_nations
        properties.last_modified_by = masthead.united_nations
        properties.comments = ""
        properties.revision = max(1, report.version)
        if report.created_at:
            properties.created = report.created_at
        if report.updated_at:
            properties.modified = report.updated_at

    # --- Tables ----------------------------------------------------------------

    def _table(self, table, widths: list[float], *, indent: float = 0, margins: tuple[float, ...] = (0, 0, 0, 0)):
        """A borderless table of fixed column widths (cm), cell margins (top, start, bottom, end) in pt."""
        tbl_pr = table._tbl.tblPr
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL
        _insert(tbl_pr, _el("tblW", w=_twips(sum(widths)), type="dxa"), TBLPR_ORDER)
        _insert(tbl_pr, _el("tblInd", w=_twips(indent), type="dxa"), TBLPR_ORDER)
        _insert(tbl_pr, _el("tblLayout", type="fixed"), TBLPR_ORDER)
        cell_margins = _el("tblCellMar")
        for side, value in zip(("top", "left", "bottom", "right"), margins, strict=True):
            cell_margins.append(_el(side, w=round(value * 20), type="dxa"))
        _insert(tbl_pr, cell_margins, TBLPR_ORDER)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
            for cell in column.cells:
                cell.width = Cm(width)
        return table

    def _cell_borders(self, cell, **sides: float) -> None:
        borders = _el("tcBorders")
        for side in ("top", "left", "bottom", "right"):
            if side in sides:
                borders.append(_border(side, sides[side]))
        _insert(cell._tc.get_or_add_tcPr(), borders, TCPR_ORDER)

    # --- Page 1 ----------------------------------------------------------------

    def _masthead(self) -> None:
        masthead = self.doc.masthead
        zh = self.language == "zh"
        table = self._table(self.word.add_table(rows=2, cols=2),
                            [TEXT_WIDTH - DISTRIBUTION_WIDTH, DISTRIBUTION_WIDTH])
        (un_cell, symbol_cell), (body_cell, distribution_cell) = (row.cells for row in table.rows)
        for cell in (un_cell, symbol_cell):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            self._cell_borders(cell, bottom=2.5)
        for cell in (body_cell, distribution_cell):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            self._cell_borders(cell, bottom=0.75)

        self._text(self._para(un_cell, first=True, after=3), masthead.united_nations, size=11, bold=True)
        # The symbol is Latin: a left-to-right paragraph, at the outer edge (the left one in Arabic).
        symbol = self._para(symbol_cell, first=True, after=2, bidi=False, align="start" if self.rtl else "end")
        self._text(symbol, masthead.symbol, size=17, bold=True, sans=True, ltr=True)

        body = self._para(body_cell, first=True, before=4, after=6)
        self._text(body, masthead.body, size=20, bold=True, sans=True)
        # Chinese, Arabic and Russian versions: "Chinese" above "Original: English", the block in English.
        lines = [(masthead.distribution, 0), (masthead.date, 0),
                 *([(masthead.language_line, 10)] if masthead.language_line else []),
                 (masthead.original, 0 if masthead.language_line else 10)]
        english_block = self.rtl and bool(masthead.language_line)  # the Arabic version's block is in English
        for index, (text, gap) in enumerate(lines):
            last = index == len(lines) - 1
            paragraph = self._para(distribution_cell, first=index == 0, before=gap or (4 if index == 0 else 0),
                                   after=6 if last else 0, line=1.1, bidi=False if english_block else None)
            self._text(paragraph, text, size=10, ltr=english_block)

        session_end = TEXT_WIDTH - SESSION_WIDTH
        self._text(self._para(self.word, before=12, end=session_end, line=1.1), masthead.session, size=10)
        if masthead.agenda_item:
            item = self._para(self.word, end=session_end, line=1.1)
            before, star, after = masthead.agenda_item.partition("*")
            self._text(item, before, size=10)
            if masthead.agenda_footnote:
                note = masthead.agenda_footnote.strip().removeprefix("*").strip()
                self._custom_footnote(item, "*", note, size=10)
            elif star:
                self._text(item, star, size=10)
            if after:
                self._text(item, after, size=10)
        if masthead.agenda_title:
            title = self._para(self.word, end=session_end, line=1.1)
            self._text(title, masthead.agenda_title, size=10, bold=True)

        if masthead.provisional:  # as on the PDF's page 1: a boxed note above the title
            note = self._para(self.word, start=INDENT, before=10, after=0, keep_next=True)
            borders = _el("pBdr")
            for side in ("top", "left", "bottom", "right"):
                borders.append(_border(side, 1, 3))
            _insert(note._p.get_or_add_pPr(), borders, PPR_ORDER)
            self._text(note, masthead.provisional, size=10, bold=True)
        title_end = TEXT_WIDTH - INDENT - 0.8 * TEXT_WIDTH
        title = self._para(self.word, start=INDENT, end=title_end, before=16, after=8, keep_next=True)
        self._text(title, masthead.title, size=14, bold=True, sans=zh)
        author = self._para(self.word, start=INDENT, after=14, keep_next=True)
        self._text(author, masthead.author, size=12, bold=True, sans=zh)

    def _summary(self) -> None:
        if not self.doc.summary:
            return
        box = self._table(self.word.add_table(rows=1, cols=1), [TEXT_WIDTH - INDENT], indent=INDENT,
                          margins=(8, 14, 10, 14))
        cell = box.cell(0, 0)
        self._cell_borders(cell, top=0.75, left=0.75, bottom=0.75, right=0.75)
        heading = self._para(cell, first=True, align="center", after=8, keep_next=True)
        self._text(heading, self.doc.masthead.summary_heading, size=10, bold=True)
        first_line = 0.74 if self.language == "zh" else INDENT  # 2em in Chinese
        for paragraph in self.doc.summary:
            body = self._para(cell, align="both", first_line=first_line, after=6)
            self._pieces(body, paragraph.pieces, self._size(10))

    def _first_page_footer(self, footer) -> None:
        masthead = self.doc.masthead
        qr_width = 1.9
        table = self._table(footer.add_table(rows=1, cols=2, width=Cm(TEXT_WIDTH)),
                            [TEXT_WIDTH - qr_width, qr_width])
        job_cell, qr_cell = table.rows[0].cells
        job_cell.vertical_alignment = qr_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        number = self._para(job_cell, first=True, bidi=False, align="end" if self.rtl else "start")
        self._text(number, f"{masthead.job_number}\u00a0\u00a0\u00a0\u00a0{masthead.job_date}", size=9, sans=True,
                   ltr=True)
        barcode_png, qr_png = _code_images(masthead.barcode_text, masthead.url)
        if barcode_png:
            marks = self._para(job_cell, before=2, bidi=False, align="end" if self.rtl else "start")
            marks.add_run().add_picture(io.BytesIO(barcode_png), width=Cm(3.4), height=Cm(0.75))
        qr = self._para(qr_cell, first=True, bidi=False, align="start" if self.rtl else "end")
        if qr_png:
            qr.add_run().add_picture(io.BytesIO(qr_png), width=Cm(1.6), height=Cm(1.6))
        # A footer ends with a paragraph: a tiny one after the table, instead of the empty one before it.
        self._para(footer, bidi=False, line=0.1)
        empty = footer.paragraphs[0]._p
        empty.getparent().remove(empty)

    # --- The body --------------------------------------------------------------

    def _body(self) -> None:
        """Headings and paragraphs in the template's styles: no direct formatting DGACM would have to strip."""
        zh = self.language == "zh"
        for section in self.doc.sections:
            label = f"{section.label}\t" if section.label else ""
            if section.level == 1:
                heading = self._para(self.word, style=CHAPTER_STYLE, before=None, after=None)
                self._text(heading, f"{label}{section.title}", size=11.5 if zh else 12, bold=True, sans=zh)
            else:
                heading = self._para(self.word, style=SUBHEADING_STYLE, before=None, after=None)
                self._text(heading, f"{label}{section.title}", size=self._size(10), bold=True)
            for paragraph in section.paragraphs:
                self._paragraph(paragraph)

    def _paragraph(self, paragraph: DocParagraph) -> None:
        """A body paragraph; a numbered one takes its number from Word's list, so an inserted one renumbers."""
        # An untranslated paragraph of the other direction (English in an Arabic version) is laid out in
        # the original's direction, so its punctuation and footnote calls stay where they belong.
        other = paragraph.pending and paragraph.text_direction != self.doc.direction
        body = self._para(self.word, style=BODY_STYLE, before=None, after=None,
                          number=PARAGRAPH_NUM_ID if paragraph.number else None,
                          bidi=(paragraph.text_direction == "rtl") if other else None)
        # A version's untranslated paragraph, or a translation older than its original: said in the text.
        if paragraph.pending:
            self._text(body, f"{self.doc.pending_marker} ", size=self._size(10), bold=True)
        elif paragraph.outdated:
            self._text(body, f"{self.doc.outdated_marker} ", size=self._size(10), bold=True)
        self._pieces(body, paragraph.pieces, self._size(10))

    # --- Pages, running heads and footers --------------------------------------

    def _pages(self) -> None:
        first, *rest = self.word.sections
        self._page(first, top=1.3, bottom=3.6, header=0.7, footer=1.0)
        first.different_first_page_header_footer = True
        first.first_page_header.is_linked_to_previous = False
        first.first_page_footer.is_linked_to_previous = False
        self._first_page_footer(first.first_page_footer)
        self._running_heads(first)
        for section in rest:
            self._page(section, top=2.2, bottom=2.4, header=1.2, footer=1.2)
            section.different_first_page_header_footer = False
            self._running_heads(section)

    def _page(self, section, *, top: float, bottom: float, header: float, footer: float) -> None:
        section.page_width, section.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
        section.left_margin = section.right_margin = Cm(SIDE_MARGIN)
        section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
        section.header_distance, section.footer_distance = Cm(header), Cm(footer)
        section.gutter = 0

    def _running_heads(self, section) -> None:
        """The symbol on the left of even (left-hand) pages, on the right of odd ones; n/N below."""
        symbol = self.doc.masthead.symbol
        for header, footer, align in ((section.even_page_header, section.even_page_footer, "start"),
                                      (section.header, section.footer, "end")):
            header.is_linked_to_previous = False
            footer.is_linked_to_previous = False
            head = self._para(header, first=True, bidi=False, align=align, after=0)
            self._text(head, symbol, size=9, bold=True, ltr=True)
            self._bottom_rule(head, 0.5, 3)
            number = self._para(footer, first=True, bidi=False, align=align)
            self._field(number, "PAGE", "1")
            self._text(number, "/", size=9, bold=True, ltr=True)
            self._field(number, "NUMPAGES", "1")

    def _field(self, paragraph, instruction: str, shown: str) -> None:
        def run(*children):
            element = OxmlElement("w:r")
            element.append(self._rpr(size=9, bold=True))
            for child in children:
                element.append(child)
            paragraph._p.append(element)

        instr = OxmlElement("w:instrText")
        instr.text = f" {instruction} "
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        result = OxmlElement("w:t")
        result.text = shown
        run(_el("fldChar", fldCharType="begin"))
        run(instr)
        run(_el("fldChar", fldCharType="separate"))
        run(result)
        run(_el("fldChar", fldCharType="end"))


class _NoteParagraphs:
    """Lets ``_para`` fill the paragraph of a w:footnote as it fills a cell's."""

    def __init__(self, element):
        # No story part: only the paragraph's XML is filled (python-docx's types want a parent).
        self.paragraphs = [Paragraph(element.find(qn("w:p")), None)]  # type: ignore[arg-type]
        self.paragraph = None


def _code_images(barcode_text: str, url: str) -> tuple[bytes | None, bytes | None]:
    """Code 39 of the job number and the QR code to undocs.org as PNG (Word has no SVG before 2016)."""
    import segno

    qr = io.BytesIO()
    segno.make(url, error="m", micro=False).save(qr, kind="png", scale=8, border=0)
    try:
        import barcode
        from barcode.writer import ImageWriter
    except ImportError:  # Pillow missing: the job number stands alone, as the PDF's text does
        return None, qr.getvalue()
    code = io.BytesIO()
    barcode.get_barcode_class("code39")(barcode_text, writer=ImageWriter(), add_checksum=False).write(
        code, options={"module_height": 8.0, "module_width": 0.25, "quiet_zone": 1.0, "write_text": False,
                       "dpi": 300})
    return code.getvalue(), qr.getvalue()
