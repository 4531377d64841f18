"""Triage fixtures: a call with three themes, staff in each role, submissions made
through the real intake and workflow services (theme suggestions are written as
the pipeline writes them, with evidence spans into the text)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from submissions.models import Call, CallRole, Submission, SubmissionStatus, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.status import change_status
from submissions.services.team import set_membership
from tests.factories import make_call, make_submission

PASSWORD = "a-Strong-pass-2021"
THEMES = [
    {"key": "finance", "name": {"en": "Development finance", "fr": "Financement du développement",
                                "zh": "发展融资"}, "keywords": {"en": ["debt", "finance"]}},
    {"key": "health", "name": {"en": "Health and vaccines", "zh": "卫生和疫苗"}, "keywords": {"en": ["vaccine"]}},
    {"key": "cooperation", "name": {"en": "Technical cooperation"}, "keywords": {"en": ["technical assistance"]}},
]
ENGLISH = ("Our organization asks for fair debt arrangements for developing countries. "
           "Equitable access to vaccines is a human rights obligation. "
           "States should strengthen technical assistance to national institutions.")
CHINESE = "国际人权合作需要可持续的发展融资。我们呼吁公平获得疫苗，并加强技术援助和能力建设。"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """django-axes and rate limits count in the cache and the database; start clean."""
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, **fields) -> object:
    return get_user_model().objects.create_user(username, password=PASSWORD, **fields)


def staff_on(call: Call, username: str, role: str = CallRole.TRIAGER):
    user = make_user(username, is_staff=True)
    set_membership(call, user, role, actor_label="test")
    return user


def to_ready(submission: Submission) -> Submission:
    """As processing leaves it: received → processing → ready (through the workflow service)."""
    change_status(submission, SubmissionStatus.PROCESSING, actor_label="system")
    change_status(submission, SubmissionStatus.READY, actor_label="system")
    submission.refresh_from_db()
    return submission


def suggest(submission: Submission, key: str, passage: str, score: float = 0.8) -> ThemeTag:
    """A machine suggestion with its evidence span in the typed text, as the pipeline stores it."""
    theme = submission.call.themes.get(key=key)
    start = submission.text.index(passage)
    return ThemeTag.objects.create(
        submission=submission, theme=theme, score=score, origin=TagOrigin.AUTO,
        evidence=[{"text": passage, "source": "text", "attachment": None, "page": None,
                   "start": start, "end": start + len(passage), "score": score}],
    )


@pytest.fixture
def call(db) -> Call:
    return make_call(slug="triage-call", themes=THEMES,
                     deadline=(dt.datetime(2022, 3, 31)).date().isoformat())


@pytest.fixture
def other_call(db) -> Call:
    return make_call(slug="other-call", reference_prefix="OTH22", themes=THEMES[:1])


@pytest.fixture
def triager(call):
    return staff_on(call, "tina", CallRole.TRIAGER)


@pytest.fixture
def editor(call):
    return staff_on(call, "eddie", CallRole.EDITOR)


@pytest.fixture
def manager(call):
    return staff_on(call, "mona", CallRole.MANAGER)


@pytest.fixture
def submitter(db):
    return make_user("sam")


def received(call: Call, when: dt.datetime | None = None) -> dt.datetime:
    return when or dt.datetime(2022, 3, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def english(call) -> Submission:
    submission = to_ready(make_submission(call, text=ENGLISH, name="Health Action", language="en",
                                          received_at=received(call), consent_to_publish=True))
    suggest(submission, "finance", "fair debt arrangements for developing countries")
    suggest(submission, "health", "Equitable access to vaccines is a human rights obligation.")
    return submission


@pytest.fixture
def chinese(call) -> Submission:
    return to_ready(make_submission(call, text=CHINESE, name="中国人权研究会", language="zh",
                                    received_at=dt.datetime(2022, 4, 2, 9, tzinfo=dt.UTC)))
