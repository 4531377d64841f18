"""The shortcuts of issue 15 (b) give the answers of the code they replace.

Keyword hits from an index of the text's words (against the phrase-by-phrase regular
expression they replace), display widths, call prototypes computed once for the
submissions that share them, the similarity memo keyed by a stored row's version, the
word count taken from language detection's own count, and a withdrawal noticed by the
read that follows extraction.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import yaml
from django.db.models.signals import post_save

from submissions.models import Attachment, Submission, SubmissionStatus
from submissions.services.intake import IncomingFile
from synthesis import tagging
from synthesis.language_detection import language_shares, language_shares_and_words
from synthesis.reflow import display_width, reflow
from synthesis.tagging import SubmissionInput, build_call_model, call_features, call_prototype_similarity
from synthesis.thesaurus import fold
from synthesis.wordcount import count_words
from tests.factories import make_call, make_submission

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(ROOT.glob("eval/calls/*/sources/texts/*.txt"))


def regex_contains(folded_text: str, phrase: str) -> bool:
    """``tagging._contains`` as it was: one regular expression per phrase."""
    if not phrase or phrase not in folded_text:
        return False
    if re.search(r"[\u3400-\u9fff]", phrase):
        return True
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded_text) is not None


def stem_contains(folded_text: str, phrase: str) -> bool:
    """Stem for stem, the slow way: the phrase's stems as a run of the text's words' stems."""
    words = re.findall(r"\w+", phrase)
    if not words or re.search(r"[\u3400-\u9fff]", phrase):
        return False
    for algorithm in tagging._STEMMERS.get(tagging._script(phrase), ()):
        stems = tagging._stem_words(algorithm, words)
        if sum(map(len, stems)) < tagging.MIN_STEMMED_CHARS:
            continue
        text_stems = _text_stems(folded_text, algorithm, tagging._script(phrase))
        if not set(stems) <= _stem_set(folded_text, algorithm, tagging._script(phrase)):
            continue
        if any(text_stems[i:i + len(stems)] == stems for i in range(len(text_stems))):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _text_stems(folded_text: str, algorithm: str, script: str) -> list[str]:
    """Every word of the text stemmed one by one (words of another script as they are)."""
    return [tagging._stem_words(algorithm, [w])[0] if tagging._script(w) == script else w
            for w in re.findall(r"\w+", folded_text)]


@functools.lru_cache(maxsize=4096)
def _stem_set(folded_text: str, algorithm: str, script: str) -> frozenset[str]:
    return frozenset(_text_stems(folded_text, algorithm, script))


def found(folded_text: str, phrase: str) -> bool:
    return regex_contains(folded_text, phrase) or stem_contains(folded_text, phrase)


def test_keyword_index_finds_what_the_regular_expression_finds_on_tricky_phrases():
    phrases = {"debt", "debt relief", "relief", "droit a l'eau", "l'eau", "covid 19", "convention 108+",
               "mandats (sdn)", "(sdn)", "a", "de", "x_y", "疫苗", "疫苗公平", "公平", "ода", "право на воду",
               "حق", "الحق في السكن", "+", "eau", ""}
    texts = ["debt reliefs and debt relief", "the droit a l'eau, l'eau potable", "covid 19x covid 19.",
             "convention 108+ applies", "convention 108+x", "mandats (sdn) et (sdn)", "a de x_y", "x_yz",
             "疫苗公平与公平", "свобода право на воду", "الحق في السكن حق", "+", "nothing here", "",
             "eau-de-vie", "debt\u00a0relief", "debt  relief"]
    profile = tagging.ThemeProfile("t", [], set(phrases))
    for text in texts:
        folded = fold(text)
        expected = sorted(p for p in phrases if found(folded, p))
        assert tagging.keyword_hits(profile, folded) == expected, text
        assert all(tagging._contains(folded, p) == regex_contains(folded, p) for p in phrases), text


