"""The States reference table: 193 Member States + 2 observers, six names each."""
from __future__ import annotations

import csv
import datetime as dt
import unicodedata

import pytest

from submissions.models import Contributor, Country
from submissions.multilingual import UN_LANGUAGES
from tests.conftest import UNBIS_TERMS

pytestmark = pytest.mark.django_db


def test_193_member_states_and_2_observers_with_unique_codes():
    assert Country.objects.filter(status="member-state").count() == 193
    observers = set(Country.objects.filter(status="observer-state").values_list("iso3", flat=True))
    assert observers == {"VAT", "PSE"}
    assert len(set(Country.objects.values_list("m49", flat=True))) == 195


def test_every_state_has_exactly_one_current_name_in_six_languages():
    today = dt.date.today()
    for country in Country.objects.prefetch_related("names"):
        current = [n for n in country.names.all() if n.covers(today)]
        assert len(current) == 1, country.iso3
        for language in UN_LANGUAGES:
            assert current[0].short.get(language, "").strip(), (country.iso3, language)


@pytest.mark.parametrize(
    ("iso3", "on", "language", "expected"),
    [
        ("TUR", dt.date(2021, 8, 1), "en", "Turkey"),
        ("TUR", dt.date(2022, 5, 31), "en", "Turkey"),
        ("TUR", dt.date(2022, 6, 1), "en", "Türkiye"),
        ("TUR", dt.date(2021, 8, 1), "zh", "土耳其"),
        ("MKD", dt.date(2018, 1, 1), "en", "The former Yugoslav Republic of Macedonia"),
        ("MKD", dt.date(2020, 1, 1), "en", "North Macedonia"),
        ("SWZ", dt.date(2020, 1, 1), "en", "Eswatini"),
        ("SYR", dt.date(2021, 8, 1), "zh", "阿拉伯叙利亚共和国"),
        ("SYR", dt.date(2021, 8, 1), "ru", "Сирийская Арабская Республика"),
        ("CIV", dt.date(2021, 8, 1), "fr", "Côte d'Ivoire"),
        ("RUS", dt.date(2021, 8, 1), "es", "Federación de Rusia"),
        ("SAU", dt.date(2021, 8, 1), "ar", "المملكة العربية السعودية"),
    ],
)
def test_effective_dated_official_names(iso3, on, language, expected):
    assert Country.objects.get(iso3=iso3).short_name(language, on) == expected


def test_running_text_carries_the_article():
    assert Country.objects.get(iso3="RUS").running_name("en") == "the Russian Federation"
    assert Country.objects.get(iso3="SYR").running_name("fr") == "la République arabe syrienne"
    assert Country.objects.get(iso3="SWE").running_name("en") == "Sweden"


def test_member_state_contributor_displays_the_un_name():
    sweden = Country.objects.get(iso3="SWE")
    contributor = Contributor.objects.create(
        name="Permanent Mission of Sweden to the UN in Geneva", category="member-state", country=sweden
    )
    assert contributor.display_name("en") == "Sweden"
    assert contributor.display_name("zh") == "瑞典"
    ngo = Contributor.objects.create(name="Finn Church Aid", category="ngo")
    assert ngo.display_name("zh") == "Finn Church Aid"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def test_names_agree_with_the_un_thesaurus():
    """Cross-check against UNBIS (a UN source shipped in synthesis/reference): most names match."""
    with open(UNBIS_TERMS, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    terms = {lang: {_fold(row[lang]) for row in rows if row.get(lang)} for lang in UN_LANGUAGES}
    checked = matched = 0
    for country in Country.objects.prefetch_related("names"):
        for language in UN_LANGUAGES:
            checked += 1
            names = {_fold(n.short[language]) for n in country.names.all()}
            matched += bool(names & terms[language])
    assert checked == 195 * 6
    # UNBIS keeps some older or long forms; see submissions/reference/README.md.
    assert matched / checked > 0.93, matched
