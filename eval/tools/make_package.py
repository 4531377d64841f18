#!/usr/bin/env python3
"""Build one evaluation call package from its sources.

Usage:
  /tmp/evalvenv/bin/python eval/tools/make_package.py eval/calls/<slug>     # one call
  /tmp/evalvenv/bin/python eval/tools/make_package.py                      # every call

Inputs, in <call>/sources/:
  manifest.yaml        per-folder metadata: contributor, e-mail metadata, format and
                       producer, letterhead, reference/date lines, gold labels
  texts/<folder>.txt   body of each submission (UTF-8; blank line between paragraphs;
                       "# " title line, "## " heading line, single newlines = line breaks)
  (campaign copies are derived from another text with `variant_of` + `replace`)

Outputs, in <call>/:
  submissions/<folder>/submission.yaml (+ files)
  gold.yaml            evaluation labels (not part of the import contract)
  gold_report.yaml     entities expected to get their own paragraph; folders without consent

call.yaml is written by hand and only read here (slug).

Producers of files (`format` / `producer` in the manifest):
  pdf  + weasyprint   HTML/CSS rendered by WeasyPrint (Noto fonts, bidi for Arabic)
  pdf  + reportlab    ReportLab Platypus (Noto Serif TTF; Latin and Cyrillic only)
  pdf  + fpdf2        fpdf2 with HarfBuzz text shaping (Arabic, Chinese, any script)
  pdf  + libreoffice  python-docx DOCX converted by LibreOffice headless (soffice)
  docx + python-docx  python-docx
  docx + libreoffice  python-docx DOCX round-tripped through ODT by LibreOffice
  odt / rtf           python-docx DOCX converted by LibreOffice
  txt / html          written as is
  text                body only, in submission.yaml `text`
  copy                byte copy of another folder's file (`copy_of`)
  shared              byte copy of another folder's file plus this sender's own `cover`
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

TOOLS = Path(__file__).resolve().parent
EVAL = TOOLS.parent
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")

PAGE_LABEL_CSS = {
    "en": '"Page " counter(page) " of " counter(pages)',
    "fr": '"Page " counter(page) " sur " counter(pages)',
    "es": '"Página " counter(page) " de " counter(pages)',
    "ru": '"Стр. " counter(page) " из " counter(pages)',
    "ar": '"الصفحة " counter(page) " من " counter(pages)',
    "zh": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
}
PAGE_LABEL_FMT = {  # {p} page, {n} pages
    "en": "Page {p} of {n}", "fr": "Page {p} sur {n}", "es": "Página {p} de {n}",
    "ru": "Стр. {p} из {n}", "ar": "الصفحة {p} من {n}", "zh": "第 {p} 页，共 {n} 页",
}
FONT_STACK = {
    "ar": '"Noto Naskh Arabic", "Noto Serif", serif',
    "zh": '"Noto Serif CJK SC", "Noto Serif", serif',
}
DEFAULT_FONTS = '"Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC", serif'
DOCX_LANG = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA", "zh": "zh-CN"}


# ----------------------------------------------------------------------------- text
def paragraphs(text: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind in title | heading | p."""
    out = []
    for par in re.split(r"\n\s*\n", text.strip()):
        par = par.strip("\n")
        if not par.strip():
            continue
        if par.startswith("# "):
            out.append(("title", par[2:].strip()))
        elif par.startswith("## "):
            out.append(("heading", par[3:].strip()))
        else:
            out.append(("p", par.strip()))
    return out


def plain(text: str) -> str:
    """Text as typed in an e-mail / TXT file (markup removed)."""
    return "\n\n".join(t for _, t in paragraphs(text)) + "\n"


def load_text(call: Path, entries: dict, folder: str) -> str:
    e = entries[folder]
    if e.get("variant_of"):
        text = load_text(call, entries, e["variant_of"])
        for old, new in e.get("replace", []):
            if old not in text:
                raise SystemExit(f"{folder}: replacement source not found: {old!r}")
            text = text.replace(old, new, 1)  # first occurrence only
        return text
    return (call / "sources" / "texts" / f"{folder}.txt").read_text(encoding="utf-8").strip() + "\n"


