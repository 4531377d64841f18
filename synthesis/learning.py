"""Learning a call's theme model from staff decisions (decision 0017).

Each accepted or rejected theme teaches the call's model; three signals, each
neutral (zero) until staff have given it something to learn from:

* **staff prototypes** — the sentences of a submission that best carry a theme
  staff accepted (or rejected) there join the theme's positive (or negative)
  examples; every other submission is compared with them, sentence by sentence,
  in whatever language either is written (positive minus negative similarity).
  A theme with examples of one kind only gets no signal: "similar to the
  accepted ones" means nothing without rejected ones to compare with, and used
  alone it pushed every submission of the theme up;
* **staff neighbours** — per theme, each submission's pooled theme sentences
  (mean of its 3 best for the theme) vote with the decided submissions' verdicts,
  weighted by similarity (softmax, temperature 0.05): the nearest decided
  letters on *this* theme say yes or no;
* **per-theme offset** — staff accepting more (or fewer) of a theme than the
  machine suggested shifts that theme's threshold.

Prototypes and neighbours compare letters with letters, and the encoder puts two
sentences of one language nearer each other than a sentence and its translation:
a Spanish letter's nearest decided letters were the Spanish ones, whatever they
said. With the call's languages given, each letter's sentence vectors are first
**centred on its language** (the language's mean sentence, taken over the call,
is replaced by the call's mean sentence: ``language_centred``), which removes the
language's common direction and keeps what the call's letters share.

They are combined as a correction *added* to the prior's logit, ``logit(prior)
+ Σ w·signal + b_theme``, with the weights fitted on the call's decided pairs
by a logistic regression with a ridge towards zero (towards "trust the prior"):
the prior keeps its calibration, so the threshold chosen for it stays valid,
and a handful of decisions cannot overturn it. Weights on the staff signals are
kept ≥ 0 (agreeing with staff can only raise a score). Every constant here is a
rule set before looking at the evaluation calls' learning curves, or the value
decision 0017 already had; none was tuned on a call the curve is scored on.

Pure numpy; ``synthesis.services.suggestions`` feeds it from the database and
``synthesis.evaluation.learning_curve`` from gold labels, through ``adapt``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from synthesis.tagging import EVIDENCE_FLOOR, SubmissionInput

# The sentences of a decided submission that stand for a theme there (prototypes and neighbours).
EXAMPLE_SENTENCES = 3
# Ridge strength pulling each correction weight towards zero (the prior alone).
PRIOR_STRENGTH = 4.0
MIN_DECISIONS = 6
# Once staff have decided, no prior counts as surer than sigmoid(4) ≈ 98 %: a saturated
# score (0.9987 on a one-topic letter) could otherwise not move however often staff reject it.
PRIOR_LOGIT_CAP = 4.0
# Softmax temperature of the neighbours' vote (cosine similarities of pooled sentences).
NEIGHBOUR_TEMPERATURE = 0.05
# A language is centred only when at least this many of the call's letters are written in it: with
# fewer, its "mean sentence" is one or two letters' own content, not their language's offset.
MIN_LANGUAGE_LETTERS = 3


@dataclass(frozen=True)
class LearningSignals:
    """Which staff signals ``adapt`` uses (all by default; the evaluation's ablation switches them)."""

    prototypes: bool = True
    neighbours: bool = True
    theme_offset: bool = True
    language_centring: bool = True


ALL_SIGNALS = LearningSignals()


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, prior: np.ndarray | None = None,
                 iterations: int = 50) -> np.ndarray:
    """Weights (last one the bias) of an L2-regularised logistic regression, by Newton steps.

    With ``prior``, the penalty pulls the weights towards it instead of towards zero.
    """
    z = np.hstack([x, np.ones((len(x), 1))])
    target = np.zeros(z.shape[1]) if prior is None else prior.astype(float)
    penalty = np.full(z.shape[1], l2)
    if prior is None:
        penalty[-1] = 0.0
    w = target.copy()
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty * (w - target)
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit_correction(x: np.ndarray, y: np.ndarray, offset: np.ndarray, *, l2: float = PRIOR_STRENGTH,
                   iterations: int = 50) -> np.ndarray:
    """Weights of ``sigmoid(offset + x·w)``, ridge towards zero, no intercept (the offset is the prior)."""
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(offset + x @ w, -30, 30)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def example_rows(similarity: np.ndarray) -> np.ndarray:
    """A submission's sentences that stand for a theme: its best 3 at or above the evidence floor (at least 1).

    The evidence staff saw; a short letter's off-topic sentence is not an example of the theme.
    """
    best = np.argsort(-similarity)[:EXAMPLE_SENTENCES]
    return best[(similarity[best] >= EVIDENCE_FLOOR) | (np.arange(len(best)) == 0)]


