"""Scoring a submission against a call's themes, in any of the six languages.

Two signals, combined:

* **semantic** — every passage and every theme "query" (name, description,
  keywords, in whatever languages the call gives) is embedded with the
  multilingual Universal Sentence Encoder; a theme's semantic score is the mean
  of its best passages' similarities, taken relative to the submission's own
  baseline (the median over all themes), so long general texts do not score
  high on everything;
* **lexical** — keyword phrases found in the text, in the language the call
  wrote them in and, through the UNBIS Thesaurus, in the other five; as written,
  or stem for stem (Snowball) in the five languages that inflect.

The combination is a logistic function whose few weights are documented in
docs/decisions/0008-theme-suggestions.md and measured by ``make eval``.

Decision 0017 adds call-level signals, computed over all of a call's submissions
at once (``score_call``): per-sentence *votes* (each sentence's softmax over the
themes, so a language's general similarity offset cancels out), the theme's
score *relative to the call* (column z-score), and *call prototypes*: each
theme's centroid of the call's own most typical sentences, in whatever
languages they came in (leave-one-submission-out). Staff decisions add
per-call prototypes and a small per-call correction (``synthesis.learning``).
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from submissions.multilingual import UN_LANGUAGES
from synthesis.embeddings import embed
from synthesis.passages import Passage
from synthesis.thesaurus import fold, thesaurus_vectors, translations

TOP_PASSAGES = 3
EVIDENCE_PER_THEME = 3
EVIDENCE_FLOOR = 0.30
# A UNBIS concept this close to one of a theme's queries joins its lexicon.
EXPANSION_SIMILARITY = 0.72
# Logistic weights over standardised FEATURES, fitted on the four gold-labelled
# calls (demo + three evaluation calls); ``make eval`` never uses these to score a call:
# it refits them leaving that call out (decision 0017). Regenerate with
# ``manage.py evaluate --fit``.
FEATURES = ("sem", "rel", "z", "kw", "vote", "colz", "psem", "pz")
FEATURE_MEAN = (0.3234, 0.0112, 0.0000, 0.6543, 0.1069, -0.0000, 0.3521, -0.0000)
FEATURE_SCALE = (0.0874, 0.0723, 1.0000, 0.6947, 0.1329, 1.0000, 0.1163, 1.0000)
WEIGHTS = (-0.6226, 0.1566, -0.8190, 0.9384, 2.6935, 0.8882, -0.1035, 1.1541)
BIAS = -1.7796
# Suggest generously: staff confirm or reject every suggestion. The best theme of
# each submission is always suggested (every submission addresses at least one).
THRESHOLD = 0.40
# Softmax temperature of a sentence's vote over the themes; sentences less on
# topic than VOTE_FLOOR do not vote; PROTOTYPE_SENTENCES per theme make its call prototype.
VOTE_TEMPERATURE = 0.03
VOTE_FLOOR = 0.15
PROTOTYPE_SENTENCES = 40

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ThemeProfile:
    """What a theme looks like in every language we can put it in."""

    key: str
    queries: list[str]
    lexicon: set[str] = field(default_factory=set)  # folded phrases, any language


@dataclass
class ThemeScore:
    key: str
    score: float
    semantic: float
    relative: float
    keyword_hits: list[str]
    evidence: list[tuple[Passage, float]]


def build_profile(key: str, name: dict, description: dict, keywords: dict) -> ThemeProfile:
    """Queries and lexicon from what the call says, plus exact UNBIS translations."""
    queries: list[str] = []
    lexicon: set[str] = set()
    for lang in UN_LANGUAGES:
        if name.get(lang):
            queries.append(name[lang])
        if description.get(lang):
            queries.append(description[lang])
        phrases = list(keywords.get(lang) or [])
        if name.get(lang):
            phrases.append(name[lang])
        for phrase in phrases:
            queries.append(phrase)
            lexicon.add(fold(phrase))
            for translated in translations(phrase, lang).values():
                lexicon.add(fold(translated))
    known = {fold(q) for q in queries}
    queries += sorted(t for t in lexicon if t not in known)
    return ThemeProfile(key=key, queries=list(dict.fromkeys(q for q in queries if q.strip())), lexicon=lexicon)


def expand_with_thesaurus(profile: ThemeProfile, query_vectors: np.ndarray) -> None:
    """Add the six labels of every UNBIS concept semantically close to the theme."""
    labels, vectors = thesaurus_vectors()
    close = np.where((query_vectors @ vectors.T).max(axis=0) >= EXPANSION_SIMILARITY)[0]
    for index in close:
        profile.lexicon.update(fold(label) for label in labels[index].values() if label)


_WORD_CHAR = re.compile(r"\w")


def _contains(folded_text: str, phrase: str) -> bool:
    """Whole-phrase match; a cheap substring test first, since most phrases are absent.

    Whole phrase: no word character (``\\w``) right before or after it, as
    ``(?<!\\w)phrase(?!\\w)`` would say (without compiling a pattern per phrase).
    """
    if not phrase or phrase not in folded_text:
        return False
    if _CJK.search(phrase):
        return True
    size, at = len(phrase), folded_text.find(phrase)
    while at != -1:
        if not (at and _WORD_CHAR.match(folded_text, at - 1)) and not _WORD_CHAR.match(folded_text, at + size):
            return True
        at = folded_text.find(phrase, at + 1)
    return False


_WORD_RUN = re.compile(r"\w+")
# Snowball stemmers by script: a Latin-script phrase may be English, French or Spanish, so it is
# tried with each (a match under any counts); Chinese has no inflection and is matched as it is.
_STEMMERS = {"latin": ("english", "french", "spanish"), "cyrillic": ("russian",), "arabic": ("arabic",)}
# A phrase whose stems come to fewer characters than this is matched only as written.
MIN_STEMMED_CHARS = 3
_stemmer_objects = threading.local()


def _word_script(word: str) -> str:
    """"latin", "cyrillic", "arabic" or "": the script of the word's first character that is not a
    digit or "_" ("covid19" is Latin; "2030", and Chinese, none)."""
    for character in word:
        if character == "_" or character.isdigit():
            continue
        if character < "\u0250":
            return "latin"
        if "\u0400" <= character <= "\u04ff":
            return "cyrillic"
        if "\u0600" <= character <= "\u06ff":
            return "arabic"
        return ""
    return ""


def _script(text: str) -> str:
    """A phrase's script: that of its first word that has one."""
    return next((script for script in map(_word_script, _WORD_RUN.findall(text)) if script), "")


