"""Issue 15, fifth round: the faster steps outside the encoder give the answers of the code they replace.

The courtesy pre-filter (``furniture.courtesy``) against the pattern searched on its own, on
every evaluation and demo text and on adversarial case variants; and the proof that it can
never say no where the pattern says yes: every alternative of the pattern holds a marker as
literal characters, and every character the case-insensitive pattern takes for a marker's
letter is lowered onto that letter. ``thesaurus.fold`` against its previous code and
``reflow.display_width`` against its per-character sum, on every text and every Unicode
character; word counts up to a limit against the whole count; the abbreviation test from near
the end against the search from the start.
"""
from __future__ import annotations

import re
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parser  # type: ignore[import-not-found]
import unicodedata
from pathlib import Path

from synthesis import furniture, sentences
from synthesis.reflow import display_width, reflow
from synthesis.sentences import sentence_spans
from synthesis.thesaurus import fold
from synthesis.wordcount import count_words, count_words_upto

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted([*ROOT.glob("eval/calls/*/sources/texts/*.txt"), *ROOT.glob("demo/tools/texts/*.txt")])


def corpus_pieces() -> list[str]:
    """Every line, paragraph and sentence of the evaluation and demo texts: what processing tests."""
    pieces: list[str] = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        pieces += text.split("\n")
        flowed = reflow(text)
        for start, end in flowed.paragraphs:
            paragraph = flowed.text[start:end]
            pieces.append(paragraph)
            pieces += [paragraph[a:b] for a, b in sentence_spans(paragraph, "en")]
    return pieces


def _has_marker(items: list, markers: tuple[str, ...]) -> bool:
    """Whether a parsed sequence always holds a marker: in a run of its literals, or in every branch it must take."""
    run = ""
    for op, value in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run += chr(value)
            continue
        if any(marker in run for marker in markers):
            return True
        run = ""
        if op is sre_constants.BRANCH and all(_has_marker(branch.data, markers) for branch in value[1]):
            return True
        if op is sre_constants.SUBPATTERN and _has_marker(value[-1].data, markers):
            return True
    return False


def test_every_courtesy_formula_holds_one_of_its_markers():
    formulas = [formula for formula, _ in furniture._COURTESY_FORMULAS]
    parsed = sre_parser.parse(furniture._COURTESY.pattern, furniture._COURTESY.flags)
    ((op, (_, branches)),) = parsed.data  # one alternative of the whole pattern per formula
    assert op is sre_constants.BRANCH and len(branches) == len(formulas) > 30
    for formula, markers in furniture._COURTESY_FORMULAS:
        assert markers and all(marker == marker.lower() for marker in markers)
        assert _has_marker(sre_parser.parse(formula, furniture._COURTESY.flags).data, markers), formula
    for marker, pattern in furniture._COURTESY_BY_MARKER:
        assert pattern.pattern == "|".join(f for f, markers in furniture._COURTESY_FORMULAS if marker in markers)
        assert pattern.flags == furniture._COURTESY.flags


def test_whatever_the_pattern_takes_for_a_markers_letter_is_lowered_onto_it():
    everything = "".join(map(chr, range(0x110000)))
    # str.lower gives one character for every character but one (İ), which the fixes map first.
    assert [c for c in everything if len(c.translate(furniture._CASE_FIXES).lower()) != 1] == []
    assert set(furniture._CASE_FIXES) == {ord(c) for c in everything if furniture._ODD_CASE.match(c)}
    for letter in sorted(set("".join(furniture._COURTESY_MARKERS))):
        taken = re.findall(re.escape(letter), everything, furniture._COURTESY.flags)
        assert taken and all(c.translate(furniture._CASE_FIXES).lower() == letter for c in taken), letter


def test_courtesy_is_the_pattern_on_every_text_and_on_odd_cases():
    pieces = corpus_pieces()
    assert len(pieces) > 5000
    odd = ["YOURS SİNCERELY", "yours ſincerely", "Yours sıncerely", "С УВАЖЕНИЕМ", "с ᲃуважением",
           "Пользуетᲃя случаем", "ПОЛЬЗУЕТСЯ СЛУЧАЕМ", "Highest Consideration.", "HAUTE CONSIDÉRATION",
           "  Sincerely yours", "Regards,", "Best regards", "Kind  regards", "谨向贵方致意", "此致 敬礼",
           "مع خالص التحية", "Atentamente,", "CORDIALEMENT", "no formula at all", ""]
    found = 0
    for piece in pieces + odd:
        stripped = " ".join(piece.split())
        expected = furniture._COURTESY.search(stripped) is not None
        assert furniture.courtesy(stripped) == expected, piece
        found += expected
    assert found > 100


