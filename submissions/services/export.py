"""Exporting a call's submissions as JSON or CSV (call-package contract §2)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from submissions.models import Call, Submission
from submissions.selectors import campaign_of, submissions_for_export


def submission_record(submission: Submission) -> dict[str, Any]:
    contributor = submission.contributor
    country = contributor.country.iso3 if contributor.country is not None else None
    report_languages = submission.call.report_languages or ["en"]
    return {
        "reference": submission.reference,
        "source": submission.source,
        "contributor": {
            "name": contributor.name,
            "category": contributor.category,
            "country": country,
            "display_name": contributor.display_name("en"),
            "display_names": {lang: contributor.display_name(lang) for lang in report_languages},
        },
        "status": submission.status,
        "language": submission.language or None,
        "declared_language": submission.declared_language or None,
        "detected_language": submission.detected_language or None,
        "received_at": submission.received_at.isoformat(),
        "late": submission.late,
        "consent_to_publish": submission.consent_to_publish,
        "title": submission.title,
        "word_count": submission.word_count,
        "duplicate_of": submission.duplicate_of.reference if submission.duplicate_of is not None else None,
        "themes": [
            {"key": tag.theme.key, "score": round(tag.score, 4) if tag.score is not None else None,
             "origin": tag.origin, "accepted": tag.accepted}
            for tag in submission.tags.all()
        ],
        "errors": list(submission.errors),
    }


def export_call(call: Call) -> dict[str, Any]:
    campaigns = campaign_of(call)
    records = []
    for submission in submissions_for_export(call):
        record = submission_record(submission)
        # The mass-mailing campaign this letter belongs to (decision 0017), or None.
        group = campaigns.get(submission.pk)
        record["campaign"] = {"size": group.size, "first": group.first_reference} if group else None
        records.append(record)
    return {"call": call.slug, "submissions": records}


def export_json(call: Call) -> str:
    return json.dumps(export_call(call), ensure_ascii=False, indent=2)


CSV_COLUMNS = [
    "reference", "source", "contributor_name", "category", "country", "display_name", "status",
    "language", "received_at", "late", "consent_to_publish", "word_count", "duplicate_of", "themes", "errors",
]


def safe_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix = + - @ with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(call: Call) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in export_call(call)["submissions"]:
        contributor = record["contributor"]
        themes = ";".join(
            f"{t['key']}:{t['score'] if t['score'] is not None else ''}:{t['origin']}:"
            f"{'' if t['accepted'] is None else str(t['accepted']).lower()}"
            for t in record["themes"]
        )
        row = [
            record["reference"], record["source"], contributor["name"], contributor["category"],
            contributor["country"], contributor["display_name"], record["status"], record["language"],
            record["received_at"], str(record["late"]).lower(), str(record["consent_to_publish"]).lower(),
            record["word_count"], record["duplicate_of"], themes, " | ".join(record["errors"]),
        ]
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
