"""The ablation "themes with the call's own translations" (``manage.py evaluate --translated-themes``)."""
from __future__ import annotations

import numpy as np

from submissions.models import Theme
from synthesis.evaluation import average_precision, paired_difference_interval, with_translations


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


def test_only_the_parts_asked_for_take_translations():
    theme = Theme(key="t", name={"en": "Heat"}, description={"en": "Heatwaves."}, keywords={"en": ["heatwave"]})
    translations = {"themes": [{"key": "t", "name": {"fr": "Chaleur"}, "description": {"fr": "Canicules."},
                                "keywords": {"fr": ["canicule"]}}]}
    (names_only,) = with_translations([theme], translations, ("name", "description"))
    assert names_only.name == {"en": "Heat", "fr": "Chaleur"} and names_only.keywords == {"en": ["heatwave"]}
    (keywords_only,) = with_translations([theme], translations, ("keywords",))
    assert keywords_only.name == {"en": "Heat"} and keywords_only.keywords == {"en": ["heatwave"], "fr": ["canicule"]}


def test_average_precision():
    gold = np.array([[1, 0], [0, 1], [0, 0]], float)
    assert average_precision(np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.0]]), gold) == 1.0
    # Ranked: gold, wrong, gold -> (1/1 + 2/3) / 2
    assert abs(average_precision(np.array([[0.9, 0.1], [0.2, 0.5], [0.6, 0.0]]), gold) - (1 + 2 / 3) / 2) < 1e-12
    assert average_precision(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0
