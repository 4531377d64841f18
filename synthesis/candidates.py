"""Themes the call did not name: clusters of sentences, across submissions and languages, that fit no theme.

Offline and without a language model (decision 0017): the call's sentences
whose best similarity to every theme's queries is below FIT are clustered on
their multilingual embeddings (greedy centroid clustering, cosine ≥ JOIN); a
cluster with sentences from at least MIN_SUBMISSIONS submissions is proposed,
named by its most distinctive words (frequent in the cluster, rare in the call),
with its most central sentences as examples.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FIT = 0.38
JOIN = 0.55
MIN_WORDS = 8
MIN_SUBMISSIONS = 2
MIN_SENTENCES = 3
MIN_DISTINCT = 2  # different sentences, not one repeated
EXAMPLES = 5
_WORD = re.compile(r"[^\W\d_]{4,}|[\u3400-\u9fff]{2}", re.UNICODE)


@dataclass
class Sentence:
    submission: int  # index into the caller's submissions
    text: str
    vector: np.ndarray
    best_fit: float


@dataclass
class Cluster:
    name: str
    keywords: list[str]
    members: list[Sentence]
    centroid: np.ndarray

    def examples(self) -> list[tuple[Sentence, float]]:
        scored = sorted(((m, float(m.vector @ self.centroid)) for m in self.members), key=lambda p: -p[1])
        seen: set[str] = set()
        result = []
        for member, score in scored:
            if member.text not in seen:
                seen.add(member.text)
                result.append((member, score))
        return result[:EXAMPLES]

    @property
    def submissions(self) -> set[int]:
        return {m.submission for m in self.members}


def unfit_sentences(texts: Sequence[Sequence[str]], vectors: Sequence[np.ndarray],
                    sims: Sequence[np.ndarray]) -> list[Sentence]:
    """Sentences (long enough to say something) that no theme of the call fits."""
    result = []
    for index, (sentences, vecs, sim) in enumerate(zip(texts, vectors, sims, strict=True)):
        for position, text in enumerate(sentences):
            best = float(sim[position].max()) if sim.shape[1] else 0.0
            if best < FIT and len(_WORD.findall(text)) >= MIN_WORDS // 2:
                result.append(Sentence(index, text, vecs[position], best))
    return result


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def cluster(sentences: Sequence[Sentence], all_texts: Sequence[str]) -> list[Cluster]:
    """Greedy centroid clustering, proposed clusters only, biggest first."""
    groups: list[list[Sentence]] = []
    centroids: list[np.ndarray] = []
    for sentence in sorted(sentences, key=lambda s: s.best_fit):
        if centroids:
            sims = np.array([c @ sentence.vector for c in centroids])
            best = int(sims.argmax())
            if sims[best] >= JOIN:
                groups[best].append(sentence)
                centroid = np.mean([m.vector for m in groups[best]], axis=0)
                centroids[best] = centroid / (np.linalg.norm(centroid) + 1e-9)
                continue
        groups.append([sentence])
        centroids.append(sentence.vector / (np.linalg.norm(sentence.vector) + 1e-9))
    document_frequency = Counter(w for text in all_texts for w in set(_words(text)))
    total = max(len(all_texts), 1)
    result = []
    for members, centroid in zip(groups, centroids, strict=True):
        if len(members) < MIN_SENTENCES or len({m.submission for m in members}) < MIN_SUBMISSIONS:
            continue
        if len({m.text for m in members}) < MIN_DISTINCT:
            continue  # one sentence repeated (a campaign's letter, a boilerplate): not a theme
        counts = Counter(w for m in members for w in set(_words(m.text)))
        ranked = sorted(counts, key=lambda w: -counts[w] * math.log(total / (1 + document_frequency[w])))
        keywords = ranked[:6]
        result.append(Cluster(" / ".join(keywords[:3]).capitalize() if keywords else "Unnamed", keywords,
                              members, centroid))
    return sorted(result, key=lambda c: (-len(c.submissions), -len(c.members)))