def lang_of(e: dict) -> str:
    return e.get("doc_language") or e["gold"]["language"]


# ------------------------------------------------------------------ PDF: WeasyPrint
def pdf_weasyprint(e: dict, text: str, path: Path) -> None:
    from weasyprint import HTML

    lang = lang_of(e)
    rtl = lang == "ar"
    body = []
    for k, par in paragraphs(text):
        inner = html.escape(par).replace("\n", "<br>")
        body.append({"title": f'<p class="title">{inner}</p>', "heading": f"<h3>{inner}</h3>"}
                    .get(k, f"<p>{inner}</p>"))
    lh = e.get("letterhead") or [e["name"]]
    letterhead = "".join(f'<div class="l{min(i, 1)}">{html.escape(x)}</div>' for i, x in enumerate(lh))
    header = html.escape(e.get("running_header", "")).replace('"', "'")
    fonts = FONT_STACK.get(lang, DEFAULT_FONTS)
    doc = f"""<!DOCTYPE html>
<html lang="{lang}" dir="{'rtl' if rtl else 'ltr'}"><head><meta charset="utf-8">
<title>{html.escape(e.get('title') or e['name'])}</title>
<meta name="author" content="{html.escape(e['name'])}">
<style>
@page {{ size: A4; margin: 2.4cm 2.3cm 2.6cm 2.3cm;
  @top-center {{ content: "{header}"; font-family: {fonts}; font-size: 8pt; color: #777; }}
  @bottom-center {{ content: {PAGE_LABEL_CSS[lang]}; font-family: {fonts}; font-size: 8.5pt; color: #555; }} }}
@page :first {{ @top-center {{ content: none; }} }}
body {{ font-family: {fonts}; font-size: 11pt; line-height: 1.45; }}
.letterhead {{ text-align: center; border-bottom: 1.2pt solid #1f3864; padding-bottom: 6pt;
              margin-bottom: 14pt; color: #1f3864; }}
.letterhead .l0 {{ font-weight: bold; font-size: 13pt; }}
.letterhead .l1 {{ font-size: 9.5pt; }}
table.meta {{ width: 100%; margin-bottom: 14pt; font-size: 10pt; }}
table.meta td.date {{ text-align: {'left' if rtl else 'right'}; }}
p {{ text-align: justify; margin: 0 0 7pt 0; }}
p.title {{ text-align: center; font-weight: bold; font-size: 12pt; margin-bottom: 12pt; }}
h3 {{ font-size: 11pt; margin: 10pt 0 4pt 0; }}
</style></head><body>
<div class="letterhead">{letterhead}</div>
<table class="meta"><tr><td>{html.escape(e.get('reference', ''))}</td>
<td class="date">{html.escape(e.get('dateline', ''))}</td></tr></table>
{''.join(body)}
</body></html>"""
    HTML(string=doc).write_pdf(path)


