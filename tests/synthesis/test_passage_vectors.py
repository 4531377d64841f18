"""Stored passage embeddings come back as they were, including for a submission with no passages."""
from __future__ import annotations

import numpy as np
import pytest

from synthesis.models import PassageVectors
from synthesis.passages import Passage
from synthesis.services.suggestions import passage_vectors
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db


def test_a_submission_with_no_passages_is_stored_and_read_back_as_zero_rows():
    submission = make_submission(make_call(), text="")
    first = passage_vectors(submission, [])
    assert first.shape == (0, 512)
    assert PassageVectors.objects.get(submission=submission).count == 0
    again = passage_vectors(submission, [])  # from the store: used to crash every later arrival of the call
    assert again.shape == (0, 512)


def test_stored_vectors_are_reused_while_the_passages_are_the_same():
    submission = make_submission(make_call(), text="Debt relief matters.")
    passages = [Passage(text="Debt relief matters for developing countries.", source="text",
                        attachment_id=None, page=None, start=0, end=20)]
    first = passage_vectors(submission, passages)
    stored = PassageVectors.objects.get(submission=submission)
    again = passage_vectors(submission, passages)
    assert again.shape == (1, 512) and np.allclose(first, again, atol=1e-2)
    assert PassageVectors.objects.get(submission=submission).pk == stored.pk
