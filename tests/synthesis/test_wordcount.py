"""The word count rule of decision 0010 (Word's count, as UN document services use it)."""
from __future__ import annotations

import pytest

from synthesis.wordcount import count_words


def test_the_example_of_decision_0010_is_fifteen_words():
    assert count_words("人权高专办曾在 2020 年 12 月 21 日发出") == 15


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("   \n\t ", 0),
    ("Human rights, for all!", 4),
    ("State-of-the-art cooperation", 2),          # internal hyphens keep one word
    ("l’Assemblée générale d'aujourd'hui", 3),      # apostrophes inside a word
    ("1 234 5.5", 3),                               # digits are words; a decimal point joins
    ("— ; : … «»", 0),                              # punctuation never counts
    ("Доклад Генерального секретаря", 3),
    ("تقرير الأمين العام", 3),
    ("秘书长的报告", 6),                              # one word per Chinese character
    ("UNDP（开发署）", 4),                           # a Latin run plus three characters
    ("ひらがな", 4), ("한국어", 3),                    # other CJK scripts count per character
])
def test_words_per_script(text, words):
    assert count_words(text) == words
