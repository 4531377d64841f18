"""The six official languages of the United Nations and text-per-language maps.

Multilingual fields (a call's title, a theme's name…) are stored as JSON maps
``{"en": "…", "zh": "…"}`` keyed by these codes, because calls are usually
written in one or two languages only and a column per language would be mostly
empty.
"""
from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

UN_LANGUAGES: tuple[str, ...] = ("ar", "en", "es", "fr", "ru", "zh")

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese",
}

LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in UN_LANGUAGES]

# The languages' names in the reader's interface language, in the order the UN lists them.
LANGUAGE_LABELS: dict[str, Promise] = {
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}

# Django's locale names differ from the data codes for Chinese only.
_DJANGO_TO_DATA = {"zh-hans": "zh", "zh-cn": "zh", "zh": "zh"}


def data_language(django_language: str | None) -> str:
    """Map a Django UI language code (``zh-hans``) to a data code (``zh``)."""
    if not django_language:
        return "en"
    code = django_language.lower()
    if code in _DJANGO_TO_DATA:
        return _DJANGO_TO_DATA[code]
    code = code.split("-")[0]
    return code if code in UN_LANGUAGES else "en"


def ui_language() -> str:
    """The data code (``zh``) of the interface language of the current request."""
    return data_language(get_language())


def localized(texts: Mapping[str, str] | None, language: str, fallback: str = "en") -> str:
    """Pick the text in ``language``, else the fallback, else any language.

    Calls are often translated only partly, so a visitor always sees something.
    """
    if not texts:
        return ""
    for code in (language, fallback, *UN_LANGUAGES):
        value = texts.get(code)
        if value:
            return value
    return ""


def localized_text(texts: Mapping[str, str] | None, language: str, fallback: str = "en") -> dict[str, str] | None:
    """The text in ``language`` or a fallback, with the language it is in.

    Templates mark a fallback with ``lang`` so screen readers pronounce it right.
    """
    if not texts:
        return None
    for code in (language, fallback, *UN_LANGUAGES):
        if texts.get(code):
            return {"text": texts[code], "lang": code if code != language else ""}
    return None
