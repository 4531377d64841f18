"""Learning from staff decisions (``synthesis.learning``) and the offline learning curve that measures it.

Pure numpy on small synthetic calls: sentence vectors are unit vectors around a
few topic directions, as the encoder's are around what a sentence is about.
"""
from __future__ import annotations

import numpy as np

from synthesis import learning
from synthesis.evaluation import CallData, fit_linear, learning_curve, simulated_decisions
from synthesis.learning import LearningSignals, adapt, neighbour_signal, pooled_theme_vectors
from synthesis.tagging import SubmissionInput

DIM = 32


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def _call(topics_per_submission: list[list[int]], themes: int = 3, seed: int = 0):
    """Items and sentence × theme similarities: each sentence is near one topic; theme t's query is topic t."""
    rng = np.random.default_rng(seed)
    topics = _unit(rng.normal(size=(themes + 2, DIM)))  # the last two: topics no theme names
    topics[themes] = _unit(0.6 * topics[0] + 0.8 * topics[themes])  # …the first of which looks like theme 0
    items, sims = [], []
    for wanted in topics_per_submission:
        vectors = _unit(np.vstack([topics[t] + 0.5 * rng.normal(size=DIM) / np.sqrt(DIM) for t in wanted]))
        items.append(SubmissionInput(vectors.astype(np.float32), ""))
        sims.append(vectors @ topics[:themes].T)
    return items, sims


def _reference_prototypes(items, sims, themes, decisions):
    """The definition, written the slow way: each submission's 3 best matches among the others' examples.

    (Examples: a decided submission's best sentences for the theme, at or above the evidence floor.)
    """
    count = len(items)
    out = {True: np.zeros((count, themes)), False: np.zeros((count, themes))}
    for theme in range(themes):
        for accepted in (True, False):
            bank = [(i, items[i].vectors[learning.example_rows(sims[i][:, theme])])
                    for (i, t), verdict in decisions.items() if t == theme and verdict is accepted]
            for index, item in enumerate(items):
                others = [v for owner, v in bank if owner != index]
                if others:
                    match = (item.vectors @ np.vstack(others).T).max(axis=1)
                    out[accepted][index, theme] = np.sort(match)[::-1][:3].mean()
    return out[True], out[False]


def test_prototype_similarity_matches_its_definition():
    items, sims = _call([[0, 0, 3], [1, 4], [0, 1, 2], [2, 2], [0, 3, 4], [1, 1, 0], [2, 4]], seed=1)
    decisions = {(0, 0): True, (1, 0): False, (2, 0): True, (3, 1): False, (5, 1): True, (3, 2): True}
    positive, negative = learning.staff_prototype_similarity(items, sims, 3, decisions)
    expected_positive, expected_negative = _reference_prototypes(items, sims, 3, decisions)
    assert np.allclose(positive, expected_positive, atol=1e-5)
    assert np.allclose(negative, expected_negative, atol=1e-5)
    assert positive[0, 0] > 0 and positive[5, 0] > 0  # 0's only example is its own: it sees 2's


def test_too_few_decisions_leave_the_prior_as_it_is():
    items, sims = _call([[0], [1], [2], [0, 1]])
    prior = np.full((4, 3), 0.4)
    assert adapt(prior, items, sims, {(0, 0): True, (1, 0): False}) is prior
    one_kind = {(i, t): True for i in range(3) for t in range(3)}
    assert adapt(prior, items, sims, one_kind) is prior


def test_a_theme_with_examples_of_one_kind_gets_no_prototype_signal():
    items, sims = _call([[0, 1], [0, 2], [1, 2], [0, 1]])
    decisions = {(0, 0): True, (1, 0): True, (0, 1): True, (1, 1): False}
    signal = learning.prototype_signal(items, sims, 3, decisions)
    assert not signal[:, 0].any()  # only accepted examples of theme 0
    assert signal[:, 1].any()


