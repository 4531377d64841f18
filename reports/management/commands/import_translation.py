"""``manage.py import_translation SLUG --lang LANG FILE.docx`` / ``--original`` (report contract §4).

Prints, paragraph by paragraph, what aligned and what did not; changes nothing and exits
non-zero when the file does not align with the original.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reports.services.translation_import import ImportRefused, import_original, import_translation
from submissions.models import Call
from submissions.multilingual import UN_LANGUAGES


class Command(BaseCommand):
    help = "Bring a translated DOCX (a language version) or the original edited in Word back into the report."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--lang", choices=UN_LANGUAGES, help="The language the file is translated into.")
        which.add_argument("--original", action="store_true", help="The original, edited in Word.")
        parser.add_argument("--user", help="Username recorded as the importer (default: the command).")

    def handle(self, *args, slug: str, file: Path, lang: str | None, original: bool, user: str | None, **options):
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"No call with slug '{slug}'.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user '{user}'.")
        label = f"import_translation {file.name}"
        try:
            with file.open("rb") as source:
                if original:
                    result = import_original(call, source, actor=actor, actor_label=label)
                else:
                    assert lang is not None
                    result = import_translation(call, lang, source, actor=actor, actor_label=label)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        for line in result.lines():
            (self.stdout if result.aligned else self.stderr).write(line)
        if not result.aligned:
            raise CommandError(f"{file.name} does not align with the original: {len(result.errors)} problems.")
