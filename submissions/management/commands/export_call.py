"""``manage.py export_call SLUG [--format json|csv] [--output FILE]`` (contract §2)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.models import Call
from submissions.services.export import export_csv, export_json


class Command(BaseCommand):
    help = "Export a call's submissions as JSON (default) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", type=Path, help="File to write; standard output by default.")

    def handle(self, *args, slug: str, format: str, output: Path | None, **options):
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"No call with slug '{slug}'.")
        text = export_csv(call) if format == "csv" else export_json(call) + "\n"
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
