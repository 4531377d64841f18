"""Learning a call's theme model from staff decisions (decision 0017).

Each accepted or rejected theme teaches the call's model two things:

* **staff prototypes** — the sentences of a submission that best carry a theme
  staff accepted (or rejected) there join the theme's positive (or negative)
  examples; every other submission is compared with them, sentence by sentence,
  in whatever language either is written;
* **a per-call correction** — a small logistic model over (the prior score's
  logit, positive minus negative prototype similarity), fitted on the call's
  decided pairs and pulled towards "trust the prior" (ridge towards weights
  (1, 0), bias 0), so a handful of decisions cannot overturn it.

Pure numpy; ``synthesis.services.learning`` feeds it from the database.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from synthesis.tagging import SubmissionInput

# The sentences of a decided submission that stand for a theme there.
EXAMPLE_SENTENCES = 3
# Ridge strength pulling the correction towards the prior.
PRIOR_STRENGTH = 4.0
MIN_DECISIONS = 6


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
        p = 1.0 / (1.0 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + penalty * (w - target)
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def staff_prototype_similarity(items: Sequence[SubmissionInput], sims: Sequence[np.ndarray], themes: int,
                               decisions: Mapping[tuple[int, int], bool]) -> tuple[np.ndarray, np.ndarray]:
    """(positive, negative): each submission's similarity to the staff examples of each theme.

    Similarity is the mean of the submission's 3 best sentences' best match among
    the examples; a submission's own examples never count for itself.
    """
    count = len(items)
    positive, negative = np.zeros((count, themes)), np.zeros((count, themes))
    for theme in range(themes):
        for accepted, out in ((True, positive), (False, negative)):
            owners, examples = [], []
            for (index, t), decision in decisions.items():
                if t != theme or decision is not accepted or not len(items[index].vectors):
                    continue
                best = np.argsort(-sims[index][:, theme])[:EXAMPLE_SENTENCES]
                examples.append(items[index].vectors[best])
                owners += [index] * len(best)
            if not examples:
                continue
            bank, owner = np.vstack(examples), np.array(owners)
            for index, item in enumerate(items):
                keep = owner != index
                if not keep.any() or not len(item.vectors):
                    continue
                match = (item.vectors @ bank[keep].T).max(axis=1)
                out[index, theme] = np.sort(match)[::-1][:3].mean()
    return positive, negative


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def adapt(prior: np.ndarray, items: Sequence[SubmissionInput], sims: Sequence[np.ndarray],
          decisions: Mapping[tuple[int, int], bool]) -> np.ndarray:
    """The call's probabilities after learning from its staff decisions (prior unchanged without enough)."""
    if len(decisions) < MIN_DECISIONS or len(set(decisions.values())) < 2:
        return prior
    positive, negative = staff_prototype_similarity(items, sims, prior.shape[1], decisions)
    features = np.stack([_logit(prior), positive - negative], axis=-1)
    pairs = list(decisions)
    x = np.array([features[i, t] for i, t in pairs])
    y = np.array([1.0 if decisions[pair] else 0.0 for pair in pairs])
    # The staff feature's scale: standardise it on the call, so the prior pull means the same everywhere.
    scale = features[..., 1].std() + 1e-6
    x[:, 1] /= scale
    w = fit_logistic(x, y, l2=PRIOR_STRENGTH, prior=np.array([1.0, 0.0, 0.0]))
    z = w[0] * features[..., 0] + w[1] * features[..., 1] / scale + w[2]
    return 1.0 / (1.0 + np.exp(-z))
