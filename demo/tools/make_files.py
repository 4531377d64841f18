#!/usr/bin/env python3
"""Build the demo call package's submissions/ folders and gold.yaml.

Inputs (all in this tools/ directory):
  manifest.yaml     one entry per submission folder: contributor, e-mail metadata,
                    format (text | pdf | docx | txt | html | copy), letterhead, gold labels
  texts/<folder>.txt  the body of each submission (UTF-8, paragraphs separated by a
                    blank line); the campaign-0N texts are derived from
                    texts/ind-fern-powers.txt by CAMPAIGN_VARIANTS below

Outputs (in the demo/ directory, i.e. the package root):
  submissions/<folder>/submission.yaml (+ the PDF / DOCX / TXT / HTML file)
  gold.yaml         evaluation labels (language, themes, duplicate_of, late)

call.yaml and README.md are written by hand and are not touched.

Run with a private venv (never install into the project):
  python3 -m venv /tmp/demo-venv
  /tmp/demo-venv/bin/pip install weasyprint python-docx pyyaml
  /tmp/demo-venv/bin/python demo/tools/make_files.py
PDFs need the Debian fonts-noto-core and fonts-noto-cjk packages (Noto Serif,
Noto Naskh Arabic, Noto Serif CJK SC).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent  # demo/
SUBMISSIONS = ROOT / "submissions"
TEXTS = TOOLS / "texts"

# Deadline 2021-03-31, end of day Geneva time (CEST, UTC+2 since 28 March 2021).
DEADLINE = dt.datetime(2021, 4, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))

# Mass-mailing campaign: same letter as Fern Powers with small edits
# (greeting, signature, one sentence).
CAMPAIGN_BASE = "ind-fern-powers"
CAMPAIGN_VARIANTS = {
    "campaign-02": [
        ("Dear High Commissioner,", "Dear Madam High Commissioner,"),
        ("Fern Powers", "Gordon Ashby"),
        ("This is vaccine apartheid, and it violates the right to health of millions of people.",
         "This is deeply unjust, and it violates the right to health of millions of people."),
    ],
    "campaign-03": [
        ("Dear High Commissioner,", "To the UN High Commissioner for Human Rights,"),
        ("Fern Powers", "Maria Lindqvist"),
        ("I also believe that the money exists.", "I am a nurse, and I know that the money exists."),
    ],
    "campaign-04": [
        ("Dear High Commissioner,", "Dear Ms. Bachelet,"),
        ("Fern Powers", "Tom Okafor"),
        ("Yours sincerely,", "Best regards,"),
        ("who want a People's Vaccine", "like me who want a People's Vaccine"),
    ],
    "campaign-05": [
        ("Dear High Commissioner,", "Hello,"),
        ("Fern Powers", "Janet Keller"),
        ("The COVID-19 pandemic will not end anywhere until it ends everywhere.",
         "Nobody is safe until everybody is safe."),
    ],
}

PAGE_LABEL = {  # footer "Page X of Y" per language (CSS content)
    "en": '"Page " counter(page) " of " counter(pages)',
    "fr": '"Page " counter(page) " sur " counter(pages)',
    "es": '"Página " counter(page) " de " counter(pages)',
    "ru": '"Страница " counter(page) " из " counter(pages)',
    "ar": '"الصفحة " counter(page) " من " counter(pages)',
    "zh": '"第 " counter(page) " 页，共 " counter(pages) " 页"',
}
FONT_STACK = {
    "ar": '"Noto Naskh Arabic", "Noto Serif", serif',
    "zh": '"Noto Serif CJK SC", "Noto Serif", serif',
}
DEFAULT_FONTS = '"Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC", serif'


# ----------------------------------------------------------------------------- text
def load_text(folder: str) -> str:
    if folder in CAMPAIGN_VARIANTS:
        text = load_text(CAMPAIGN_BASE)
        for old, new in CAMPAIGN_VARIANTS[folder]:
            if old not in text:
                raise SystemExit(f"{folder}: variant anchor not found: {old!r}")
            text = text.replace(old, new)
        return text
    return (TEXTS / f"{folder}.txt").read_text(encoding="utf-8").strip() + "\n"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


TERMINAL = tuple(".:;,!?。：；，！？)»\"”")


def kind(par: str, index: int, count: int) -> str:
    """'title' for an unpunctuated first line, 'heading' for short unpunctuated lines."""
    if "\n" in par or par.endswith(TERMINAL) or index == count - 1:
        return "p"
    if index == 0:
        return "title"
    if len(par) < 90:
        return "heading"
    return "p"


# ------------------------------------------------------------------------------ PDF
def make_pdf(entry: dict, text: str, path: Path) -> None:
    from weasyprint import HTML

    lang = entry["gold"]["language"]
    rtl = lang == "ar"
    pars = paragraphs(text)
    body = []
    for i, par in enumerate(pars):
        k = kind(par, i, len(pars))
        inner = html.escape(par).replace("\n", "<br>")
        if k == "title":
            body.append(f'<p class="title">{inner}</p>')
        elif k == "heading":
            body.append(f"<h3>{inner}</h3>")
        else:
            body.append(f"<p>{inner}</p>")
    lh = entry.get("letterhead") or [entry["contributor_name"]]
    letterhead = "".join(
        f'<div class="l{min(i, 1)}">{html.escape(line)}</div>' for i, line in enumerate(lh)
    )
    ref = html.escape(entry.get("reference", ""))
    date = html.escape(entry.get("dateline", ""))
    doc = f"""<!DOCTYPE html>