# ------------------------------------------------------------------- PDF: ReportLab
def pdf_reportlab(e: dict, text: str, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    lang = lang_of(e)
    if lang in ("ar", "zh"):
        raise SystemExit(f"{e['folder']}: reportlab producer is for Latin/Cyrillic texts")
    pdfmetrics.registerFont(TTFont("NotoSerif", str(NOTO / "NotoSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("NotoSerif-Bold", str(NOTO / "NotoSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("NotoSans", str(NOTO / "NotoSans-Regular.ttf")))
    body = ParagraphStyle("b", fontName="NotoSerif", fontSize=10.5, leading=14.5, alignment=TA_JUSTIFY,
                          spaceAfter=6)
    head = ParagraphStyle("h", parent=body, fontName="NotoSerif-Bold", alignment=0, spaceBefore=6)
    title = ParagraphStyle("t", parent=head, alignment=TA_CENTER, fontSize=11.5, spaceAfter=10)
    lh1 = ParagraphStyle("l1", fontName="NotoSerif-Bold", fontSize=12.5, leading=16, alignment=TA_CENTER,
                         textColor=colors.HexColor("#2b4c7e"))
    lh2 = ParagraphStyle("l2", parent=lh1, fontName="NotoSerif", fontSize=9, leading=12)
    meta = ParagraphStyle("m", parent=body, fontSize=9.5, alignment=0)
    meta_r = ParagraphStyle("mr", parent=meta, alignment=TA_RIGHT)
    story = []
    for i, line in enumerate(e.get("letterhead") or [e["name"]]):
        story.append(Paragraph(html.escape(line), lh1 if i == 0 else lh2))
    story.append(Spacer(1, 14))
    if e.get("reference"):
        story.append(Paragraph(html.escape(e["reference"]), meta))
    if e.get("dateline"):
        story.append(Paragraph(html.escape(e["dateline"]), meta_r))
    story.append(Spacer(1, 8))
    for k, par in paragraphs(text):
        inner = html.escape(par).replace("\n", "<br/>")
        story.append(Paragraph(inner, {"title": title, "heading": head}.get(k, body)))

    header = e.get("running_header", "")
    label = PAGE_LABEL_FMT[lang]

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("NotoSans", 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        if header and doc.page > 1:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 1.3 * cm, header)
        # total page count is unknown in one pass: "– 2 –" style
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"– {doc.page} –")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.2 * cm, bottomMargin=2.2 * cm, title=e.get("title") or e["name"],
                            author=e["name"], creator="ReportLab")
    del label
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


# ----------------------------------------------------------------------- PDF: fpdf2
def pdf_fpdf2(e: dict, text: str, path: Path) -> None:
    from fpdf import FPDF

    lang = lang_of(e)
    rtl = lang == "ar"
    header_text = e.get("running_header", "")
    label = PAGE_LABEL_FMT[lang]

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1 and header_text:
                self.set_font("main", size=7.5)
                self.set_text_color(110, 110, 110)
                self.cell(0, 6, header_text, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)
                self.set_text_color(0, 0, 0)

        def footer(self):
            self.set_y(-15)
            self.set_font("main", size=8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 8, label.format(p=self.page_no(), n="{nb}"), align="C")
            self.set_text_color(0, 0, 0)

    pdf = Doc(format="A4")
    pdf.set_margins(24, 22, 24)
    pdf.set_auto_page_break(True, margin=22)
    if lang == "zh":
        pdf.add_font("main", "", str(NOTO_CJK / "NotoSansCJK-Regular.ttc"), collection_font_number=2)
        pdf.add_font("main", "B", str(NOTO_CJK / "NotoSansCJK-Bold.ttc"), collection_font_number=2)
    elif rtl:
        pdf.add_font("main", "", str(NOTO / "NotoNaskhArabic-Regular.ttf"))
        pdf.add_font("main", "B", str(NOTO / "NotoNaskhArabic-Bold.ttf"))
        # Latin letters in references and symbols are not in Noto Naskh Arabic
        pdf.add_font("latin", "", str(NOTO / "NotoSerif-Regular.ttf"))
        pdf.add_font("latin", "B", str(NOTO / "NotoSerif-Bold.ttf"))
        pdf.set_fallback_fonts(["latin"])
    else:
        pdf.add_font("main", "", str(NOTO / "NotoSerif-Regular.ttf"))
        pdf.add_font("main", "B", str(NOTO / "NotoSerif-Bold.ttf"))
    pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
    pdf.set_title(e.get("title") or e["name"])
    pdf.set_author(e["name"])
    import fpdf as _fpdf
    pdf.set_creator("fpdf2")
    pdf.set_producer(f"fpdf2 {_fpdf.__version__} (py-fpdf2, HarfBuzz shaping)")
    pdf.add_page()
    start = "R" if rtl else "L"
    end = "L" if rtl else "R"
    for i, line in enumerate(e.get("letterhead") or [e["name"]]):
        pdf.set_font("main", "B" if i == 0 else "", 13 if i == 0 else 9.5)
        pdf.set_text_color(31, 56, 100)
        pdf.multi_cell(0, 7 if i == 0 else 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    y = pdf.get_y() + 2
    pdf.set_draw_color(31, 56, 100)
    pdf.line(24, y, 210 - 24, y)
    pdf.ln(7)
    pdf.set_font("main", "", 9.5)
    if e.get("reference"):
        pdf.multi_cell(0, 5.5, e["reference"], align=start, new_x="LMARGIN", new_y="NEXT")
    if e.get("dateline"):
        pdf.multi_cell(0, 5.5, e["dateline"], align=end, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for k, par in paragraphs(text):
        if lang == "zh":  # fpdf2 would break the line at the only space, after "1."
            par = re.sub(r"^(\d+\.)\s+", r"\1", par, flags=re.M)
        if k == "title":
            pdf.set_font("main", "B", 11.5)
            pdf.multi_cell(0, 7, par, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif k == "heading":
            pdf.set_font("main", "B", 10.5)
            pdf.multi_cell(0, 6.5, par, align=start, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("main", "", 10.5)
            for line in par.split("\n"):
                pdf.multi_cell(0, 6.2, line, align=start if "\n" in par else "J" if not rtl else "R",
                               new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
    pdf.output(str(path))


# ------------------------------------------------------------------------ DOCX base
def build_docx(e: dict, text: str, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    lang = lang_of(e)
    rtl = lang == "ar"
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = {"ar": "Noto Naskh Arabic", "zh": "Noto Serif CJK SC"}.get(lang, "Noto Serif")
    normal.font.size = Pt(11)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    rfonts.set(qn("w:cs"), "Noto Naskh Arabic")
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), DOCX_LANG[lang])
    if rtl:
        lang_el.set(qn("w:bidi"), "ar-SA")
    if lang == "zh":
        lang_el.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang_el)

    def para(container, txt, bold=False, align=None, size=None, color=None):
        p = container.add_paragraph()
        if rtl:
            p.paragraph_format.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
        if align is not None:
            p.alignment = align
        lines = txt.split("\n")
        for j, line in enumerate(lines):
            run = p.add_run(line)
            if j < len(lines) - 1:
                run.add_break()
            run.bold = bold
            if rtl:
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
                if bold:
                    run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
            if size:
                run.font.size = Pt(size)
                if rtl:
                    szcs = OxmlElement("w:szCs")
                    szcs.set(qn("w:val"), str(int(size * 2)))
                    run._r.get_or_add_rPr().append(szcs)
            if color:
                run.font.color.rgb = RGBColor(*color)
        return p

    start = WD_ALIGN_PARAGRAPH.RIGHT if rtl else WD_ALIGN_PARAGRAPH.LEFT
    end = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    for i, line in enumerate(e.get("letterhead") or []):
        para(doc, line, bold=(i == 0), align=WD_ALIGN_PARAGRAPH.CENTER, size=13 if i == 0 else 9.5,
             color=(0x1F, 0x38, 0x64))
    if e.get("reference"):
        para(doc, e["reference"], align=start, size=10)
    if e.get("dateline"):
        para(doc, e["dateline"], align=end, size=10)
    for k, par in paragraphs(text):
        if k == "title":
            para(doc, par, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        elif k == "heading":
            para(doc, par, bold=True, align=start)
        else:
            # Arabic: right-aligned (justified Arabic gets kashida from LibreOffice)
            para(doc, par, align=start if ("\n" in par or rtl) else WD_ALIGN_PARAGRAPH.JUSTIFY)

    section = doc.sections[0]
    if e.get("running_header"):
        hp = section.header.paragraphs[0]
        hp.text = e["running_header"]
        hp.alignment = end
        for r in hp.runs:
            r.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate"),
                      ("w:t", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), attr)
        elif tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el.text = "1"
        run._r.append(el)

    received = received_at(e)
    props = doc.core_properties
    props.author = e.get("author") or e["name"]
    props.last_modified_by = e.get("author") or e["name"]
    props.title = e.get("title") or ""
    props.language = DOCX_LANG[lang]
    props.created = (received - dt.timedelta(days=2)).astimezone(dt.UTC).replace(tzinfo=None)
    props.modified = (received - dt.timedelta(hours=3)).astimezone(dt.UTC).replace(tzinfo=None)
    props.revision = 4
    doc.save(path)


def soffice_convert(src: Path, target: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless; target like 'pdf', 'odt', 'rtf', 'docx:MS Word 2007 XML'."""
    profile = Path(tempfile.gettempdir()) / "evalpkg-lo-profile"
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    out = outdir / (src.stem + "." + target.split(":")[0])
    if not out.exists():
        raise SystemExit(f"LibreOffice did not write {out}")
    return out


def via_libreoffice(e: dict, text: str, path: Path, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "in" / (path.stem + ".docx")
        src.parent.mkdir()
        build_docx(e, text, src)
        if target.startswith("docx"):
            odt = soffice_convert(src, "odt", tmp / "odt")
            out = soffice_convert(odt, target, tmp / "out")
        else:
            out = soffice_convert(src, target, tmp / "out")
        shutil.copyfile(out, path)


def make_file(e: dict, text: str, path: Path) -> None:
    fmt, prod = e["format"], e.get("producer")
    if fmt == "pdf":
        {"weasyprint": pdf_weasyprint, "reportlab": pdf_reportlab, "fpdf2": pdf_fpdf2,
         "libreoffice": lambda a, b, c: via_libreoffice(a, b, c, "pdf")}[prod](e, text, path)
    elif fmt == "docx":
        if prod == "libreoffice":
            via_libreoffice(e, text, path, "docx:MS Word 2007 XML")
        else:
            build_docx(e, text, path)
    elif fmt in ("odt", "rtf"):
        via_libreoffice(e, text, path, fmt)
    elif fmt == "txt":
        path.write_text(plain(text), encoding="utf-8", newline=e.get("newline", "\n"))
    elif fmt == "html":
        make_html(e, text, path)
    else:
        raise SystemExit(f"{e['folder']}: unknown format {fmt}")


def make_html(e: dict, text: str, path: Path) -> None:
    lang = lang_of(e)
    out = []
    for k, par in paragraphs(text):
        inner = html.escape(par).replace("\n", "<br>\n")
        out.append({"title": f"<h1>{inner}</h1>", "heading": f"<h2>{inner}</h2>"}.get(k, f"<p>{inner}</p>"))
    nav = html.escape(e.get("html_nav", e["name"]))
    foot = html.escape(e.get("html_footer", ""))
    path.write_text(f"""<!DOCTYPE html>
<html lang="{lang}"{' dir="rtl"' if lang == 'ar' else ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(e.get('title') or e['name'])}</title>
<style>body{{font-family:Arial,Helvetica,sans-serif;max-width:48em;margin:2em auto;line-height:1.55;color:#222}}
h1{{font-size:1.35em;color:#004f9f}} h2{{font-size:1.1em;margin-top:1.4em}} nav,footer{{color:#666;font-size:.85em}}</style>
</head>
<body>
<nav>{nav}</nav>
<main>
{chr(10).join(out)}
</main>
<footer>{foot}</footer>
</body>
</html>
""", encoding="utf-8")


# --------------------------------------------------------------------- submission.yaml
def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def block(s: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join((indent + line) if line else "" for line in s.rstrip("\n").split("\n")) + "\n"


def received_at(e: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(str(e["received_at"]).replace("Z", "+00:00"))


def submission_yaml(e: dict, text_body: str | None, files: list[str]) -> str:
    lines = ["contributor:", f"  name: {q(e['name'])}", f"  category: {e['category']}"]
    if e.get("country"):
        lines.append(f"  country: {e['country']}")
    lines.append(f"email: {e['email']}")
    lines.append(f"received_at: {e['received_at']}")
    lines.append(f"consent_to_publish: {'true' if e['consent'] else 'false'}")
    if e.get("declared_language"):
        lines.append(f"language: {e['declared_language']}")
    if e.get("title"):
        lines.append(f"title: {q(e['title'])}")
    out = "\n".join(lines) + "\n"
    if text_body:
        out += "text: " + block(text_body)
    if files:
        out += "files:\n" + "".join(f"  - {q(f)}\n" for f in files)
    return out


# ----------------------------------------------------------------------------- main
def build(call: Path) -> None:
    call_yaml = yaml.safe_load((call / "call.yaml").read_text(encoding="utf-8"))
    manifest = yaml.safe_load((call / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    deadline_end = dt.datetime.fromisoformat(manifest["deadline_end"])
    order = [x["folder"] for x in manifest["submissions"]]
    entries = {x["folder"]: x for x in manifest["submissions"]}
    subs = call / "submissions"
    if subs.exists():
        shutil.rmtree(subs)
    subs.mkdir()
    gold, own_par, declined = {}, [], []
    for folder in order:
        e = entries[folder]
        d = subs / folder
        d.mkdir()
        fmt = e["format"]
        files: list[str] = []
        text_body = e.get("cover")
        if fmt in ("copy", "shared"):
            src = entries[e["copy_of"]]
            files = [src["file"]]
            shutil.copyfile(subs / src["folder"] / src["file"], d / src["file"])
        else:
            text = load_text(call, entries, folder)
            if fmt == "text":
                text_body = plain(text)
            else:
                files = [e["file"]]
                make_file(e, text, d / e["file"])
        (d / "submission.yaml").write_text(submission_yaml(e, text_body, files), encoding="utf-8")
        g = e["gold"]
        rec = {
            "language": g["language"],
            "category": e["category"],
            "themes": g["themes"],
            "duplicate_of": g.get("duplicate_of"),
            "campaign": g.get("campaign"),
            "late": received_at(e) >= deadline_end,
            "consent": bool(e["consent"]),
        }
        if g.get("notes"):
            rec["notes"] = g["notes"]
        gold[folder] = rec
        if e.get("own_paragraph"):
            own_par.append({"folder": folder, "entity": e.get("short_name") or e["name"]})
        if not e["consent"]:
            declined.append(folder)
        print(f"  {folder:34s} {fmt:6s} {e.get('producer') or '':12s} {', '.join(files)}")

    slug = call_yaml["slug"]
    header = (
        f"# Evaluation labels for the call package {slug} (not part of the import contract).\n"
        "# Generated by eval/tools/make_package.py from sources/manifest.yaml; see eval/README.md\n"
        "# for the labelling rules. language: true main language; themes: keys the text\n"
        "# substantively discusses; duplicate_of: folder this one repeats (re-sent file or\n"
        "# campaign copy); campaign: group id of a mass-mailing campaign; late: received after\n"
        f"# the end of the deadline day in Geneva ({manifest['deadline_end']}); consent: consent_to_publish.\n"
    )
    body = yaml.safe_dump({"call": slug, "submissions": gold}, sort_keys=False, allow_unicode=True,
                          default_flow_style=None, width=110)
    (call / "gold.yaml").write_text(header + body, encoding="utf-8")
    rep = {
        "call": slug,
        "entities_with_own_paragraph": own_par,
        "declined_publication": declined,
        "campaigns": manifest.get("campaigns", {}),
    }
    (call / "gold_report.yaml").write_text(
        "# Expectations for the drafted report (evaluation only). Generated by make_package.py.\n"
        "# entities_with_own_paragraph: IGOs / UN entities whose contribution the report should\n"
        "# summarise in a paragraph of its own; declined_publication: folders that did not consent\n"
        "# to publication (their content may be used, but must not be attributed or listed as public).\n"
        + yaml.safe_dump(rep, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    print(f"{slug}: {len(order)} submissions")


def main(argv: list[str]) -> int:
    calls = [Path(a).resolve() for a in argv] or sorted(p for p in (EVAL / "calls").iterdir() if p.is_dir())
    for c in calls:
        build(c)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
