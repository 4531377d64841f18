"""Duplicates and campaigns kept apart (decision 0017): real processing, real fingerprints."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from submissions.models import SubmissionStatus
from submissions.selectors import campaign_groups
from submissions.services.export import export_call
from submissions.services.intake import IncomingFile
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

JOINT_STATEMENT = (
    "Joint statement on development finance. Debt service now absorbs a third of public revenue in many "
    "low-income countries, crowding out spending on health, education and social protection. We call for "
    "a standing sovereign debt mechanism under United Nations auspices, for debt swaps tied to human rights "
    "outcomes and for transparent reporting of every loan contracted by a public authority. "
) * 4

CAMPAIGN = (
    "I am writing as a concerned citizen about vaccine equity. Patents and export restrictions kept vaccines "
    "away from the poorest countries for far too long, and health workers there waited a year longer than "
    "anyone else. I ask the Office to recommend a waiver of intellectual property rules in emergencies, "
    "the sharing of technology with regional manufacturers and fair allocation of every dose."
)


def at(hour: int) -> dt.datetime:
    return dt.datetime(2022, 3, 1, hour, tzinfo=dt.UTC)


def test_two_senders_sharing_an_attachment_are_not_duplicates(eager_celery):
    call = make_call()
    pdf = IncomingFile(name="joint-statement.txt", data=JOINT_STATEMENT.encode())
    first = make_submission(call, name="Eurodad", received_at=at(9), files=[pdf],
                            text="Eurodad endorses the attached joint statement on behalf of its 60 members.")
    second = make_submission(call, name="Afrodad", received_at=at(10),
                             files=[IncomingFile(name="joint-statement.txt", data=JOINT_STATEMENT.encode())],
                             text="Please find our joint submission attached; Afrodad adds a note on Zambia.")
    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.duplicate_of is None
        assert submission.status == SubmissionStatus.READY
    assert campaign_groups(call) == []


def test_same_sender_resending_the_same_file_is_a_duplicate(eager_celery):
    call = make_call()
    file = JOINT_STATEMENT.encode()
    original = make_submission(call, name="Eurodad", received_at=at(9), text="Our input.",
                               files=[IncomingFile(name="input.txt", data=file)])
    resent = make_submission(call, name="Eurodad", received_at=at(20), text="Resending, the first had a typo.",
                             files=[IncomingFile(name="input.txt", data=file)])
    resent.refresh_from_db()
    assert resent.duplicate_of == original and resent.status == SubmissionStatus.DUPLICATE
    assert campaign_groups(call) == []


def test_a_five_letter_campaign_is_one_group_of_five_credited_senders(eager_celery):
    call = make_call()
    senders = ["Ana Pérez", "Bruno Costa", "Collectif Santé Juste", "Dmitri Orlov", "Eve Martin"]
    letters = [
        make_submission(call, name=name, category="individual", received_at=at(9 + i),
                        text=f"Dear High Commissioner,\n\n{CAMPAIGN}\n\nYours sincerely,\n{name}")
        for i, name in enumerate(senders)
    ]
    for letter in letters:
        letter.refresh_from_db()
    first, copies = letters[0], letters[1:]
    assert first.duplicate_of is None
    for copy in copies:
        # duplicate_of points to the first letter (export contract); the letter still counts.
        assert copy.duplicate_of == first
        assert copy.status == SubmissionStatus.READY
    [group] = campaign_groups(call)
    assert group.size == 5 and group.first_reference == first.reference
    assert group.senders == senders
    exported = {r["reference"]: r for r in json.loads(json.dumps(export_call(call)))["submissions"]}
    assert {r["campaign"]["size"] for r in exported.values()} == {5}
    assert exported[copies[2].reference]["duplicate_of"] == first.reference
    assert exported[copies[2].reference]["campaign"]["first"] == first.reference
