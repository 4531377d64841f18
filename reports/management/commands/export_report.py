"""``manage.py export_report SLUG --lang LANG --output FILE.docx`` (report contract §4).

A DOCX ready for translation or editing in Word: the same file the editors' DOCX build
writes (Word's own paragraph numbering, real footnotes whose ids carry their report
numbers), built through the same task. Drafts first when there is no report in that
language yet (a version is aligned with the original).
"""
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from submissions.multilingual import UN_LANGUAGES


class Command(BaseCommand):
    help = "Write a call's report in one language as a DOCX for translation or editing in Word."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, choices=UN_LANGUAGES)
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, slug: str, lang: str, output: Path, **options):
        if output.suffix.lower() != ".docx":
            raise CommandError("The output of export_report is a .docx file.")
        call_command("build_report", slug, lang=lang, output=output, stdout=self.stdout, stderr=self.stderr)
