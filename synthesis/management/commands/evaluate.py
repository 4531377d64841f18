"""``manage.py evaluate PACKAGE [PACKAGE ...]``: score processing against each package's gold.yaml.

Per package: themes as the pipeline suggested them (weights of synthesis/tagging.py),
language detection and duplicates. With two packages or more, also the honest
theme figures (decision 0017): leave-one-call-out, per call and language, with
bootstrap intervals, the learning curve (staff simulated from gold on 10/25/50 % of
the submissions, 20 draws each, scored on the undecided rest, per language, through
``synthesis.learning.adapt``) and the ablation tables of the features and of the
staff signals. ``--fit`` prints
the production weights fitted on every given package. ``--translated-themes`` adds an
ablation: the same leave-one-call-out figures with each call's themes completed by the
translations in the package's ``themes_translated.yaml`` (written for the ablation, not
part of the package; call.yaml and the database stay as they are).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from submissions.models import Call
from submissions.services.packages import PackageError, import_package
from synthesis.evaluation import (
    THEME_PARTS,
    evaluate_call,
    fit_linear,
    format_loco,
    format_report,
    format_translation_ablation,
    format_weights,
    load_call_data,
    with_translations,
)
from synthesis.services.suggestions import refresh_call


class Command(BaseCommand):
    help = "Import the packages if needed, then print precision/recall/F1 against their gold.yaml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("packages", type=Path, nargs="+")
        parser.add_argument("--fit", action="store_true", help="print weights fitted on all the packages")
        parser.add_argument("--translated-themes", action="store_true",
                            help="also score every call with its themes completed by the package's "
                                 "themes_translated.yaml (ablation; the shipped figures are printed first)")

    def handle(self, *args: Any, packages: list[Path], fit: bool = False, translated_themes: bool = False,
               **options: Any) -> None:
        data = []
        translated = []
        for package in packages:
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
            refresh_call(call)  # embedded mode: score the call as a whole once it is in
            self.stdout.write(f"=== {call.slug} ({package}) — as processed, shipped weights (in-sample)")
            self.stdout.write(format_report(evaluate_call(call, gold["submissions"])))
            data.append(load_call_data(call, gold["submissions"]))
            if translated_themes:
                translated.append((call, gold["submissions"], package / "themes_translated.yaml"))
        if len(data) > 1:
            self.stdout.write("")
            self.stdout.write(format_loco(data))
        if translated_themes and len(data) > 1:
            # After the shipped figures, so that they are computed exactly as without the flag.
            settings: dict[tuple[str, ...], list] = {THEME_PARTS: [], ("name", "description"): [], ("keywords",): []}
            for call, gold_submissions, path in translated:
                given = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
                if not given:
                    self.stdout.write(f"({call.slug}: no {path}; its themes stay as the call gives them)")
                themes = list(call.themes.all())
                for parts, loaded in settings.items():
                    loaded.append(load_call_data(call, gold_submissions, with_translations(themes, given or {}, parts)))
            self.stdout.write(format_translation_ablation(data, settings[THEME_PARTS], [
                ("names and descriptions translated only", settings[("name", "description")]),
                ("keywords translated only", settings[("keywords",)]),
            ]))
        if fit:
            self.stdout.write("Production weights (fitted on every package above):")
            self.stdout.write(format_weights(fit_linear(data)))
