"""Read-only queries of processing results."""
from __future__ import annotations

from submissions.models import Submission


def submission_full_text(submission: Submission) -> str:
    """Title, typed text and every usable file's text, in that order."""
    parts = [submission.title, submission.text]
    parts += [a.extracted_text for a in submission.attachments.all() if a.usable]
    return "\n\n".join(part for part in parts if part and part.strip())
