"""Report builds (issue 15): our whole build against WeasyPrint on the same document without footnotes.

For the demo report, a 99-page report shaped like the model report (its paragraph lengths,
0.85 footnotes a paragraph, footnotes of its lengths: ``realistic_report``; the ratio judged)
and the dense stress case of earlier runs (1,000 two-sentence paragraphs with a one-line
footnote each, ten a page: ``dense_report``; printed, not judged): our whole build (``run_build``: document model, HTML,
WeasyPrint with our footnote layout, PDF/UA, storing the file) against the independent
baseline, **WeasyPrint alone rendering the same document without its footnotes** (the
document model with every footnote call removed, same HTML template, same PDF/UA output).
The ratio therefore shows what footnotes cost on top of the text, plus our own overhead.
The baseline runs in a process of its own with none of our code imported (WeasyPrint as
shipped). Also printed: the HTML *with* footnotes laid out by our ``render_pdf`` (footnotes
laid out once each, see ``reports.rendering.pdf``) and by WeasyPrint as shipped, and the
floor: WeasyPrint alone on the same HTML with each footnote as an ordinary block after its
paragraph (same text, calls and markers, no footnote area) — what any footnote layout still
has to lay out, draw and tag, so the ratio no layout change can go below.
BENCH_REPORTS_HTML_DIR=DIR keeps the HTML sources there (with, without, in-flow footnotes) to
profile or compare pages.

Times are CPU seconds of the process doing the work (WeasyPrint is single-threaded: CPU = wall on a quiet
machine; on a shared one CPU is the steadier figure), wall seconds beside them; medians of
RUNS builds (five for the judged report: its ratio moves ±0.05 between runs on a shared machine).
Targets: demo < 5 s, 99 pages < 30 s; 99-page ratio <= 1.2x.
BENCH_SCALE < 1 makes one run of each instead of three or five (a quick look).
"""
from __future__ import annotations

import copy
import io
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("BENCH_DATABASE", "rapporteur_bench_reports")

from _setup import ROOT, median, peak_memory_mb, setup_django

RUNS = 3 if float(os.environ.get("BENCH_SCALE", "1")) >= 1 else 1
JUDGED_RUNS = 5 if RUNS > 1 else 1
TARGET_RATIO = 1.2


def flag(met: bool) -> str:
    return "MET" if met else "MISSED"


def without_footnotes(document):
    """The same document model with every footnote call dropped (text unchanged)."""
    bare = copy.copy(document)
    bare.footnotes = {}
    bare.summary = [_bare_paragraph(p) for p in document.summary]
    bare.sections = []
    for section in document.sections:
        section = copy.copy(section)
        section.paragraphs = [_bare_paragraph(p) for p in section.paragraphs]
        bare.sections.append(section)
    return bare


def _bare_paragraph(paragraph):
    paragraph = copy.copy(paragraph)
    paragraph.pieces = [piece for piece in paragraph.pieces if not piece.footnote]
    return paragraph


