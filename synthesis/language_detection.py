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


# Scripts only one of the six languages is written in (issue 15): a text whose letters are all
# of one of them is that language, as lingua itself decides after its script rules, without the
# n-gram models (a third of processing's language detection). Latin letters (en, es, fr), or
# letters of two scripts, go to lingua. ``\w`` minus digits and "_" are the letters.
_SINGLE_SCRIPT = (
    ("ar", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    ("ru", "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"),
    ("zh", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"),
)
_SCRIPT_LETTER = [(code, re.compile(f"[{ranges}]"), re.compile(rf"[^\W\d_{ranges}]"))
                  for code, ranges in _SINGLE_SCRIPT]


def single_script_language(text: str) -> str:
    """The language of ``text`` when all its letters are in a script only that language uses, else ""."""
    for code, letter, other in _SCRIPT_LETTER:
        if letter.search(text):
            return "" if other.search(text) else code
    return ""


@lru_cache(maxsize=1)
def _detector():
    # Restricting to the six languages makes short texts far more reliable.
    return LanguageDetectorBuilder.from_languages(*_CODES).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """The UN language ``text`` is written in, or "" when there is no text to tell."""
    sample = text.strip()[:5000]
    if len(sample) < 3:
        return ""
    by_script = single_script_language(sample)
    if by_script:
        return by_script
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