def fold_as_it_was(text: str) -> str:
    """``thesaurus.fold`` before: a Python test per character, then a regular expression for spaces."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("-", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


def test_fold_is_what_it_was_on_every_text_and_every_character():
    everything = "".join(map(chr, range(0x110000)))
    assert fold(everything) == fold_as_it_was(everything)
    for code in range(0, 0x110000, 0x400):  # every character, among others, in 1,088 slices
        piece = "Déjà vu, \u00a0\u2003 \U0001d165ok " + everything[code:code + 0x400] + " Ёлка  ﬁn "
        assert fold(piece) == fold_as_it_was(piece), hex(code)
    texts = [path.read_text(encoding="utf-8") for path in TEXTS]
    for text in [*texts, *corpus_pieces(), "", " ", "\u0301", "e\u0301\U0001d165x", "A\u200b B\x1c\x1dC"]:
        assert fold(text) == fold_as_it_was(text)
    # The two white spaces fold leans on are one set.
    assert [c for c in everything if (re.match(r"\s", c) is not None) != c.isspace()] == []


def test_display_width_is_the_sum_of_character_widths_on_every_character():
    everything = "".join(map(chr, range(0x110000)))
    pieces = [everything[code:code + 0x200] for code in range(0x80, 0x110000, 0x200)]
    pieces += ["Право на жильё", "الحق في السكن", "国际人权合作", "ＡＢＣ全角", "😀 𠀀", "a\u0301", ""]
    pieces += [line for path in TEXTS for line in path.read_text(encoding="utf-8").split("\n")]
    for piece in pieces:
        assert display_width(piece) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in piece)


def test_words_counted_up_to_a_limit_are_the_count_capped():
    for piece in [*corpus_pieces(), "", "  ", "一二三四五六", "well-known e.g. U.N. 1,000 l'eau"]:
        words = count_words(piece)
        for limit in (1, 5, 15, 16):
            assert count_words_upto(piece, limit) == min(words, limit), (piece, limit)


def test_an_abbreviation_at_the_end_is_found_from_near_the_end_as_from_the_start():
    words = re.search(r"\(\?:(No\|.*?)\)\\\.", sentences._ABBREVIATION_END.pattern).group(1).split("|")
    assert len(words) > 40 and "approx" in words
    pieces = corpus_pieces()
    for word in [w.replace("\\.", ".") for w in words] + ["A", "Ё", "X"]:
        for before in ["", " ", "x", "1", "(", "é", "Я", "the "]:
            for after in ["", " ", "  \n", "\n", "\u00a0", " \t "]:
                pieces.append(f"{before}{word}.{after}")
                pieces.append(f"Sentence {before}{word}.{after}")
                pieces.append(f"{before}{word}{after}")
    found = 0
    for piece in pieces:
        expected = sentences._ABBREVIATION_END.search(piece) is not None
        assert sentences._ends_with_abbreviation(piece) == expected, piece
        found += expected
    assert found > 500


def test_single_script_language_is_what_lingua_says():
    """A text whose letters are all Arabic, Cyrillic or Han gets the language lingua gives it (issue 15,
    sixth round); mixed or Latin-script text still goes to lingua. Every line, paragraph and sentence
    of the evaluation and demo texts, and each whole text, compared with lingua's own answer."""
    from synthesis import language_detection

    detector = language_detection._detector()

    def lingua_alone(text: str) -> str:
        sample = text.strip()[:5000]
        if len(sample) < 3:
            return ""
        found = detector.detect_language_of(sample)
        return language_detection._CODES.get(found, "") if found else ""

    pieces = corpus_pieces() + [path.read_text(encoding="utf-8") for path in TEXTS]
    decided = [p for p in pieces if language_detection.single_script_language(p.strip()[:5000])]
    by_language = {language_detection.single_script_language(p.strip()[:5000]) for p in decided}
    assert by_language == {"ar", "ru", "zh"} and len(decided) > 1000
    differ = [p[:60] for p in pieces if language_detection.detect_language(p) != lingua_alone(p)]
    assert differ == []
    # Two scripts, or Latin letters, are not decided by script.
    assert language_detection.single_script_language("Доклад A/HRC/47/86 и COVID") == ""
    assert language_detection.single_script_language("人权理事会第47/1号决议") == "zh"
    assert language_detection.single_script_language("مجلس حقوق الإنسان ٢٠٢١") == "ar"
    assert language_detection.single_script_language("Consejo de Derechos Humanos") == ""
