"""Report build benchmarks (issue: synthesis and the draft report).

Median of 3 builds for the demo report and for a synthetic 100-page report:
our whole build (document model, HTML, WeasyPrint, storing the file) against
WeasyPrint rendering the same final HTML alone, as a ratio; and peak memory.
Targets: demo under 5 s, 100 pages under 30 s, ratio under 1.2x.
"""
from __future__ import annotations

import io
import time

from _setup import ROOT, median, peak_memory_mb, setup_django

RUNS = 3


def build_times(report) -> tuple[float, float, int]:
    from weasyprint import HTML

    from reports.models import ReportBuild
    from reports.rendering.html import render_html
    from reports.services.report import run_build

    ours, alone, pages = [], [], 0
    for _ in range(RUNS):
        build = ReportBuild.objects.create(report=report, format="pdf", report_version=report.version)
        start = time.perf_counter()
        build = run_build(build.pk)
        ours.append(time.perf_counter() - start)
        assert build.state == "done", build.error
        pages = build.page_count
        html = render_html(report)
        start = time.perf_counter()
        HTML(string=html).write_pdf()
        alone.append(time.perf_counter() - start)
    return median(ours), median(alone), pages


def synthetic_report(call, paragraphs: int = 1000):
    """A long report: many numbered paragraphs with footnotes, like a big call's draft."""
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


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from reports.services.report import draft_report
    from submissions.models import Call

    print("== Report builds", flush=True)
    call = Call.objects.filter(slug="intl-cooperation-hr-2021").first()
    if call is None:
        call_command("import_call", str(ROOT / "demo"), stdout=io.StringIO())
        call = Call.objects.get(slug="intl-cooperation-hr-2021")
    report = draft_report(call, "en")
    ours, alone, pages = build_times(report)
    print(f"demo report (en, {pages} pages): build median {ours:.2f} s, WeasyPrint alone {alone:.2f} s, "
          f"ratio {ours / alone:.2f}x (targets: < 5 s, < 1.2x: "
          f"{'MET' if ours < 5 and ours / alone < 1.2 else 'MISSED'}); "
          f"peak memory so far {peak_memory_mb():.0f} MB", flush=True)
    long_report = synthetic_report(call)
    ours, alone, pages = build_times(long_report)
    print(f"synthetic report ({pages} pages): build median {ours:.2f} s, WeasyPrint alone {alone:.2f} s, "
          f"ratio {ours / alone:.2f}x (targets: < 30 s, < 1.2x: "
          f"{'MET' if ours < 30 and ours / alone < 1.2 else 'MISSED'}); "
          f"peak memory {peak_memory_mb():.0f} MB", flush=True)


if __name__ == "__main__":
    main()
