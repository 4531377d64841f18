"""The inbox's filtered list as CSV (UTF-8 with BOM, for Excel) or XLSX.

Every cell goes through ``export.safe_cell`` so a contributor's name such as
``=HYPERLINK(…)`` stays text (formula injection). Exports are audited: lists of
contributors are personal data.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from submissions.models import AuditAction, Call, Submission
from submissions.services.audit import record_event
from submissions.services.export import safe_cell

COLUMNS = [
    "reference", "contributor", "category", "country", "language", "received_at", "late", "status",
    "themes_accepted", "themes_suggested", "duplicate_of", "assignee", "word_count", "consent_to_publish",
]


def row_values(submission: Submission, call: Call, language: str) -> list[Any]:
    """One exported row; themes by key (stable across the six languages)."""
    tags = list(submission.tags.all())
    contributor = submission.contributor
    return [
        submission.reference,
        contributor.display_name(language),
        contributor.category,
        contributor.country.iso3 if contributor.country is not None else "",
        submission.language,
        timezone.localtime(submission.received_at).strftime("%Y-%m-%d %H:%M"),
        "yes" if submission.received_at > call.deadline else "no",
        submission.status,
        ";".join(t.theme.key for t in tags if t.accepted),
        ";".join(t.theme.key for t in tags if t.accepted is None),
        submission.duplicate_of.reference if submission.duplicate_of is not None else "",
        submission.assignee.get_username() if submission.assignee is not None else "",
        submission.word_count if submission.word_count is not None else "",
        "yes" if submission.consent_to_publish else "no",
    ]


def _rows(submissions: Iterable[Submission], call: Call, language: str) -> Iterator[list[str]]:
    yield COLUMNS
    for submission in submissions:
        yield [safe_cell(value) for value in row_values(submission, call, language)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(submissions: Iterable[Submission], call: Call, language: str) -> Iterator[str]:
    """Lines of the CSV, BOM first, for a streaming response."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _rows(submissions, call, language):
        yield writer.writerow(row)


def xlsx_bytes(submissions: Iterable[Submission], call: Call, language: str) -> bytes:
    """The same rows as a workbook (openpyxl write-only mode: flat memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=call.reference_prefix or "submissions")
    for row in _rows(submissions, call, language):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def record_export(call: Call, *, actor: User, file_format: str, filters: dict[str, Any]) -> None:
    record_event(AuditAction.CALL_EXPORTED, actor=actor, call=call,
                 after={"format": file_format, "filters": {k: v for k, v in filters.items() if v}})