def test_a_decided_submission_never_votes_for_itself():
    items, sims = _call([[0], [0], [1], [1]])
    pooled = pooled_theme_vectors(items, sims, 3)
    decisions = {(0, 0): True, (2, 0): False}
    signal = neighbour_signal(pooled, decisions)
    # Submission 0's only other voter is 2 (rejected): it leans "no", though its own verdict was "yes".
    assert signal[0, 0] < 0 < signal[1, 0]
    assert signal[3, 0] < 0


def test_decisions_move_the_undecided_submissions_that_resemble_them():
    # Theme 0 is what the machine cannot tell apart: letters about topic 3 look like theme 0 to it
    # (similar sentences, high prior), but staff reject theme 0 on them and accept it on topic-0 letters.
    layout = [[0, 1], [3, 1], [0, 2], [3, 2], [0, 1, 2], [3, 1, 2], [0, 2], [3, 1], [0, 1], [3, 2], [0], [3]]
    items, sims = _call(layout, seed=2)
    prior = np.full((len(layout), 3), 0.3)
    prior[:, 0] = 0.6
    decisions = {(i, t): t in layout[i] for i in range(10) for t in range(3)}
    learned = adapt(prior, items, sims, decisions)
    # The undecided topic-3 letter (11) drops on theme 0, the undecided topic-0 letter (10) does not.
    assert learned[11, 0] < prior[11, 0] - 0.1
    assert learned[10, 0] > learned[11, 0] + 0.1 and learned[10, 0] > 0.5
    none = adapt(prior, items, sims, decisions, LearningSignals(False, False, False))
    assert none is prior


def _call_data(themes: int = 3, count: int = 20, seed: int = 3) -> CallData:
    rng = np.random.default_rng(seed)
    layout = [list(rng.choice(themes + 2, size=2, replace=False)) for _ in range(count)]
    items, sims = _call(layout, themes, seed)
    gold = np.array([[t in topics for t in range(themes)] for topics in layout], float)
    sem = np.array([np.sort(x, axis=0)[::-1][:3].mean(axis=0) for x in sims])
    features = {name: sem + 0.01 * rng.normal(size=sem.shape) for name in ("sem", "rel", "z", "kw")}
    return CallData("synthetic", [f"t{t}" for t in range(themes)], [f"s{i}" for i in range(count)],
                    ["en" if i % 2 else "fr" for i in range(count)], gold, features, sims, items)


def test_the_learning_curve_scores_only_the_undecided_rest():
    call = _call_data()
    linear = fit_linear([_call_data(seed=4), _call_data(seed=5)], ("sem", "rel", "z", "kw"))
    points = learning_curve(call, linear, draws=3, resamples=5, fractions=(0.25, 0.5))
    overall = {p.fraction: p for p in points if p.label == "all"}
    assert overall[0.25].rest == 15 and overall[0.5].rest == 10
    assert {p.label for p in points} == {"en", "fr", "all"}
    assert all(0 <= p.low <= p.high <= 1 and 0 <= p.before <= 1 for p in points)


def test_simulated_staff_decide_what_they_were_shown_and_add_what_was_missed():
    call = _call_data()
    shown = np.zeros_like(call.gold, dtype=bool)
    shown[2, :] = True  # every theme suggested on 2, none on 5
    decisions = simulated_decisions(call, np.array([2, 5]), shown, included=False)
    expected = {(2, t) for t in range(3)} | {(5, t) for t in range(3) if call.gold[5, t]}
    assert set(decisions) == expected
    assert all(decisions[i, t] == bool(call.gold[i, t]) for i, t in decisions)
    # Staff then include them: every other theme of theirs is a rejection too.
    settled = simulated_decisions(call, np.array([2, 5]), shown)
    assert set(settled) == {(i, t) for i in (2, 5) for t in range(3)}
    assert all(settled[i, t] == bool(call.gold[i, t]) for i, t in settled)


def test_an_off_topic_sentence_is_no_example_of_a_theme():
    similarity = np.array([0.05, 0.62, 0.31, 0.29, 0.55])
    assert list(learning.example_rows(similarity)) == [1, 4, 2]
    assert list(learning.example_rows(np.array([0.1, 0.2]))) == [1]  # the best one always stands


