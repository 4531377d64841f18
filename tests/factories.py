"""Small builders for domain objects, going through the real services."""
from __future__ import annotations

import datetime as dt

from submissions.models import Call, Submission
from submissions.services.calls import upsert_call
from submissions.services.intake import IncomingFile, IncomingSubmission, receive_submission
from tests.conftest import CALL_SPEC


def make_call(**overrides) -> Call:
    call, _ = upsert_call({**CALL_SPEC, **overrides})
    return call


def make_submission(call: Call, *, received_at: dt.datetime | None = None, text: str = "Text on debt.",
                    files: list[IncomingFile] | None = None, **fields) -> Submission:
    incoming = IncomingSubmission(
        contributor_name=fields.pop("name", "An NGO"), category=fields.pop("category", "ngo"),
        received_at=received_at, text=text, files=files or [], **fields,
    )
    return receive_submission(call, incoming)