# A conjunction or preposition written onto the article ("والمناخ", "and the climate"): Snowball's
# Arabic stemmer removes "ال" and "لل" but not these (Larkey's light stemmers strip them).
_ARABIC_PROCLITIC = re.compile(r"^[وفبك](?=ال..)")


def _stem_words(algorithm: str, words: Sequence[str]) -> list[str]:
    """Snowball stems (PyStemmer); one stemmer object per thread, as PyStemmer asks."""
    stemmers = _stemmer_objects.__dict__
    if algorithm not in stemmers:
        import Stemmer

        stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    if algorithm == "arabic":
        words = [_ARABIC_PROCLITIC.sub("", word) for word in words]
    return stemmers[algorithm].stemWords(words)


# Snowball's English, French, Spanish and Russian stemmers rewrite only the end of a word, so a
# word can have one of the phrases' stems only if it begins as that stem does: words that do not
# are not stemmed at all (most of a text). Arabic's removes prefixes, so all its words are stemmed.
PREFIX = 3
_ENDINGS_ONLY = frozenset({"english", "french", "spanish", "russian"})


@dataclass(frozen=True)
class _Lexicon:
    """Phrases sorted by how they are found, so a text is not searched once per phrase (issue 15).

    Wherever a phrase is found as a whole phrase (``_contains``), each of its words (runs of
    ``\\w``) is a word of the text, so the text's words are read once and only phrases all of
    whose words are among them are tested; a one-word phrase is then found. A Chinese phrase
    (a substring test) is tested only when the text has all of its characters.

    ``stemmed``: per Snowball algorithm, each phrase of its script as a run of stems, so that
    "перемещенные лица" (the UNBIS label) is found in "перемещенных лиц" and "الأشخاص
    النازحون" in "للأشخاص النازحين": thesaurus labels are dictionary forms, running text is not.
    """

    words: dict[str, tuple[tuple[str, frozenset[str]], ...]]  # first word → (phrase, its words)
    chinese: tuple[tuple[str, frozenset[str]], ...]  # (phrase, its characters)
    others: tuple[str, ...]  # no word in them at all
    # algorithm → first stem → (phrase, its stems)
    stemmed: dict[str, dict[str, tuple[tuple[str, tuple[str, ...]], ...]]]
    # script → the first PREFIX characters of every stem of its phrases, for the scripts whose
    # stemmers rewrite only endings (see ``_stem_candidates``)
    prefixes: dict[str, frozenset[str]]


