"""Store contributors' names per language from the organizations' reference table (issue 10).

Run after importing or receiving submissions (``make demo`` data, a call package):
the stored forms then show, and can be corrected, in the editor's "Names" panel.
"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from submissions.models import Contributor
from submissions.services.contributors import prefill_names


class Command(BaseCommand):
    help = "Fill Contributor.names from submissions/reference/organizations.json where staff set nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--call", help="only the contributors of this call (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        contributors = Contributor.objects.all()
        if options.get("call"):
            contributors = contributors.filter(submissions__call__slug=options["call"]).distinct()
        filled = 0
        for contributor in contributors.order_by("pk"):
            languages = prefill_names(contributor)
            if languages:
                filled += 1
                self.stdout.write(f"{contributor.name}: {', '.join(languages)}")
        self.stdout.write(f"{filled} contributors given names from the reference table.")
