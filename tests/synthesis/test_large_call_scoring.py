"""Issue 15: a letter arriving in a large call is scored with the call's reference, not the whole call.

``SCORING_REFERENCE`` is made small here (4) so that a call of a dozen real letters, processed
by the real pipeline (encoder, PostgreSQL), is "large"; the product's value is 100.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Submission, ThemeTag
from submissions.services.tags import decide_tag
from synthesis.models import PassageVectors
from synthesis.services import suggestions
from tests.factories import make_call, make_submission
from tests.synthesis.test_learning_live import DEBT, OTHER, THEMES, VACCINES

pytestmark = pytest.mark.django_db(transaction=True)

LETTERS = [*VACCINES, *DEBT, *OTHER]
CAMPAIGN = ("We, the undersigned residents, call on the Government to guarantee free vaccines for every child "
            "and to fund rural clinics and nurses from the national budget.")


@pytest.fixture
def small_reference(monkeypatch):
    monkeypatch.setattr(suggestions, "SCORING_REFERENCE", 4)
    monkeypatch.setattr(suggestions, "REFERENCE_DECIDED", 2)
    monkeypatch.setattr(suggestions, "REFRESH_CHUNK", 3)


def vectors_read(queries: list[dict]) -> list[int]:
    """The submissions whose stored vectors the captured statements read."""
    read: list[int] = []
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and 'FROM "synthesis_passagevectors"' in sql and '"vectors"' in sql:
            found = re.search(r'"synthesis_passagevectors"\."submission_id" IN \(([^)]*)\)', sql)
            assert found, sql
            read += [int(n) for n in found.group(1).split(",")]
    return read


def letter(call, n: int) -> Submission:
    return make_submission(call, name=f"Organisation {n}", text=f"{LETTERS[n % len(LETTERS)]} {OTHER[n % 6]}")


def test_an_arrival_in_a_large_call_reads_the_reference_only(eager_celery, small_reference):
    call = make_call(slug="large-call", themes=THEMES)
    early = [letter(call, n) for n in range(5)]  # the fifth makes the call larger than 4 + 1
    for n in range(5, 12):
        letter(call, n)
    with CaptureQueriesContext(connection) as captured:
        arrival = letter(call, 12)
    read = vectors_read(captured.captured_queries)
    # The arrival's own row and its reference: the call's first four letters, not the twelve before it.
    assert set(read) <= {arrival.pk, *(s.pk for s in early[:4])}, read
    assert {s.pk for s in early[:4]} <= set(read)
    arrival.refresh_from_db()
    assert arrival.status == "ready" and ThemeTag.objects.filter(submission=arrival).exists()
    # The reference is what a call of five would have been: the same suggestions as scoring it so.
    reference = suggestions.scoring_reference(call, exclude=[arrival.pk])
    assert [s.pk for s in reference] == [s.pk for s in early[:4]]


def test_the_reference_is_the_latest_decided_letters_then_the_first_ones_and_leaves_copies_out(
        eager_celery, small_reference):
    call = make_call(slug="reference-call", themes=THEMES)
    campaign = [make_submission(call, name=f"Resident {n}", text=CAMPAIGN) for n in range(3)]
    letters = [letter(call, n) for n in range(8)]
    copies = Submission.objects.filter(pk__in=[s.pk for s in campaign[1:]])
    assert all(c.duplicate_of_id == campaign[0].pk for c in copies)  # a campaign: linked, not dropped
    first = [s.pk for s in suggestions.scoring_reference(call)]
    assert first == [campaign[0].pk, *(s.pk for s in letters[:3])]  # copies are not reference letters
    staff = get_user_model().objects.create_user("rita")
    for submission in (letters[6], letters[7]):
        tag = ThemeTag.objects.filter(submission=submission).first()
        assert tag is not None
        decide_tag(tag, accepted=True, actor=staff)
    reference = [s.pk for s in suggestions.scoring_reference(call)]
    assert {letters[6].pk, letters[7].pk} <= set(reference) and len(reference) == 4
    assert set(reference) - {letters[6].pk, letters[7].pk} == {campaign[0].pk, letters[0].pk}
    # Later arrivals do not change it: the others' scores do not move when a letter arrives.
    letter(call, 9)
    assert [s.pk for s in suggestions.scoring_reference(call)] == reference


def test_refreshing_a_large_call_scores_every_letter_and_copies_take_their_originals_themes(
        eager_celery, small_reference):
    call = make_call(slug="refresh-large", themes=THEMES)
    letters = [letter(call, n) for n in range(9)]
    campaign = [make_submission(call, name=f"Resident {n}", text=CAMPAIGN) for n in range(3)]  # a large call's
    ThemeTag.objects.filter(submission__call=call).delete()  # as if nothing had been suggested yet
    embedded = PassageVectors.objects.count()
    with CaptureQueriesContext(connection) as captured:
        suggestions.refresh_call(call)
    # Scored in chunks: no statement read more than the reference and one chunk of vectors.
    for query in captured.captured_queries:
        assert len(vectors_read([query])) <= 4 + 3
    for submission in [campaign[0], *letters]:
        assert ThemeTag.objects.filter(submission=submission).exists(), submission.reference
    original = set(ThemeTag.objects.filter(submission=campaign[0]).values_list("theme__key", flat=True))
    assert "health" in original
    for copy in campaign[1:]:
        assert set(ThemeTag.objects.filter(submission=copy).values_list("theme__key", flat=True)) == original
        assert not PassageVectors.objects.filter(submission=copy).exists()  # never embedded
    assert PassageVectors.objects.count() == embedded  # the refresh embedded nothing
