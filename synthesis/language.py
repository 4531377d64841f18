"""Language detection over the six UN languages, offline (lingua)."""
from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

_CODES = {
    Language.ARABIC: "ar",
    Language.CHINESE: "zh",
    Language.ENGLISH: "en",
    Language.FRENCH: "fr",
    Language.RUSSIAN: "ru",
    Language.SPANISH: "es",
}


@lru_cache(maxsize=1)
def _detector():
    # Restricting to the six languages makes short texts far more reliable.
    return LanguageDetectorBuilder.from_languages(*_CODES).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """The UN language ``text`` is written in, or "" when there is no text to tell."""
    sample = text.strip()[:5000]
    if len(sample) < 3:
        return ""
    language = _detector().detect_language_of(sample)
    return _CODES.get(language, "") if language else ""
