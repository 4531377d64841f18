"""``manage.py import_call DIR``: import a call package (contract §1)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.services.packages import PackageError, import_package


class Command(BaseCommand):
    help = "Import a call package: call.yaml and submissions/<folder>/submission.yaml."

    def add_arguments(self, parser):
        parser.add_argument("package", type=Path, help="Folder holding call.yaml and submissions/.")

    def handle(self, *args, package: Path, **options):
        try:
            summary = import_package(package)
        except PackageError as exc:
            raise CommandError(f"Cannot import {package}: {exc}") from exc
        verb = "created" if summary.created else "updated"
        self.stdout.write(f"Call {summary.call.slug} {verb}.")
        for submission in summary.rejected:
            self.stdout.write(f"  rejected {submission.source} ({submission.reference}): {submission.status_reason}")
        for submission in summary.imported:
            for error in submission.errors:
                self.stdout.write(f"  error {submission.source} ({submission.reference}): {error}")
        for folder, reason in summary.failed:
            self.stdout.write(f"  error {folder}: could not be imported: {reason}")
        self.stdout.write(summary.line())
