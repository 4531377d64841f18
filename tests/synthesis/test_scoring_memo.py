"""Re-scoring a call reuses each submission's keyword hits and similarities; the features are the same."""
from __future__ import annotations

import numpy as np
import pytest

from synthesis import tagging
from synthesis.embeddings import embed
from synthesis.tagging import SubmissionInput, build_call_model, call_features
from synthesis.thesaurus import fold

THEMES = [("health", {"en": "Health and vaccines"}, {"en": "access to vaccines and health care"},
           {"en": ["vaccine", "health"]}),
          ("finance", {"en": "Development finance"}, {"en": "debt relief and development finance"},
           {"en": ["debt", "finance"]})]
TEXTS = ["Equitable access to vaccines is a human rights obligation.",
         "Debt relief and development finance are essential for developing countries.",
         "Доступ к вакцинам должен быть справедливым."]


@pytest.fixture(scope="module")
def items():
    return [SubmissionInput(embed([text]), fold(text)) for text in TEXTS]


def test_features_are_the_same_when_remembered_and_when_computed(items):
    tagging._memo.clear()
    model = build_call_model(THEMES)
    first, first_sims = call_features(model, items)
    assert len(tagging._memo) == 2 * len(items)
    again, again_sims = call_features(model, items)
    assert len(tagging._memo) == 2 * len(items)  # nothing computed twice
    assert all(a is b for a, b in zip(first_sims, again_sims, strict=True))
    for name in first:
        assert np.array_equal(first[name], again[name]), name
    tagging._memo.clear()
    fresh, _ = call_features(build_call_model(THEMES), items)
    for name in first:
        assert np.allclose(first[name], fresh[name]), name
    assert first["kw"][0, 0] > 0 and first["kw"][1, 1] > 0  # vaccine → health, debt → finance
    with pytest.raises(ValueError):
        first_sims[0][0, 0] = 1.0  # remembered arrays are read-only


def test_other_themes_are_not_answered_from_the_memory_of_these(items):
    tagging._memo.clear()
    call_features(build_call_model(THEMES), items[:1])
    other = build_call_model([(key, name, description, {"en": ["obligation"]})
                              for key, name, description, _ in THEMES])
    features, _ = call_features(other, items[:1])
    assert features["kw"][0].sum() > 0  # "obligation" is found: computed for the new lexicon
