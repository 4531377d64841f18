"""Scoring a submission against a call's themes, in any of the six languages.

Two signals, combined:

* **semantic** — every passage and every theme "query" (name, description,
  keywords, in whatever languages the call gives) is embedded with the
  multilingual Universal Sentence Encoder; a theme's semantic score is the mean
  of its best passages' similarities, taken relative to the submission's own
  baseline (the median over all themes), so long general texts do not score
  high on everything;
* **lexical** — keyword phrases found in the text, in the language the call
  wrote them in and, through the UNBIS Thesaurus, in the other five.

The combination is a logistic function whose few weights are documented in
docs/decisions/0008-theme-suggestions.md and measured by ``make eval``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

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
# Logistic weights over (semantic, relative, z-score, keyword evidence), fitted on
# the demo call's gold labels with 5-fold cross-validation (decision 0008).
WEIGHTS = (0.772, 5.739, 1.125, 2.192)
BIAS = -3.771
# Suggest generously: staff confirm or reject every suggestion.
THRESHOLD = 0.33

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


def _contains(folded_text: str, phrase: str) -> bool:
    """Whole-phrase match; a cheap substring test first, since most phrases are absent."""
    if not phrase or phrase not in folded_text:
        return False
    if _CJK.search(phrase):
        return True
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded_text) is not None


def keyword_hits(profile: ThemeProfile, folded_text: str) -> list[str]:
    return sorted(p for p in profile.lexicon if _contains(folded_text, p))


@dataclass
class CallThemeModel:
    """Everything about a call's themes that does not depend on the submission."""

    profiles: list[ThemeProfile]
    query_vectors: dict[str, np.ndarray]
    # How many of the call's themes share a phrase: shared phrases weigh less.
    phrase_themes: dict[str, int]


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
    hits = [keyword_hits(profile, folded_text) for profile in model.profiles]
    evidence = np.array([math.log1p(sum(1.0 / model.phrase_themes[h] for h in found)) for found in hits])
    return np.stack([semantic, relative, zscore, evidence], axis=1), best, hits


def score_themes(model: CallThemeModel, passages: Sequence[Passage]) -> list[ThemeScore]:
    """Score every theme of the call for one submission's passages."""
    if not model.profiles:
        return []
    if not passages:
        return [ThemeScore(p.key, 0.0, 0.0, 0.0, [], []) for p in model.profiles]
    features, best, hits = theme_features(model, passages)
    z = features @ np.array(WEIGHTS) + BIAS
    probabilities = 1.0 / (1.0 + np.exp(-z))
    scores = []
    for index, profile in enumerate(model.profiles):
        order = np.argsort(best[profile.key])[::-1][:EVIDENCE_PER_THEME]
        evidence = [(passages[i], float(best[profile.key][i])) for i in order if best[profile.key][i] >= EVIDENCE_FLOOR]
        scores.append(ThemeScore(profile.key, float(probabilities[index]), float(features[index, 0]),
                                 float(features[index, 1]), hits[index], evidence))
    return scores