def _verdicts(decisions: Mapping[tuple[int, int], bool], theme: int) -> dict[int, bool]:
    return {index: accepted for (index, t), accepted in decisions.items() if t == theme}


def _top_mean_per_owner(values: np.ndarray, owner: np.ndarray, count: int, n: int = 3) -> np.ndarray:
    """Per owner, the mean of its n largest finite values (0 for an owner with none)."""
    order = np.lexsort((-values, owner))
    values, owner = values[order], owner[order]
    starts = np.searchsorted(owner, np.arange(count))
    rank = np.arange(len(owner)) - starts[owner]
    keep = (rank < n) & np.isfinite(values)
    total = np.bincount(owner[keep], weights=values[keep], minlength=count)
    seen = np.bincount(owner[keep], minlength=count)
    return np.where(seen > 0, total / np.maximum(seen, 1), 0.0)


def staff_prototype_similarity(items: Sequence[SubmissionInput], sims: Sequence[np.ndarray], themes: int,
                               decisions: Mapping[tuple[int, int], bool]) -> tuple[np.ndarray, np.ndarray]:
    """(positive, negative): each submission's similarity to the staff examples of each theme.

    Similarity is the mean of the submission's 3 best sentences' best match among
    the examples; a submission's own examples never count for itself.
    """
    count = len(items)
    positive, negative = np.zeros((count, themes)), np.zeros((count, themes))
    owned = [i for i, item in enumerate(items) if len(item.vectors)]
    if not owned:
        return positive, negative
    vectors = np.vstack([items[i].vectors for i in owned]).astype(np.float32)
    owner = np.concatenate([np.full(len(items[i].vectors), i) for i in owned])
    start = dict(zip(owned, np.cumsum([0] + [len(items[i].vectors) for i in owned[:-1]]), strict=True))
    banks: dict[tuple[int, bool], np.ndarray] = {}  # (theme, accepted) -> rows of ``vectors``
    for theme in range(themes):
        for accepted in (True, False):
            best = [start[i] + example_rows(sims[i][:, theme])
                    for i, verdict in _verdicts(decisions, theme).items() if verdict is accepted and i in start]
            if best:
                banks[theme, accepted] = np.concatenate(best)
    if not banks:
        return positive, negative
    # One product with every example sentence, then a column subset per theme and kind.
    examples = np.unique(np.concatenate(list(banks.values())))
    column = {int(row): c for c, row in enumerate(examples)}
    similarity = vectors @ vectors[examples].T
    for (theme, accepted), rows in banks.items():
        match = similarity[:, [column[int(r)] for r in rows]].copy()
        match[owner[:, None] == owner[rows][None, :]] = -np.inf
        out = positive if accepted else negative
        out[:, theme] = _top_mean_per_owner(match.max(axis=1), owner, count)
    return positive, negative


def prototype_signal(items: Sequence[SubmissionInput], sims: Sequence[np.ndarray], themes: int,
                     decisions: Mapping[tuple[int, int], bool]) -> np.ndarray:
    """Positive minus negative prototype similarity; zero for a theme lacking either kind of example."""
    positive, negative = staff_prototype_similarity(items, sims, themes, decisions)
    signal = positive - negative
    for theme in range(themes):
        if len(set(_verdicts(decisions, theme).values())) < 2:
            signal[:, theme] = 0.0
    return signal


def pooled_theme_vectors(items: Sequence[SubmissionInput], sims: Sequence[np.ndarray], themes: int) -> np.ndarray:
    """submissions × themes × dim: the normalised mean of each submission's best sentences for each theme."""
    dim = next((item.vectors.shape[1] for item in items if len(item.vectors)), 0)
    pooled = np.zeros((len(items), themes, dim), dtype=np.float32)
    for index, (item, x) in enumerate(zip(items, sims, strict=True)):
        if not len(item.vectors):
            continue
        for theme in range(themes):
            vector = item.vectors[example_rows(x[:, theme])].mean(axis=0)
            pooled[index, theme] = vector / (np.linalg.norm(vector) + 1e-9)
    return pooled