@lru_cache(maxsize=64)
def _lexicon(phrases: frozenset[str]) -> _Lexicon:
    words: dict[str, list[tuple[str, frozenset[str]]]] = {}
    chinese: list[tuple[str, frozenset[str]]] = []
    others: list[str] = []
    stemmed: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {}
    for phrase in sorted(phrases):
        found = _WORD_RUN.findall(phrase)
        if _CJK.search(phrase):
            chinese.append((phrase, frozenset(phrase)))
        elif found:
            words.setdefault(found[0], []).append((phrase, frozenset(found)))
            for algorithm in _STEMMERS.get(_script(phrase), ()):
                stems = tuple(_stem_words(algorithm, found))
                if sum(map(len, stems)) >= MIN_STEMMED_CHARS:
                    stemmed.setdefault(algorithm, {}).setdefault(stems[0], []).append((phrase, stems))
        elif phrase:
            others.append(phrase)
    return _Lexicon({word: tuple(entries) for word, entries in words.items()}, tuple(chinese), tuple(others),
                    {algorithm: {stem: tuple(entries) for stem, entries in by_stem.items()}
                     for algorithm, by_stem in stemmed.items()},
                    {script: frozenset(stem[:PREFIX] for algorithm in algorithms
                                       for entries in stemmed.get(algorithm, {}).values()
                                       for _, stems in entries for stem in stems)
                     for script, algorithms in _STEMMERS.items() if _ENDINGS_ONLY.issuperset(algorithms)})


def _stem_candidates(lexicon: _Lexicon, script: str, words: list[str]) -> list[str]:
    """The words of ``script`` worth stemming (all of them for Arabic)."""
    prefixes = lexicon.prefixes.get(script)
    if prefixes is None:
        return words
    return [word for word in words if len(word) <= PREFIX or word[:PREFIX] in prefixes]


def _found_phrases(lexicon: _Lexicon, folded_text: str) -> set[str]:
    """The lexicon's phrases found in the text: as written (``_contains``), or stem for stem."""
    found: set[str] = set()
    text_words = _WORD_RUN.findall(folded_text)
    unique = set(text_words)
    for first in lexicon.words.keys() & unique:
        found.update(phrase for phrase, words in lexicon.words[first]
                     if phrase == first or (words <= unique and _contains(folded_text, phrase)))
    if lexicon.chinese and _CJK.search(folded_text):
        characters = set(folded_text)
        found.update(phrase for phrase, needed in lexicon.chinese if needed <= characters and phrase in folded_text)
    found.update(phrase for phrase in lexicon.others if _contains(folded_text, phrase))
    if lexicon.stemmed:
        found |= _found_by_stems(lexicon, text_words, unique, found)
    return found


def _found_by_stems(lexicon: _Lexicon, text_words: list[str], unique: set[str], found: set[str]) -> set[str]:
    """Phrases not found as written whose stems follow one another in the text's stems.

    Only the text's distinct words of each script are stemmed (a few thousand in a long
    submission); a phrase of two words is looked up among the text's pairs of adjacent stems,
    a longer one also searched for in the stemmed text.
    """
    by_script: dict[str, list[str]] = {script: [] for script in _STEMMERS}
    for word in unique:
        script = _word_script(word)
        if script:
            by_script[script].append(word)
    more: set[str] = set()
    for script, algorithms in _STEMMERS.items():
        if not any(algorithm in lexicon.stemmed for algorithm in algorithms):
            continue
        candidates = _stem_candidates(lexicon, script, by_script[script])
        if not candidates:
            continue
        for algorithm in algorithms:
            by_first = lexicon.stemmed.get(algorithm)
            if not by_first:
                continue
            stem_of = dict(zip(candidates, _stem_words(algorithm, candidates), strict=True))
            stems = set(map(stem_of.get, unique, unique))  # words of other scripts as they are
            sequence: list[str] = []
            pairs: set[tuple[str, str]] = set()
            joined = ""
            for first in by_first.keys() & stems:
                for phrase, phrase_stems in by_first[first]:
                    if phrase in found or phrase in more or not stems.issuperset(phrase_stems):
                        continue
                    if len(phrase_stems) == 1:
                        more.add(phrase)
                        continue
                    if not sequence:
                        sequence = list(map(stem_of.get, text_words, text_words))
                        pairs = set(itertools.pairwise(sequence))
                    if not pairs.issuperset(itertools.pairwise(phrase_stems)):
                        continue
                    if len(phrase_stems) == 2:
                        more.add(phrase)
                        continue
                    joined = joined or " " + " ".join(sequence) + " "
                    if f" {' '.join(phrase_stems)} " in joined:
                        more.add(phrase)
    return more