<html lang="{lang}" dir="{'rtl' if rtl else 'ltr'}">
<head><meta charset="utf-8">
<title>{html.escape(entry.get('title') or entry['contributor_name'])}</title>
<meta name="author" content="{html.escape(entry['contributor_name'])}">
<style>
@page {{ size: A4; margin: 2.2cm 2.3cm 2.6cm 2.3cm;
  @bottom-center {{ content: {PAGE_LABEL[lang]}; font-family: {FONT_STACK.get(lang, DEFAULT_FONTS)};
                   font-size: 8.5pt; color: #555; }} }}
body {{ font-family: {FONT_STACK.get(lang, DEFAULT_FONTS)}; font-size: 11pt; line-height: 1.5; }}
.letterhead {{ text-align: center; border-bottom: 1.2pt solid #1f3864; padding-bottom: 6pt;
              margin-bottom: 14pt; color: #1f3864; }}
.letterhead .l0 {{ font-weight: bold; font-size: 13pt; letter-spacing: 0.3pt; }}
.letterhead .l1 {{ font-size: 9.5pt; }}
table.meta {{ width: 100%; margin-bottom: 14pt; font-size: 10pt; }}
table.meta td.date {{ text-align: {'left' if rtl else 'right'}; }}
p {{ text-align: justify; margin: 0 0 7pt 0; }}
p.title {{ text-align: center; font-weight: bold; font-size: 12pt; margin-bottom: 12pt; }}
h3 {{ font-size: 11pt; margin: 10pt 0 4pt 0; }}
</style></head>
<body>
<div class="letterhead">{letterhead}</div>
<table class="meta"><tr><td>{ref}</td><td class="date">{date}</td></tr></table>
{''.join(body)}
</body></html>"""
    HTML(string=doc).write_pdf(path)


# ----------------------------------------------------------------------------- DOCX
def make_docx(entry: dict, text: str, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    lang = entry["gold"]["language"]
    rtl = lang == "ar"
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11.5)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), "SimSun")
    rfonts.set(qn("w:cs"), "Arial")
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU",
                              "ar": "ar-SA", "zh": "zh-CN"}[lang])
    if rtl:
        lang_el.set(qn("w:bidi"), "ar-SA")
    if lang == "zh":
        lang_el.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang_el)

    def para(txt: str, bold=False, align=None, size=None, color=None):
        p = doc.add_paragraph()
        if rtl:
            p.paragraph_format.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
        if align is not None:
            p.alignment = align
        for j, line in enumerate(txt.split("\n")):
            run = p.add_run(line)
            if j < len(txt.split("\n")) - 1:
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

    for i, line in enumerate(entry.get("letterhead") or []):
        para(line, bold=(i == 0), align=WD_ALIGN_PARAGRAPH.CENTER, size=13 if i == 0 else 10,
             color=(0x1F, 0x38, 0x64))
    start = WD_ALIGN_PARAGRAPH.RIGHT if rtl else WD_ALIGN_PARAGRAPH.LEFT
    end = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    if entry.get("reference"):
        para(entry["reference"], align=start, size=10)
    if entry.get("dateline"):
        para(entry["dateline"], align=end, size=10)
    pars = paragraphs(text)
    for i, par in enumerate(pars):
        k = kind(par, i, len(pars))
        if k == "title":
            para(par, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        elif k == "heading":
            para(par, bold=True)
        else:
            para(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    # page number field in the footer
    footer = doc.sections[0].footer.paragraphs[0]
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

    received = dt.datetime.fromisoformat(entry["received_at"].replace("Z", "+00:00"))
    props = doc.core_properties
    props.author = entry["contributor_name"]
    props.last_modified_by = entry["contributor_name"]
    props.title = entry.get("title") or ""
    props.created = (received - dt.timedelta(days=1)).astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.modified = (received - dt.timedelta(hours=2)).astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.revision = 3
    doc.save(path)


# ------------------------------------------------------------------------ HTML / TXT
def make_html(entry: dict, text: str, path: Path) -> None:
    lang = entry["gold"]["language"]
    pars = paragraphs(text)
    out = []
    for i, par in enumerate(pars):
        k = kind(par, i, len(pars))
        inner = html.escape(par).replace("\n", "<br>\n")
        out.append({"title": f"<h1>{inner}</h1>", "heading": f"<h2>{inner}</h2>"}.get(k, f"<p>{inner}</p>"))
    # bold lead-ins such as "Anti-racism." as they appear in the web page
    body = "\n".join(out)
    body = re.sub(r"<p>(Anti-racism\.|Right to education\.|Digital learning\.)", r"<p><strong>\1</strong>", body)
    path.write_text(f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(entry.get('title') or entry['contributor_name'])}</title>
<style>body{{font-family:Arial,Helvetica,sans-serif;max-width:46em;margin:2em auto;line-height:1.5}}
h1{{font-size:1.3em;color:#0077d4}} nav,footer{{color:#666;font-size:.85em}}</style>
</head>
<body>
<nav>UNESCO &middot; Social and Human Sciences Sector &middot; Contributions to UN reports</nav>
<main>
{body}
</main>
<footer>&copy; UNESCO 2021 &middot; 7, place de Fontenoy, 75352 Paris 07 SP, France</footer>
</body>
</html>
""", encoding="utf-8")


def make_txt(entry: dict, text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8", newline="\r\n" if entry["folder"] == "ind-edith-baguinho" else "\n")


# --------------------------------------------------------------------- submission.yaml
def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def block(s: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join((indent + line) if line else "" for line in s.rstrip("\n").split("\n")) + "\n"


def submission_yaml(entry: dict, text_body: str | None, files: list[str]) -> str:
    lines = ["contributor:", f"  name: {q(entry['name'])}", f"  category: {entry['category']}"]
    if entry.get("country"):
        lines.append(f"  country: {entry['country']}")
    lines.append(f"email: {entry['email']}")
    lines.append(f"received_at: {entry['received_at']}")
    lines.append(f"consent_to_publish: {'true' if entry['consent'] else 'false'}")
    if entry.get("declared_language"):
        lines.append(f"language: {entry['declared_language']}")
    if entry.get("title"):
        lines.append(f"title: {q(entry['title'])}")
    out = "\n".join(lines) + "\n"
    if text_body:
        out += "text: " + block(text_body)
    if files:
        out += "files:\n" + "".join(f"  - {q(f)}\n" for f in files)
    return out


# ----------------------------------------------------------------------------- main
def main() -> int:
    manifest = yaml.safe_load((TOOLS / "manifest.yaml").read_text(encoding="utf-8"))
    entries = manifest["submissions"]
    if SUBMISSIONS.exists():
        shutil.rmtree(SUBMISSIONS)
    SUBMISSIONS.mkdir()
    gold = {}
    for e in entries:
        folder = e["folder"]
        e["contributor_name"] = e["name"]
        d = SUBMISSIONS / folder
        d.mkdir()
        fmt = e["format"]
        files: list[str] = []
        text_body = e.get("cover")
        if fmt == "copy":
            src = next(x for x in entries if x["folder"] == e["copy_of"])
            files = [src["file"]]
            shutil.copyfile(SUBMISSIONS / src["folder"] / src["file"], d / src["file"])
        else:
            text = load_text(folder)
            if fmt == "text":
                text_body = text
            else:
                files = [e["file"]]
                maker = {"pdf": make_pdf, "docx": make_docx, "html": make_html, "txt": make_txt}[fmt]
                maker(e, text, d / e["file"])
        (d / "submission.yaml").write_text(submission_yaml(e, text_body, files), encoding="utf-8")
        received = dt.datetime.fromisoformat(e["received_at"].replace("Z", "+00:00"))
        g = e["gold"]
        gold[folder] = {
            "language": g["language"],
            "themes": g["themes"],
            "duplicate_of": g.get("duplicate_of"),
            "late": received >= DEADLINE,
        }
        print(f"{folder:32s} {fmt:5s} {', '.join(files)}")

    header = (
        "# Evaluation labels for the demo call package (not part of the import contract).\n"
        "# language: true main language; themes: theme keys substantively discussed;\n"
        "# duplicate_of: folder this submission repeats (campaign copy / re-sent file);\n"
        "# late: received after 2021-03-31 23:59:59 Geneva time (CEST, UTC+2).\n"
        "# Generated by tools/make_files.py from tools/manifest.yaml.\n"
    )
    body = yaml.safe_dump({"call": "intl-cooperation-hr-2021", "submissions": gold},
                          sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
    (ROOT / "gold.yaml").write_text(header + body, encoding="utf-8")
    print(f"{len(entries)} submissions written to {SUBMISSIONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
