"""Language codes and per-language text maps (submissions/multilingual.py)."""
from __future__ import annotations

from submissions.multilingual import UN_LANGUAGES, data_language, localized, localized_text


def test_the_six_languages():
    assert UN_LANGUAGES == ("ar", "en", "es", "fr", "ru", "zh")


def test_django_codes_map_to_data_codes():
    assert [data_language(c) for c in ("zh-hans", "zh-cn", "fr-ch", "ar", "de", "", None)] == [
        "zh", "zh", "fr", "ar", "en", "en", "en"]


def test_a_visitor_always_sees_some_text_and_knows_its_language():
    texts = {"fr": "Appel", "en": "Call"}
    assert localized(texts, "fr") == "Appel"
    assert localized(texts, "zh") == "Call"                       # the fallback
    assert localized({"ru": "Призыв"}, "zh") == "Призыв"           # any language rather than nothing
    assert localized_text(texts, "fr") == {"text": "Appel", "lang": ""}
    assert localized_text(texts, "ar") == {"text": "Call", "lang": "en"}   # marked for screen readers
    assert localized_text({}, "en") is None
