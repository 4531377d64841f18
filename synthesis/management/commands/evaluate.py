"""``manage.py evaluate PACKAGE``: score processing against the package's gold.yaml."""
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from submissions.models import Call
from submissions.services.packages import PackageError, import_package
from synthesis.evaluation import evaluate_call, format_report


class Command(BaseCommand):
    help = "Import the package if needed, then print precision/recall/F1 against gold.yaml."

    def add_arguments(self, parser):
        parser.add_argument("package", type=Path)

    def handle(self, *args, package: Path, **options):
        gold_file = package / "gold.yaml"
        if not gold_file.is_file():
            raise CommandError(f"{package} has no gold.yaml")
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        call = Call.objects.filter(slug=gold.get("call")).first()
        if call is None:
            try:
                call = import_package(package).call
            except PackageError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(format_report(evaluate_call(call, gold["submissions"])))