@pytest.mark.parametrize("call_file", ["demo/call.yaml", "eval/calls/housing-evictions-2026/call.yaml"])
def test_keyword_index_finds_what_the_regular_expression_finds_on_a_call(call_file):
    spec = yaml.safe_load((ROOT / call_file).read_text(encoding="utf-8"))
    model = build_call_model([(t["key"], t.get("name") or {}, t.get("description") or {}, t.get("keywords") or {})
                              for t in spec["themes"]])
    texts = [fold(path.read_text(encoding="utf-8")) for path in TEXTS]
    texts += [fold(line) for path in TEXTS[:20] for line in path.read_text(encoding="utf-8").split("\n")]
    assert len(texts) > 200
    stems_only = 0
    for text in texts:
        expected = [sorted(p for p in profile.lexicon if found(text, p)) for profile in model.profiles]
        assert [tagging.keyword_hits(profile, text) for profile in model.profiles] == expected
        stems_only += sum(not regex_contains(text, p) for hits in expected for p in hits)
        row = tagging._keyword_row(model, text)
        assert row.tolist() == [math.log1p(sum(1.0 / model.phrase_themes[h] for h in hits))
                                for hits in expected]
    assert stems_only > 0  # the texts hold inflected forms of the call's phrases


def test_inflected_forms_are_found_stem_for_stem_in_five_languages():
    """UNBIS labels are dictionary forms; letters decline, conjugate and attach clitics."""
    cases = [("перемещенные лица", "помощь перемещенным лицам и их семьям"),
             ("право на жилье", "нарушения права на жилье"),
             ("النازحون", "حماية النازحين داخليا"),
             ("المناخ", "التكيف والمناخ"),  # "and the climate": the conjunction on the article
             ("personne agee", "les personnes agees vivant seules"),
             ("desalojo forzoso", "los desalojos forzosos"),
             ("forced eviction", "forced evictions of families")]
    for phrase, text in cases:
        profile = tagging.ThemeProfile("t", [], {fold(phrase)})
        assert tagging.keyword_hits(profile, fold(text)) == [fold(phrase)], (phrase, text)
    # Stems in another order, or apart, are not the phrase; nor is a stem of two letters.
    for phrase, text in [("перемещенные лица", "лица, которые были перемещены"),
                         ("forced eviction", "eviction was not forced"), ("as", "a")]:
        profile = tagging.ThemeProfile("t", [], {fold(phrase)})
        assert tagging.keyword_hits(profile, fold(text)) == [], (phrase, text)


def test_display_width_counts_wide_and_full_width_characters_twice():
    for text in ["plain ASCII", "Déjà vu", "Право", "الحق", "疫苗公平", "ＡＢＣ全角", "😀 𠀀", "a\u0301", "\u0378", ""]:
        assert display_width(text) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text), text


def test_reflow_keeps_collapsing_odd_spaces_and_mapping_each_character_back():
    text = "First  line\twith\u00a0odd spaces and more words\nsecond line of the same width here ok\n" \
           "third line that ends the paragraph.\n\nNext paragraph."
    flowed = reflow(text)
    assert flowed.text.startswith("First line with odd spaces")
    assert "  " not in flowed.text and "\t" not in flowed.text and "\u00a0" not in flowed.text
    for index, char in enumerate(flowed.text):
        source = text[flowed.origin[index]]
        assert source == char or (char in " \n" and source.isspace()) or char == "\n", (index, char, source)