def timed(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.process_time() - cpu, time.perf_counter() - wall, result


# WeasyPrint as shipped, in a process of its own (none of our code imported): CPU seconds of the
# render and the PDF/UA write, measured inside it, and the page count.
_PLAIN = """
import sys, time
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
html = open(sys.argv[1], encoding="utf-8").read()
wall, cpu = time.perf_counter(), time.process_time()
document = HTML(string=html).render(font_config=FontConfiguration())
document.write_pdf(pdf_variant="pdf/ua-1")
print(time.process_time() - cpu, time.perf_counter() - wall, len(document.pages))
"""


def weasyprint_alone(html: str) -> tuple[float, float, int]:
    """(CPU s, wall s, pages) of WeasyPrint alone on this HTML, in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as handle:
        handle.write(html)
    try:
        out = subprocess.run([sys.executable, "-c", _PLAIN, handle.name], check=True, capture_output=True,
                             text=True).stdout.split()
    finally:
        os.unlink(handle.name)
    return float(out[0]), float(out[1]), int(out[2])


def our_layout_alone(html: str) -> tuple[float, float, int]:
    """(CPU s, wall s, pages) of ``reports.rendering.pdf.render_pdf`` on this HTML, in this process."""
    from reports.rendering.pdf import render_pdf

    cpu, wall, (_, pages) = timed(lambda: render_pdf(html))
    return cpu, wall, pages


# The floor: the same footnote text, markers and calls, laid out by WeasyPrint as ordinary blocks after
# their paragraph (no footnote area at all). What any footnote layout must still lay out, draw and tag.
_FLOW_CSS = """
.fcall { vertical-align: super; font-size: 7pt; line-height: 0; }
.fnb { font-size: 8.5pt; line-height: 1.2; text-align: left; text-indent: 0; margin: 0; }
.fnb .fm { vertical-align: super; font-size: 7pt; padding-right: 3pt; }
"""
_OPEN = '<span class="fn">'


def footnotes_in_flow(html: str) -> str:
    """The HTML with each footnote as a plain block after its paragraph (call and marker kept as spans)."""
    out, notes, number, at = [], [], 0, 0
    while True:
        start = html.find(_OPEN, at)
        end_p = html.find("</p>", at)
        if notes and (start < 0 or end_p < start):  # the paragraph ends: its footnotes follow it
            out.append(html[at:end_p + 4] + "".join(notes))
            notes, at = [], end_p + 4
            continue
        if start < 0:
            out.append(html[at:])
            break
        depth, cursor = 1, start + len(_OPEN)
        while depth:  # the footnote's own closing tag (its text may hold <span class="name">)
            close = html.find("</span>", cursor)
            nested = html.find("<span", cursor)
            if 0 <= nested < close:
                depth, cursor = depth + 1, nested + 5
            else:
                depth, cursor = depth - 1, close + 7
        number += 1
        out.append(html[at:start] + f'<span class="fcall">{number}</span>')
        notes.append(f'<div class="fnb"><span class="fm">{number}</span>{html[start + len(_OPEN):cursor - 7]}</div>')
        at = cursor
    return "".join(out).replace("</style>", _FLOW_CSS + "</style>", 1)


def save_html(label: str, html: str, bare_html: str) -> None:
    """With BENCH_REPORTS_HTML_DIR set, the HTML sources (with, without, in-flow footnotes) are kept there."""
    folder = os.environ.get("BENCH_REPORTS_HTML_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        name = label.split(" (")[0].replace(" ", "-")
        for suffix, text in (("", html), ("-bare", bare_html), ("-flow", footnotes_in_flow(html))):
            with open(os.path.join(folder, f"{name}{suffix}.html"), "w", encoding="utf-8") as handle:
                handle.write(text)


def build_times(report, label: str, targets_seconds: float, judge_ratio: bool, runs: int = RUNS) -> bool:
    from reports.models import ReportBuild
    from reports.rendering.document import build_document
    from reports.rendering.html import render_html
    from reports.services.builds import run_build

    figures: dict[str, list[tuple[float, float]]] = {k: [] for k in ("ours", "bare", "alone", "weasy", "flow")}
    pages: dict[str, int] = {}
    for _ in range(runs):
        build = ReportBuild.objects.create(report=report, format="pdf", report_version=report.version)
        cpu, wall, done = timed(lambda build=build: run_build(build.pk))
        assert done.state == "done", done.error
        figures["ours"].append((cpu, wall))
        pages["ours"] = done.page_count
        document = build_document(report)
        html = render_html(report, document)
        bare_html = render_html(report, without_footnotes(document))
        assert 'class="fn"' not in bare_html
        save_html(label, html, bare_html)
        variants = (("bare", bare_html, weasyprint_alone), ("alone", html, our_layout_alone),
                ("weasy", html, weasyprint_alone), ("flow", footnotes_in_flow(html), weasyprint_alone))
        for key, source, run in variants:
            cpu, wall, count = run(source)
            figures[key].append((cpu, wall))
            pages[key] = count
    cpu = {k: median([c for c, _ in v]) for k, v in figures.items()}
    wall = {k: median([w for _, w in v]) for k, v in figures.items()}
    # Each run builds ours and then the baseline back to back: the median of the paired ratios is
    # steadier than the ratio of medians when the machine's load drifts during the bench.
    paired = sorted(o / b for (o, _), (b, _) in zip(figures["ours"], figures["bare"], strict=True))
    ratio = median(paired)
    footnotes = html.count('class="fn"')
    print(f"{label} ({pages['ours']} pages, {footnotes} footnotes): our build {cpu['ours']:.2f} s CPU "
          f"({wall['ours']:.2f} s wall), WeasyPrint alone without the footnotes {cpu['bare']:.2f} s "
          f"({wall['bare']:.2f} s wall, {pages['bare']} pages): ratio {ratio:.2f}x"
          + (f" (target <= {TARGET_RATIO}x: {flag(ratio <= TARGET_RATIO)})" if judge_ratio else "")
          + f"; CPU time < {targets_seconds:.0f} s: {flag(cpu['ours'] < targets_seconds)}", flush=True)
    print(f"  ratio = median of {len(paired)} runs, each our build then the baseline: "
          + ", ".join(f"{r:.2f}" for r in paired) + f" (ratio of the medians {cpu['ours'] / cpu['bare']:.2f}x)",
          flush=True)
    print(f"  the same HTML with its footnotes: {cpu['alone']:.2f} s with our layout (reports.rendering.pdf), "
          f"{cpu['weasy']:.2f} s with WeasyPrint as shipped ({cpu['weasy'] / cpu['bare']:.2f}x the text alone, "
          f"{pages['weasy']} pages); the rest of our build (document, HTML, storing) "
          f"{cpu['ours'] - cpu['alone']:.2f} s", flush=True)
    print(f"  floor: the same footnotes as ordinary blocks after their paragraphs (no footnote area), WeasyPrint "
          f"alone {cpu['flow']:.2f} s ({cpu['flow'] / cpu['bare']:.2f}x the text alone, {pages['flow']} pages): "
          f"what any footnote layout still lays out, draws and tags; our layout is "
          f"{cpu['alone'] / cpu['flow']:.2f}x that; load {os.getloadavg()[0]:.1f}", flush=True)
    return ratio <= TARGET_RATIO


def dense_report(call, paragraphs: int = 1000):
    """The stress case: 1,000 short paragraphs (two sentences) with a one-line footnote each.

    Ten footnotes a page, three times the model report's density, and paragraphs a third of its
    length: what footnote layout costs at its worst. Printed, not judged.
    """
    from reports.models import Footnote, Paragraph, Report, Section

    report, _ = Report.objects.get_or_create(call=call, language="fr", defaults={"report_date": call.report_date})
    report.sections.all().delete()
    sentence = ("Les contributions ont souligné que la coopération internationale, fondée sur le dialogue et le "
                "respect mutuel, est indispensable pour réaliser les droits économiques et sociaux de tous. ")
    for chapter in range(8):
        section = Section.objects.create(report=report, key=f"s{chapter}", kind="custom", order=chapter,
                                         title=f"Chapitre {chapter + 1}")
        for index in range(paragraphs // 8):
            paragraph = Paragraph.objects.create(section=section, key=f"p{chapter}-{index}", order=index,
                                                 text=sentence * 2 + "{fn1}")
            Footnote.objects.create(paragraph=paragraph, order=1, text=f"Contribution n° {chapter}-{index}.")
    return report


# The shape of the model report (the Secretary-General's report under General Assembly resolution
# 74/151, its Chinese text, measured paragraph by paragraph): 67 numbered paragraphs of 71 to 408
# characters (quartiles 150, 196, 270), 57 footnotes (0.85 a paragraph, none in some paragraphs, two
# or three in others), footnotes of 20 to 250 characters (median 77: web addresses, document symbols).
# French runs about 4.2 characters to a Chinese one (the UDHR in both), so paragraphs of ~630 to
# ~1,700 characters. MODEL_* are those figures; the report repeats them to about 99 pages.
MODEL_PARAGRAPH_CHARS = (300, 630, 820, 1130, 1710)  # min, quartiles, max, in French characters
MODEL_FOOTNOTES_PER_PARAGRAPH = 57 / 67
_SENTENCES = (
    "Les contributions ont souligné que la coopération internationale, fondée sur le dialogue et le respect "
    "mutuel, est indispensable pour réaliser les droits économiques, sociaux et culturels de tous.",
    "Plusieurs États ont décrit les mesures prises pour renforcer leurs institutions nationales des droits de "
    "l'homme et pour associer la société civile à l'examen périodique universel.",
    "Il a été rappelé que la pandémie a aggravé les inégalités existantes et que la reprise doit ne laisser "
    "personne de côté, en particulier les femmes, les personnes âgées et les migrants.",
    "Le Haut-Commissariat a apporté une assistance technique à la demande des gouvernements, notamment pour "
    "la mise en œuvre des recommandations des organes conventionnels.",
    "Les organisations non gouvernementales ont insisté sur la protection de l'espace civique et sur la "
    "participation effective de tous à la vie publique, hors ligne comme en ligne.",
    "La solidarité internationale, y compris l'accès équitable aux vaccins, a été présentée comme une "
    "condition de la jouissance du droit à la santé.",
)
_NOTES = (
    "A/HRC/47/{n}, par. {k}.",
    "Voir résolution {n}/{k} du Conseil des droits de l'homme.",
    "Voir www.ohchr.org/fr/documents/reports/a-hrc-47-{n}-{k}.",
    "Voir www.un.org/sites/un2.un.org/files/policy_brief_human_rights_and_recovery_{n}_{k}.pdf.",
    "Contribution du Gouvernement n° {n}, p. {k} ; voir aussi le rapport du Secrétaire général (A/75/{n}), "
    "par. {k}, et www.ohchr.org/fr/issues/development/pages/internationalcooperation.aspx.",
)


def realistic_report(call, pages: int = 99):
    """A long report shaped like the model one: its paragraph lengths, footnote density and footnote lengths.

    Deterministic (a seeded generator), so every run builds the same document.
    """
    import random

    from reports.models import Footnote, Paragraph, Report, Section

    rng = random.Random(74151)
    report, _ = Report.objects.get_or_create(call=call, language="fr", defaults={"report_date": call.report_date})
    report.sections.all().delete()
    # About five paragraphs of this length fill a page with their footnotes (measured: 360 give 71 pages).
    paragraphs = round(pages * 5.05)
    low, q1, q2, q3, high = MODEL_PARAGRAPH_CHARS
    for chapter in range(8):
        section = Section.objects.create(report=report, key=f"s{chapter}", kind="custom", order=chapter,
                                         title=f"Chapitre {chapter + 1}")
        for index in range(paragraphs // 8):
            target = rng.uniform(*((low, q1), (q1, q2), (q2, q3), (q3, high))[rng.randrange(4)])
            sentences: list[str] = []
            while sum(len(s) + 1 for s in sentences) < target:
                sentences.append(_SENTENCES[rng.randrange(len(_SENTENCES))])
            # Footnotes: 0, 1, 2 or 3 with the model's mean, each after a sentence.
            count = rng.choices((0, 1, 2, 3), weights=(0.35, 0.5, 0.1, 0.05))[0]
            places = sorted(rng.sample(range(len(sentences)), min(count, len(sentences))))
            for order, place in enumerate(places, start=1):
                sentences[place] += f"{{fn{order}}}"
            paragraph = Paragraph.objects.create(section=section, key=f"p{chapter}-{index}", order=index,
                                                 text=" ".join(sentences))
            for order in range(1, len(places) + 1):
                note = _NOTES[rng.choices(range(len(_NOTES)), weights=(3, 2, 2, 2, 1))[0]]
                Footnote.objects.create(paragraph=paragraph, order=order,
                                        text=note.format(n=rng.randrange(10, 99), k=rng.randrange(2, 40)))
    return report


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from reports.services.report import draft_report
    from submissions.models import Call

    print(f"== Report builds (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
    call = Call.objects.filter(slug="intl-cooperation-hr-2021").first()
    if call is None:
        started = time.perf_counter()
        call_command("import_call", str(ROOT / "demo"), stdout=io.StringIO())
        call = Call.objects.get(slug="intl-cooperation-hr-2021")
        print(f"  demo call imported and processed in {time.perf_counter() - started:.0f} s (once; not measured)")
    report = draft_report(call, "en")
    build_times(report, "demo report (en)", 5, judge_ratio=False)
    build_times(realistic_report(call), "99-page report shaped like the model report (fr)", 30, judge_ratio=True,
                runs=JUDGED_RUNS)
    build_times(dense_report(call), "dense stress case (fr, 10 footnotes a page)", 30, judge_ratio=False)
    print(f"peak memory: {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