def _bilingual_call(layout: list[tuple[str, list[int]]], themes: int = 3, seed: int = 6, offset: float = 0.8):
    """Like ``_call``, but a letter written in "ru" has every sentence pulled along one shared direction
    (the encoder's language offset): two Russian sentences are nearer each other than a sentence and
    its English translation."""
    rng = np.random.default_rng(seed)
    topics = _unit(rng.normal(size=(themes + 2, DIM)))
    topics[themes] = _unit(0.6 * topics[0] + 0.8 * topics[themes])
    russian = _unit(rng.normal(size=DIM))
    items, sims, languages = [], [], []
    for language, wanted in layout:
        shift = offset * russian if language == "ru" else 0.0
        vectors = _unit(np.vstack([topics[t] + shift + 0.5 * rng.normal(size=DIM) / np.sqrt(DIM) for t in wanted]))
        items.append(SubmissionInput(vectors.astype(np.float32), ""))
        sims.append(vectors @ topics[:themes].T)
        languages.append(language)
    return items, sims, languages


def test_centring_on_the_language_brings_a_translation_nearer_than_another_topic_in_the_same_language():
    items, _, languages = _bilingual_call([("en", [0]), ("en", [1]), ("en", [2]), ("ru", [0]), ("ru", [1]),
                                          ("ru", [2])], offset=1.5)
    plain = np.vstack([item.vectors[0] for item in items])
    centred = np.vstack([item.vectors[0] for item in learning.language_centred(items, languages)])
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    # As encoded: the Russian letter on topic 0 is nearer the Russian letter on topic 1 than its English twin.
    assert plain[3] @ plain[4] > plain[3] @ plain[0]
    # Centred (both languages meet at the call's mean): every letter's nearest is its translation.
    similarity = centred @ centred.T
    np.fill_diagonal(similarity, -1.0)
    assert list(similarity.argmax(axis=1)) == [3, 4, 5, 0, 1, 2]


def test_a_language_with_few_letters_or_none_known_is_not_centred():
    items, _, _ = _bilingual_call([("en", [0]), ("en", [1]), ("en", [2]), ("ru", [0]), ("ru", [1])])
    centred = learning.language_centred(items, ["en", "en", "en", "ru", ""])
    assert centred[3] is items[3] and centred[4] is items[4]  # two Russian letters: below the minimum
    assert centred[0] is not items[0]  # the three English letters are centred on the call
    assert learning.language_centred(items, [""] * 5) == items


def test_staff_verdicts_reach_a_letter_in_another_language_through_centred_neighbours():
    # Theme 0: English letters on topic 0 accepted, Russian letters on topic 3 (which looks like theme 0)
    # rejected. The undecided Russian letter on topic 0 is nearest the Russian letters as encoded (rejected),
    # nearest the English ones once its language's offset is removed (accepted).
    layout = [("en", [0, 1]), ("en", [0, 2]), ("en", [0, 1, 2]), ("en", [1]), ("en", [2]),
              ("ru", [3, 1]), ("ru", [3, 2]), ("ru", [3, 1, 2]), ("ru", [1]), ("ru", [2]),
              ("ru", [0, 1]), ("en", [3, 2])]
    items, sims, languages = _bilingual_call(layout)
    topics = [set(wanted) for _, wanted in layout]
    prior = np.full((len(layout), 3), 0.3)
    prior[:, 0] = 0.5
    decisions = {(i, t): t in topics[i] for i in range(10) for t in range(3)}
    plain = adapt(prior, items, sims, decisions)
    centred = adapt(prior, items, sims, decisions, languages=languages)
    off = adapt(prior, items, sims, decisions, LearningSignals(language_centring=False), languages=languages)
    assert np.array_equal(off, plain)
    assert plain[10, 0] < prior[10, 0] < centred[10, 0]  # as encoded it fell; centred it rises
    assert centred[10, 0] > centred[11, 0]  # the English topic-3 letter stays below it
