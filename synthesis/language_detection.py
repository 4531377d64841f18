"""Language detection over the six UN languages, offline (lingua)."""
from __future__ import annotations

import re
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


def language_shares(text: str) -> dict[str, float]:
    """Share of the words in each language, detecting paragraph by paragraph.

    A Spanish submission with an English annex comes out as {"es": 0.8, "en": 0.2}.
    """
    return language_shares_and_words(text)[0]


def language_shares_and_words(text: str) -> tuple[dict[str, float], int]:
    """``language_shares`` and the text's word count (``count_words``), the words counted once.

    The paragraphs are cut at white space, which no word spans, so their counts add up to the text's.
    """
    from synthesis.wordcount import count_words

    totals: dict[str, int] = {}
    counted = 0
    for paragraph in re.split(r"\n\s*\n|\n(?=\S)", text):
        words = count_words(paragraph)
        counted += words
        if words < 4:
            continue
        language = detect_language(paragraph)
        if language:
            totals[language] = totals.get(language, 0) + words
    all_words = sum(totals.values())
    if not all_words:
        return {}, counted
    shares = {lang: round(n / all_words, 3) for lang, n in sorted(totals.items(), key=lambda kv: -kv[1])}
    return {lang: share for lang, share in shares.items() if share >= 0.02}, counted


def main_language(text: str, shares: dict[str, float]) -> str:
    """The language most of the words are in; whole-text detection when unsure."""
    if shares:
        return next(iter(shares))
    return detect_language(text)
