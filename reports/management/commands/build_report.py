"""``manage.py build_report SLUG --lang LANG --output FILE`` (report contract §3).

Runs the same Celery tasks the editors' buttons start, in process, and writes a
PDF, DOCX or HTML file by the output's extension. Drafts first when the call has
no draft in that language. Exits 0 only when the file was written.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report, ReportBuild
from reports.services.builds import build_format_for, request_build
from reports.tasks import build_report_task, draft_report_task
from submissions.models import Call
from submissions.multilingual import UN_LANGUAGES


class Command(BaseCommand):
    help = "Build a call's draft report in one language as PDF, DOCX or HTML."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, choices=UN_LANGUAGES)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--redraft", action="store_true", help="Refresh the draft before building.")

    def handle(self, *args, slug: str, lang: str, output: Path, redraft: bool, **options):
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"No call with slug '{slug}'.")
        try:
            fmt = build_format_for(output)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = Report.objects.filter(call=call, language=lang).first()
        if report is None or redraft:
            draft_report_task.apply(args=(call.pk, lang, None, "build_report"), throw=True)
            report = Report.objects.get(call=call, language=lang)
        build = request_build(report, fmt, queue=False)
        build_report_task.apply(args=(build.pk,), throw=True)
        build.refresh_from_db()
        if build.state != ReportBuild.State.DONE:
            raise CommandError(f"The build failed: {build.error}")
        output.parent.mkdir(parents=True, exist_ok=True)
        with build.file.open("rb") as source:
            output.write_bytes(source.read())
        pages = f", {build.page_count} pages" if build.page_count else ""
        self.stdout.write(f"Wrote {output} ({build.word_count} words{pages}, {build.duration_seconds:.1f} s).")