def keyword_hits(profile: ThemeProfile, folded_text: str, found: set[str] | None = None) -> list[str]:
    """The profile's phrases found in the text, sorted.

    ``found``: the text's hits among a superset of the lexicon (all the call's themes), when known.
    """
    if found is None:
        found = _found_phrases(_lexicon(frozenset(profile.lexicon)), folded_text)
    return sorted(profile.lexicon & found)


@dataclass
class CallThemeModel:
    """Everything about a call's themes that does not depend on the submission."""

    profiles: list[ThemeProfile]
    query_vectors: dict[str, np.ndarray]
    # How many of the call's themes share a phrase: shared phrases weigh less.
    phrase_themes: dict[str, int]
    # Every theme's phrases, indexed for one search of a text (derived: ``phrase_themes``' keys).
    lexicon: _Lexicon = field(init=False)
    # A fingerprint of the themes as scoring sees them (lexicons, phrase weights, query vectors):
    # the key of what is remembered per submission (``_remembered``).
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.lexicon = _lexicon(frozenset(self.phrase_themes))
        digest = hashlib.sha256()
        for profile in self.profiles:
            digest.update(profile.key.encode())
            digest.update("\x1f".join(sorted(profile.lexicon)).encode())
            digest.update(np.ascontiguousarray(self.query_vectors[profile.key], dtype=np.float32).tobytes())
        digest.update(repr(sorted(self.phrase_themes.items())).encode())
        self.key = digest.hexdigest()


def keyword_evidence(model: CallThemeModel, folded_text: str, *,
                     stems: bool = True) -> tuple[np.ndarray, list[list[str]]]:
    """Per theme: the log of its phrases found in the text (a phrase shared by k themes weighs 1/k),
    and the phrases found. The text is searched once for every theme's phrases.

    ``stems=False``: phrases as written only (what ``make eval``'s ablation compares with).
    """
    lexicon = model.lexicon if stems else replace(model.lexicon, stemmed={})
    found = _found_phrases(lexicon, folded_text)
    hits = [keyword_hits(profile, folded_text, found) for profile in model.profiles]
    return np.array([math.log1p(sum(1.0 / model.phrase_themes[h] for h in theme_hits)) for theme_hits in hits]), hits


def build_call_model(themes: Sequence[tuple[str, dict, dict, dict]]) -> CallThemeModel:
    profiles = [build_profile(*theme) for theme in themes]
    vectors = {p.key: embed(p.queries) for p in profiles}
    for profile in profiles:
        before = set(profile.lexicon)
        expand_with_thesaurus(profile, vectors[profile.key])
        # Labels in the other languages also serve as queries: same-language
        # matches are what the encoder scores most reliably.
        added = sorted(profile.lexicon - before)
        if added:
            profile.queries += added
            vectors[profile.key] = np.vstack([vectors[profile.key], embed(added)])
    counts: dict[str, int] = {}
    for profile in profiles:
        for phrase in profile.lexicon:
            counts[phrase] = counts.get(phrase, 0) + 1
    return CallThemeModel(profiles, vectors, counts)


def theme_features(model: CallThemeModel, passages: Sequence[Passage]) -> tuple[np.ndarray, dict, list]:
    """Per theme: (semantic, relative, z-score, log keyword evidence), best passage scores, hits."""
    passage_vectors = embed([p.text for p in passages])
    folded_text = fold(" ".join(p.text for p in passages))
    best = {p.key: (passage_vectors @ model.query_vectors[p.key].T).max(axis=1) for p in model.profiles}
    semantic = np.array([np.sort(best[p.key])[::-1][:TOP_PASSAGES].mean() for p in model.profiles])
    relative = semantic - np.median(semantic)
    zscore = (semantic - semantic.mean()) / (semantic.std() + 1e-6)
    evidence, hits = keyword_evidence(model, folded_text)
    return np.stack([semantic, relative, zscore, evidence], axis=1), best, hits


