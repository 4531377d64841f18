"""The report's wording rules in the six languages: session ordinals, dates, lists, sorting."""
from __future__ import annotations

import datetime as dt

import pytest

from reports.wording import format_date, join_names, session_line, sort_key, zh_number


@pytest.mark.parametrize(("language", "session", "line"), [
    ("en", 76, "Seventy-sixth session"), ("en", 51, "Fifty-first session"), ("en", 12, "Twelfth session"),
    ("fr", 76, "Soixante-seizième session"), ("fr", 51, "Cinquante et unième session"),
    ("es", 76, "Septuagésimo sexto período de sesiones"), ("es", 51, "Quincuagésimo primer período de sesiones"),
    ("ru", 76, "Семьдесят шестая сессия"), ("ru", 51, "Пятьдесят первая сессия"),
    ("ar", 76, "الدورة السادسة والسبعون"), ("ar", 51, "الدورة الحادية والخمسون"),
    ("zh", 76, "第七十六届会议"), ("zh", 51, "第五十一届会议"), ("zh", 10, "第十届会议"),
])
def test_session_ordinals(language, session, line):
    assert session_line(session, language) == line


def test_chinese_numbers():
    assert [zh_number(n) for n in (3, 10, 14, 20, 76, 99)] == ["三", "十", "十四", "二十", "七十六", "九十九"]


@pytest.mark.parametrize(("language", "date", "text"), [
    ("en", dt.date(2020, 12, 21), "21 December 2020"),
    ("fr", dt.date(2020, 12, 1), "1er décembre 2020"), ("fr", dt.date(2020, 12, 21), "21 décembre 2020"),
    ("es", dt.date(2020, 12, 21), "21 de diciembre de 2020"),
    ("ru", dt.date(2020, 12, 21), "21 декабря 2020 года"),
    ("zh", dt.date(2020, 12, 21), "2020年12月21日"),
])
def test_dates_as_un_documents_write_them(language, date, text):
    assert format_date(date, language) == text


def test_lists_are_joined_as_each_language_joins_them():
    names = ["Iraq", "Mexico", "Sweden"]
    assert join_names(names, "en") == "Iraq, Mexico and Sweden"
    assert join_names(names, "fr") == "Iraq, Mexico et Sweden"
    assert join_names(["Chile", "Italia"], "es") == "Chile e Italia"   # "y" becomes "e" before an i- sound
    assert join_names(["伊拉克", "墨西哥", "瑞典"], "zh") == "伊拉克、墨西哥和瑞典"
    assert join_names(["العراق", "المكسيك"], "ar") == "العراق والمكسيك"
    assert join_names([], "en") == "" and join_names(["Iraq"], "ru") == "Iraq"


def test_sorting_ignores_articles_and_accents():
    assert sorted(["the Netherlands", "Ecuador", "Éthiopie"], key=lambda n: sort_key(n, "en")) == [
        "Ecuador", "Éthiopie", "the Netherlands"]
    assert sort_key("العراق", "ar") == "عراق"


def test_theme_lists_in_arabic_and_chinese_stay_unambiguous_when_a_title_has_its_own_and():
    from reports.wording import join_themes

    arabic = join_themes(["الحيز المدني ومشاركة المجتمع المدني", "المساواة بين الجنسين", "التنمية"], "ar")
    assert arabic == "الحيز المدني ومشاركة المجتمع المدني؛ المساواة بين الجنسين؛ والتنمية"
    plain = join_themes(["المساواة بين الجنسين", "التنمية", "الصحة"], "ar")
    assert plain == "المساواة بين الجنسين، التنمية والصحة"
    chinese = join_themes(["公民空间和民间社会参与", "性别平等", "发展"], "zh")
    assert chinese == "公民空间和民间社会参与；性别平等；以及发展"
    assert join_themes(["性别平等", "发展", "卫生"], "zh") == "性别平等、发展和卫生"
