"""``manage.py eval_draft PACKAGE… [--lang LANG]``: an editor's measures of each call's draft (`make eval-draft`).

Imports each call package unless its call exists, drafts the report in the call's
original language (or ``--lang``) through the one writer of report text, and prints
the measures of ``reports.drafting.measures``, with the package's
``gold_report.yaml`` (entities expected to get their own paragraph, folders that
declined publication) checked when there is one.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from reports.drafting.measures import measure_report
from reports.models import Paragraph
from reports.services.report import draft_report
from submissions.models import Call, Submission


class Command(BaseCommand):
    help = "Draft each call package's report and print the editor's measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("packages", nargs="+", type=Path)
        parser.add_argument("--lang", action="append", help="Report language(s); default: the call's original.")

    def handle(self, *args: Any, packages: list[Path], lang: list[str] | None, **options: Any) -> None:
        for package in packages:
            spec = yaml.safe_load((package / "call.yaml").read_text(encoding="utf-8"))
            call = Call.objects.filter(slug=spec["slug"]).first()
            if call is None:
                call_command("import_call", str(package), stdout=io.StringIO())
                call = Call.objects.get(slug=spec["slug"])
            for language in lang or [call.original_language]:
                report = draft_report(call, language, actor_label="eval-draft")
                measures = measure_report(report)
                self.stdout.write(f"{call.slug} [{language}] ({call.submissions.count()} submissions)")
                for line in measures.lines():
                    self.stdout.write(line)
                gold = package / "gold_report.yaml"
                if gold.exists():
                    for line in gold_lines(call, report, yaml.safe_load(gold.read_text(encoding="utf-8"))):
                        self.stdout.write(line)


def gold_lines(call: Call, report: Any, gold: dict) -> list[str]:
    """Entities the gold expects to have a paragraph of their own; declined folders never quoted."""
    by_folder = {s.source: s for s in Submission.objects.filter(call=call).select_related("contributor")}
    chapter_iv = list(Paragraph.objects.filter(section__report=report, section__key="group-igos"))
    missing = []
    for row in gold.get("entities_with_own_paragraph", []):
        submission = by_folder.get(row["folder"])
        count = sum(1 for p in chapter_iv if submission and p.generation.get("subject") == submission.contributor_id)
        if count != 1:
            missing.append(f"{row['entity']} ({count})")
    declined = {by_folder[f].reference for f in gold.get("declined_publication", []) if f in by_folder}
    quoted = {ref for p in Paragraph.objects.filter(section__report=report)
              for ref in p.generation.get("inputs", []) if ref in declined}
    return [
        f"  gold entities with one paragraph each: {len(gold.get('entities_with_own_paragraph', [])) - len(missing)}"
        f"/{len(gold.get('entities_with_own_paragraph', []))}" + (f" (not: {', '.join(missing)})" if missing else ""),
        f"  gold declined folders quoted: {len(quoted)}",
    ]