def score_themes(model: CallThemeModel, passages: Sequence[Passage]) -> list[ThemeScore]:
    """Score every theme of the call for one submission's passages."""
    if not model.profiles:
        return []
    if not passages:
        return [ThemeScore(p.key, 0.0, 0.0, 0.0, [], []) for p in model.profiles]
    features, best, hits = theme_features(model, passages)
    # One submission alone: the call-level signals see no other submission.
    item = SubmissionInput(embed([p.text for p in passages]), fold(" ".join(p.text for p in passages)))
    probabilities = default_model().probabilities(call_features(model, [item])[0])[0]
    scores = []
    for index, profile in enumerate(model.profiles):
        order = np.argsort(best[profile.key])[::-1][:EVIDENCE_PER_THEME]
        evidence = [(passages[i], float(best[profile.key][i])) for i in order if best[profile.key][i] >= EVIDENCE_FLOOR]
        scores.append(ThemeScore(profile.key, float(probabilities[index]), float(features[index, 0]),
                                 float(features[index, 1]), hits[index], evidence))
    return scores


# --- Call-level scoring (decision 0017) ----------------------------------------------


@dataclass
class LinearModel:
    """A logistic model over standardised features."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float = THRESHOLD

    def probabilities(self, features: dict[str, np.ndarray]) -> np.ndarray:
        stacked = np.stack([features[name] for name in self.features], axis=-1)
        z = ((stacked - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


def default_model() -> LinearModel:
    return LinearModel(FEATURES, np.array(FEATURE_MEAN), np.array(FEATURE_SCALE), np.array(WEIGHTS), BIAS)


@dataclass
class SubmissionInput:
    """What scoring needs of one submission: its passage vectors and its folded text."""

    vectors: np.ndarray  # n × 512
    folded_text: str
    # What the vectors are a function of when known (a stored row's version): the similarity memo's key,
    # so that re-scoring a call does not hash every earlier submission's vectors again (issue 15).
    vectors_key: str = ""


def passage_theme_similarity(model: CallThemeModel, vectors: np.ndarray) -> np.ndarray:
    """passages × themes: each passage's best similarity to any of a theme's queries."""
    if len(vectors) == 0:
        return np.zeros((0, len(model.profiles)), dtype=np.float32)
    return np.stack([(vectors @ model.query_vectors[p.key].T).max(axis=1) for p in model.profiles], axis=1)


# Re-scoring a call after each arrival (decision 0017) asks the same questions of every earlier
# submission again: its keyword hits and its passage × theme similarities depend only on its text
# and vectors and on the call's themes. They are kept per process for the latest submissions
# (issue 15: 0.13 s + 0.04 s per arrival at 24 submissions), keyed by what they are computed from.
_MEMO_SIZE = 20_000
_memo: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()


def _remembered(kind: str, model_key: str, data: bytes | str, compute) -> np.ndarray:
    """``data``: what the value is computed from (hashed here), or a name of it (a str, used as it is)."""
    key = (kind, model_key, data if isinstance(data, str) else hashlib.sha1(data).hexdigest())
    value = _memo.get(key)
    if value is None:
        value = compute()
        value.setflags(write=False)  # shared by later calls: nobody may change it in place
        _memo[key] = value
        if len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    else:
        _memo.move_to_end(key)
    return value


def _keyword_row(model: CallThemeModel, folded_text: str) -> np.ndarray:
    return _remembered("kw", model.key, folded_text.encode("utf-8", "surrogatepass"),
                       lambda: keyword_evidence(model, folded_text)[0])


def _similarities(model: CallThemeModel, vectors: np.ndarray, vectors_key: str = "") -> np.ndarray:
    if vectors_key:
        data: bytes | str = f"stored:{vectors_key}"
    else:
        data = np.ascontiguousarray(vectors).tobytes() + str(vectors.shape).encode()
    return _remembered("sim", model.key, data, lambda: passage_theme_similarity(model, vectors))


def _top_mean(values: np.ndarray, n: int = TOP_PASSAGES) -> np.ndarray:
    """Mean of the n best rows, per column (zeros for no rows)."""
    if len(values) == 0:
        return np.zeros(values.shape[1:], dtype=np.float32)
    return np.sort(values, axis=0)[::-1][:n].mean(axis=0)


def _row_z(values: np.ndarray) -> np.ndarray:
    return (values - values.mean(axis=1, keepdims=True)) / (values.std(axis=1, keepdims=True) + 1e-6)


def call_features(model: CallThemeModel, items: Sequence[SubmissionInput]) -> tuple[dict[str, np.ndarray], list]:
    """Submissions × themes features for a whole call, and each submission's passage × theme similarities."""
    count, themes = len(items), len(model.profiles)
    sims = [_similarities(model, item.vectors, item.vectors_key) for item in items]
    sem = np.array([_top_mean(x) for x in sims]).reshape(count, themes)
    features: dict[str, np.ndarray] = {"sem": sem, "rel": sem - np.median(sem, axis=1, keepdims=True),
                                       "z": _row_z(sem)}
    features["kw"] = np.array([_keyword_row(model, item.folded_text) for item in items]
                              ).reshape(count, themes)
    votes = np.zeros((count, themes))
    for index, x in enumerate(sims):
        if len(x):
            e = np.exp((x - x.max(axis=1, keepdims=True)) / VOTE_TEMPERATURE)
            weight = np.clip(x.max(axis=1) - VOTE_FLOOR, 0, None)
            votes[index] = ((e / e.sum(axis=1, keepdims=True)) * weight[:, None]).sum(axis=0) / (weight.sum() + 1e-6)
    features["vote"] = votes
    features["colz"] = (sem - sem.mean(axis=0, keepdims=True)) / (sem.std(axis=0, keepdims=True) + 1e-6)
    features["psem"] = call_prototype_similarity(items, sims, themes)
    features["pz"] = _row_z(features["psem"])
    return features, sims


