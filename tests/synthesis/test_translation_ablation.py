"""The ablation "themes with the call's own translations" (``manage.py evaluate --translated-themes``)."""
from __future__ import annotations

import numpy as np

from submissions.models import Theme
from synthesis.evaluation import paired_difference_interval, with_translations


def test_translations_fill_only_the_languages_the_call_left_empty():
    theme = Theme(key="sans-abrisme", name={"fr": "Sans-abrisme"}, description={"fr": "Personnes sans abri."},
                  keywords={"fr": ["sans-abri"], "en": ["homeless"]})
    other = Theme(key="untranslated", name={"en": "Other"}, description={}, keywords={})
    translations = {"themes": [{"key": "sans-abrisme",
                                "name": {"fr": "Autre nom", "en": "Homelessness", "zh": "无家可归"},
                                "description": {"en": "People who are homeless."},
                                "keywords": {"en": ["homelessness"], "ru": ["бездомность"], "ar": []}}]}
    copied, untouched = with_translations([theme, other], translations)
    assert copied.name == {"fr": "Sans-abrisme", "en": "Homelessness", "zh": "无家可归"}
    assert copied.description == {"fr": "Personnes sans abri.", "en": "People who are homeless."}
    assert copied.keywords == {"fr": ["sans-abri"], "en": ["homeless"], "ru": ["бездомность"]}
    assert (untouched.name, untouched.description, untouched.keywords) == ({"en": "Other"}, {}, {})
    # The call's own themes are copied, never changed (the shipped figures are computed from them).
    assert theme.name == {"fr": "Sans-abrisme"} and theme.keywords == {"fr": ["sans-abri"], "en": ["homeless"]}
    assert copied is not theme and copied.key == theme.key


def test_paired_difference_interval():
    rng = np.random.default_rng(1)
    gold = (rng.random((40, 5)) < 0.3).astype(float)
    noisy = np.where(rng.random(gold.shape) < 0.25, 1 - gold, gold)
    assert paired_difference_interval(noisy, noisy, gold) == (0.0, 0.0)
    low, high = paired_difference_interval(noisy, gold, gold)  # the second is always right
    assert 0 < low <= high
    low, high = paired_difference_interval(gold, noisy, gold)
    assert low <= high < 0
    assert paired_difference_interval(gold[:0], gold[:0], gold[:0]) == (0.0, 0.0)
