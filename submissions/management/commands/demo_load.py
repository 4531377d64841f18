"""``manage.py demo_load PACKAGE``: ``import_call`` for ``make demo``, with counts instead of Celery's log.

Same import service as ``import_call``; it only adds progress lines and quiets
the per-task logging of tasks run in process (decision 0016).
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Import a call package for the demo, printing progress (importing N … processed i/N)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("package", type=Path)

    def handle(self, *args: Any, package: Path, **options: Any) -> None:
        from submissions.services.packages import PackageError, import_package
        from submissions.signals import submission_stored

        for name in ("celery.app.trace", "celery.worker.strategy", "kombu.connection", "synthesis", "submissions"):
            logging.getLogger(name).setLevel(logging.ERROR)
        folders = [p for p in (package / "submissions").iterdir() if p.is_dir()] if (
            package / "submissions").is_dir() else []
        total = len(folders)
        self.stdout.write(f"Importing {total} submissions from {package} "
                          "(the first one also loads the sentence encoder: up to a minute) …")
        started = time.monotonic()
        done = {"n": 0}
        interactive = sys.stdout.isatty()

        def progress(sender: Any, submission_id: int, reason: str, **kwargs: Any) -> None:
            done["n"] += 1
            line = f"  processed {done['n']}/{total} ({time.monotonic() - started:.0f} s)"
            if interactive:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            elif done["n"] == 1 or done["n"] % 10 == 0 or done["n"] == total:
                self.stdout.write(line)

        submission_stored.connect(progress, weak=False, dispatch_uid="demo_load_progress")
        try:
            summary = import_package(package)
        except PackageError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            submission_stored.disconnect(dispatch_uid="demo_load_progress")
        if interactive:
            self.stdout.write("")
        self.stdout.write(f"Call {summary.call.slug}: {summary.line()} in {time.monotonic() - started:.0f} s.")
