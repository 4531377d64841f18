"""The late flag at the Geneva-time boundary of a call's deadline."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from submissions.services.calls import deadline_from_value
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_a_date_deadline_means_end_of_that_day_in_geneva():
    deadline = deadline_from_value("2021-03-31")
    assert deadline.tzinfo == ZoneInfo("Europe/Zurich")
    # 31 March 2021 is summer time in Geneva (UTC+2).
    assert deadline.astimezone(UTC) == dt.datetime(2021, 3, 31, 21, 59, 59, 999999, tzinfo=UTC)


@pytest.mark.parametrize(
    ("deadline", "received_utc", "late"),
    [
        ("2021-03-31", dt.datetime(2021, 3, 31, 21, 59, 59, tzinfo=UTC), False),  # 23:59:59 Geneva
        ("2021-03-31", dt.datetime(2021, 3, 31, 22, 0, 0, tzinfo=UTC), True),  # 00:00 on 1 April Geneva
        ("2021-01-15", dt.datetime(2021, 1, 15, 22, 59, 59, tzinfo=UTC), False),  # winter: UTC+1
        ("2021-01-15", dt.datetime(2021, 1, 15, 23, 0, 0, tzinfo=UTC), True),
        ("2021-03-31T12:00:00", dt.datetime(2021, 3, 31, 10, 0, 0, tzinfo=UTC), False),  # naive = Geneva noon
        ("2021-03-31T12:00:00", dt.datetime(2021, 3, 31, 10, 0, 1, tzinfo=UTC), True),
        ("2021-03-31T12:00:00+00:00", dt.datetime(2021, 3, 31, 12, 0, 1, tzinfo=UTC), True),
    ],
)
def test_late_flag_at_the_boundary(deadline, received_utc, late):
    call = make_call(deadline=deadline)
    submission = make_submission(call, received_at=received_utc)
    assert submission.late is late
    assert call.submissions.late().filter(pk=submission.pk).exists() is late
    assert call.submissions.with_late().get(pk=submission.pk).is_late_db is late


def test_moving_the_deadline_reclassifies_submissions():
    call = make_call(deadline="2021-03-31")
    submission = make_submission(call, received_at=dt.datetime(2021, 4, 2, tzinfo=UTC))
    assert submission.late
    call.deadline = deadline_from_value("2021-04-30")
    call.save()
    submission.refresh_from_db()
    assert not submission.late
