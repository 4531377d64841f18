"""A theme with no name in the report's language is a marked gap for the editor, never another script (issue 10)."""
from __future__ import annotations

import pytest

from reports.drafting.structure import THEME_NAME_MISSING, theme_name, theme_name_missing
from reports.services.report import draft_report
from submissions.models import Theme
from tests.factories import make_call, make_submission

TEXT = ("Debt relief and development finance are essential so that developing countries can invest in health "
        "and social protection after the pandemic. Equitable access to vaccines and health care is an obligation "
        "of international cooperation.")
THEMES = [
    {"key": "finance", "name": {"en": "Development finance", "zh": "发展筹资", "ar": "Development finance"},
     "keywords": {"en": ["debt", "finance"]}},
    {"key": "health", "name": {"en": "Health", "ar": "الصحة"}, "keywords": {"en": ["vaccine", "health"]}},
]


def test_theme_name_in_the_report_language_or_the_gap():
    finance = Theme(key="finance", name=THEMES[0]["name"])
    assert theme_name(finance, "zh") == "发展筹资" and not theme_name_missing(finance, "zh")
    # An English name copied into the Arabic field is not an Arabic name.
    assert theme_name(finance, "ar") == "[يلزم تقديم اسم الموضوع بالعربية: finance]"
    assert theme_name_missing(finance, "ar") and theme_name_missing(finance, "fr")
    assert theme_name(finance, "fr") == "[nom du thème en français à fournir : finance]"
    assert set(THEME_NAME_MISSING) == {"ar", "en", "es", "fr", "ru", "zh"}


@pytest.mark.django_db(transaction=True)
def test_arabic_and_chinese_drafts_never_print_an_english_theme_name(eager_celery):
    call = make_call(themes=THEMES, report_languages=["en", "zh", "ar"])
    for index in range(3):
        make_submission(call, name=f"NGO {index}", category="ngo", consent_to_publish=True, text=TEXT)
    for language, present, absent in (
        ("ar", ["الصحة", "[يلزم تقديم اسم الموضوع بالعربية: finance]"], ["Development finance", "Health"]),
        ("zh", ["发展筹资", "[待提供主题中文名称：health]"], ["Development finance", "Health"]),
    ):
        report = draft_report(call, language)
        text = "\n".join(p.text for s in report.sections.all() for p in s.paragraphs.all())
        for value in present:
            assert value in text, (language, value, text)
        for value in absent:
            assert value not in text, (language, value, text)