def per_submission_prototypes(items, sims, themes):
    """``call_prototype_similarity`` as it was: a centroid per submission and theme."""
    scores = np.zeros((len(items), themes))
    owned = [i for i, item in enumerate(items) if len(item.vectors)]
    vectors = np.vstack([items[i].vectors for i in owned]).astype(np.float32)
    owner = np.concatenate([[i] * len(items[i].vectors) for i in owned])
    x = np.vstack([sims[i] for i in owned])
    ordered = np.sort(x, axis=1)
    margin = ordered[:, -1] - (ordered[:, -2] if themes > 1 else 0)
    winner = x.argmax(axis=1)
    for theme in range(themes):
        chosen = np.where(winner == theme)[0]
        chosen = chosen[np.argsort(-(x[chosen, theme] + margin[chosen]))][:tagging.PROTOTYPE_SENTENCES]
        for index in owned:
            others = chosen[owner[chosen] != index]
            if not len(others):
                continue
            centroid = vectors[others].mean(axis=0)
            centroid /= np.linalg.norm(centroid) + 1e-9
            scores[index, theme] = tagging._top_mean((items[index].vectors @ centroid)[:, None])[0]
    return scores


def test_call_prototypes_are_the_same_when_shared_centroids_are_computed_once():
    rng = np.random.default_rng(15)
    themes = 5
    items, sims = [], []
    for size in [30, 0, 3, 80, 1, 12, 45, 7, 0, 60, 2, 25]:
        vectors = rng.normal(size=(size, 512)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        items.append(SubmissionInput(vectors, ""))
        sims.append(rng.uniform(0, 0.6, size=(size, themes)).astype(np.float32))
    expected = per_submission_prototypes(items, sims, themes)
    found = call_prototype_similarity(items, sims, themes)
    # Since the sixth round the shared centroids meet every sentence in one matrix product, which
    # rounds differently from one product per submission: the same values to float32 precision
    # (make eval gives the same figures), and exactly the same zeros.
    assert np.allclose(found, expected, rtol=0, atol=1e-6) and np.array_equal(found == 0, expected == 0)


def test_a_stored_rows_version_names_its_similarities_in_the_memo():
    tagging._memo.clear()
    model = build_call_model([("health", {"en": "Health"}, {"en": "access to vaccines"}, {"en": ["vaccine"]}),
                              ("finance", {"en": "Finance"}, {"en": "debt relief"}, {"en": ["debt"]})])
    vectors = tagging.embed(["Vaccines reached rural clinics late.", "Debt relief is essential."])
    hashed, _ = call_features(model, [SubmissionInput(vectors, "debt")])
    size = len(tagging._memo)
    named, sims = call_features(model, [SubmissionInput(vectors, "debt", "7:abc:2026")])
    assert len(tagging._memo) == size + 1  # the named similarities are computed once more, under the name
    again, sims_again = call_features(model, [SubmissionInput(vectors, "debt", "7:abc:2026")])
    assert len(tagging._memo) == size + 1 and sims_again[0] is sims[0]
    for name in hashed:
        assert np.array_equal(hashed[name], named[name]) and np.array_equal(named[name], again[name]), name
    tagging._memo.clear()


def test_the_word_count_comes_with_the_language_shares():
    for path in TEXTS[:40]:
        text = path.read_text(encoding="utf-8")
        shares, words = language_shares_and_words(text)
        assert shares == language_shares(text) and words == count_words(text), path.name
    assert language_shares_and_words("") == ({}, 0)
    assert language_shares_and_words("a\n\n b\nc d")[1] == count_words("a\n\n b\nc d")


@pytest.mark.django_db
def test_withdrawn_while_its_files_are_read_stops_cleanly():
    from synthesis.services.processing import process_submission

    call = make_call()
    submission = make_submission(call, text="", files=[IncomingFile("note.txt", b"Debt relief matters to us all.")])

    def withdraw(sender, instance, **kwargs):  # the sender withdraws while the file is read
        Submission.objects.filter(pk=instance.submission_id).update(status=SubmissionStatus.WITHDRAWN)

    post_save.connect(withdraw, sender=Attachment)
    try:
        result = process_submission(submission.pk)
    finally:
        post_save.disconnect(withdraw, sender=Attachment)
    assert result.status == SubmissionStatus.WITHDRAWN
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert submission.detected_language == "" and submission.word_count is None  # nothing after the withdrawal