def neighbour_signal(pooled: np.ndarray, decisions: Mapping[tuple[int, int], bool]) -> np.ndarray:
    """Per theme, the decided submissions' verdicts weighted by similarity, minus their mean (zero if all agree).

    A decided submission never votes for itself.
    """
    count, themes = pooled.shape[:2]
    signal = np.zeros((count, themes))
    by_theme = np.ascontiguousarray(pooled.transpose(1, 0, 2))
    for theme in range(themes):
        verdicts = _verdicts(decisions, theme)
        labels = np.array([1.0 if accepted else 0.0 for accepted in verdicts.values()])
        if len(set(labels)) < 2:
            continue
        decided = np.array(list(verdicts))
        similarity = by_theme[theme] @ by_theme[theme, decided].T
        weight = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / NEIGHBOUR_TEMPERATURE)
        weight[decided, np.arange(len(decided))] = 0.0
        weight /= weight.sum(axis=1, keepdims=True) + 1e-12
        signal[:, theme] = weight @ labels - labels.mean()
    return signal


def language_centred(items: Sequence[SubmissionInput], languages: Sequence[str]) -> list[SubmissionInput]:
    """The items with each sentence vector moved by its language's offset on the call, re-normalised.

    A sentence ``v`` of a letter in language ``l`` becomes ``v - mean_l + mean_call`` (then unit
    length), the means taken over the sentences of the call's letters (of language ``l``, of all).
    A letter whose language is unknown or has fewer than ``MIN_LANGUAGE_LETTERS`` letters in the
    call keeps its vectors.
    """
    sums: dict[str, np.ndarray] = {}
    sentences: dict[str, int] = {}
    letters: dict[str, int] = {}
    for item, language in zip(items, languages, strict=True):
        if not len(item.vectors):
            continue
        total = item.vectors.astype(np.float32).sum(axis=0)
        for key in ("", language) if language else ("",):
            sums[key] = sums.get(key, 0) + total
            sentences[key] = sentences.get(key, 0) + len(item.vectors)
            letters[key] = letters.get(key, 0) + 1
    if not sentences:
        return list(items)
    call_mean = sums[""] / sentences[""]
    shift = {language: call_mean - sums[language] / sentences[language]
             for language in letters if language and letters[language] >= MIN_LANGUAGE_LETTERS}
    centred = []
    for item, language in zip(items, languages, strict=True):
        if language not in shift or not len(item.vectors):
            centred.append(item)
            continue
        vectors = item.vectors.astype(np.float32) + shift[language]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        centred.append(replace(item, vectors=vectors, vectors_key=""))
    return centred


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def adapt(prior: np.ndarray, items: Sequence[SubmissionInput], sims: Sequence[np.ndarray],
          decisions: Mapping[tuple[int, int], bool], signals: LearningSignals = ALL_SIGNALS,
          languages: Sequence[str] | None = None) -> np.ndarray:
    """The call's probabilities after learning from its staff decisions (prior unchanged without enough).

    ``decisions`` maps (submission index, theme index) to accepted; the returned
    probabilities of decided pairs do not matter to the caller (their tags are final).
    ``languages``: each submission's language (empty when unknown), for ``language_centred``.
    """
    if len(decisions) < MIN_DECISIONS or len(set(decisions.values())) < 2:
        return prior
    count, themes = prior.shape
    # Examples are still chosen by the sentences' similarity to the themes (what staff saw).
    compared = (language_centred(items, languages) if languages is not None and signals.language_centring
                else items)
    columns: list[np.ndarray] = []
    if signals.prototypes:
        columns.append(prototype_signal(compared, sims, themes, decisions))
    if signals.neighbours:
        columns.append(neighbour_signal(pooled_theme_vectors(compared, sims, themes), decisions))
    # Standardised on the call, so the ridge means the same on every call.
    columns = [c / (c.std() + 1e-6) for c in columns]
    staff = len(columns)
    if signals.theme_offset:
        columns += [np.broadcast_to((np.arange(themes) == t).astype(float), (count, themes)) for t in range(themes)]
    if not columns:
        return prior
    features = np.stack(columns, axis=-1)
    offset = np.clip(_logit(prior), -PRIOR_LOGIT_CAP, PRIOR_LOGIT_CAP)
    pairs = list(decisions)
    rows, cols = np.array([i for i, _ in pairs]), np.array([t for _, t in pairs])
    y = np.array([1.0 if decisions[pair] else 0.0 for pair in pairs])
    w = fit_correction(features[rows, cols], y, offset[rows, cols])
    w[:staff] = np.clip(w[:staff], 0.0, None)
    return 1.0 / (1.0 + np.exp(-np.clip(offset + features @ w, -30, 30)))