def call_prototype_similarity(items: Sequence[SubmissionInput], sims: list[np.ndarray], themes: int) -> np.ndarray:
    """Similarity to each theme's prototype made of the call's own most typical sentences.

    A theme's typical sentences are those it wins most clearly, from any
    submission in any language; a submission is never compared with its own.
    """
    scores = np.zeros((len(items), themes))
    owned = [i for i, item in enumerate(items) if len(item.vectors)]
    if not owned:
        return scores
    vectors = np.vstack([items[i].vectors for i in owned]).astype(np.float32)
    owner = np.concatenate([[i] * len(items[i].vectors) for i in owned])
    x = np.vstack([sims[i] for i in owned])
    ordered = np.sort(x, axis=1)
    margin = ordered[:, -1] - (ordered[:, -2] if themes > 1 else 0)
    winner = x.argmax(axis=1)
    # Submissions owning none of a theme's chosen sentences all see the same centroid: every
    # submission's sentences are compared with the themes' shared centroids in one product, and
    # only the owners of chosen sentences with a centroid of the others' (issue 15).
    shared = np.zeros((themes, vectors.shape[1]), dtype=np.float32)
    has_shared = np.zeros(themes, dtype=bool)
    own: list[tuple[int, int, np.ndarray | None]] = []  # (submission, theme, centroid without its sentences)
    for theme in range(themes):
        chosen = np.where(winner == theme)[0]
        chosen = chosen[np.argsort(-(x[chosen, theme] + margin[chosen]))][:PROTOTYPE_SENTENCES]
        if not len(chosen):
            continue
        shared[theme], has_shared[theme] = _centroid(vectors[chosen]), True
        for index in sorted(set(owner[chosen].tolist())):
            others = chosen[owner[chosen] != index]
            own.append((index, theme, _centroid(vectors[others]) if len(others) else None))
    products = vectors @ shared.T
    start = 0
    for index in owned:
        count = len(items[index].vectors)
        scores[index] = np.where(has_shared, _top_mean(products[start : start + count]), 0.0)
        start += count
    for index, theme, centroid in own:
        scores[index, theme] = 0.0 if centroid is None else _top_mean((items[index].vectors @ centroid)[:, None])[0]
    return scores


def _centroid(rows: np.ndarray) -> np.ndarray:
    centroid = rows.mean(axis=0)
    centroid /= np.linalg.norm(centroid) + 1e-9
    return centroid


def suggested(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    """Boolean submissions × themes: above the threshold, plus each submission's best theme."""
    chosen = probabilities >= threshold
    if probabilities.size:
        chosen[np.arange(len(probabilities)), probabilities.argmax(axis=1)] = True
    return chosen
