"""The UNBIS Thesaurus: carrying a phrase from one UN language into the other five.

Themes are usually described in English only; a French or Chinese submission on
"official development assistance" says "aide publique au développement" or
"官方发展援助". Where a theme's keyword is a UNBIS concept, its five other labels
become keywords too.
"""
from __future__ import annotations

import csv
import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

from submissions.multilingual import UN_LANGUAGES
from synthesis.charsets import character_set

TERMS_FILE = Path(__file__).resolve().parent / "reference" / "unbis_terms.tsv"


def fold(text: str) -> str:
    """Lower-case, strip accents (UNBIS fr/es labels have none), unify quotes and spaces."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("-", " "))
    if not text.isascii():  # ASCII has no combining marks
        text = _combining_marks(0, 0xFFFF).sub("", text)
        if _ASTRAL.search(text):
            text = _combining_marks(0x10000, sys.maxunicode).sub("", text)
    # str.split's white space is the regular expression's ``\s`` (both Py_UNICODE_ISSPACE): runs made one space.
    return " ".join(text.split())


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=2)
def _combining_marks(first: int, last: int) -> re.Pattern[str]:
    """The characters from ``first`` to ``last`` with a combining class, as one character set: what ``fold`` drops.

    Removed by the regular expression engine rather than a Python test per character (issue 15:
    ``fold`` runs on every submission's text and passages, 0.43 -> 0.06 ms on 8,000 characters).
    Built from ``unicodedata`` on first use, so it is the very set ``unicodedata.combining`` tells:
    the BMP's (4 ms; a bitmap the engine tests at once), and those beyond it (45 ms, ranges it
    tests one by one) only for a process that meets a text with such characters.
    """
    return character_set(code for code in range(first, last + 1) if unicodedata.combining(chr(code)))


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with TERMS_FILE.open(encoding="utf-8") as handle:
        return tuple(
            {lang: (row.get(lang) or "").strip() for lang in UN_LANGUAGES}
            for row in csv.DictReader(handle, delimiter="\t")
        )


def _vector_cache() -> Path:
    """Where the labels' embeddings are kept between processes, keyed by the terms file's content."""
    import hashlib

    digest = hashlib.sha256(TERMS_FILE.read_bytes()).hexdigest()[:16]
    root = Path(os.environ.get("RAPPORTEUR_CACHE_DIR") or Path(__file__).resolve().parent.parent / "var" / "cache")
    return root / f"unbis-use-m3-{digest}.npy"


@lru_cache(maxsize=1)
def thesaurus_vectors() -> tuple[tuple[dict[str, str], ...], np.ndarray]:
    """Every concept's labels and the embedding of its English label.

    Embedding 7,121 labels takes a minute on two cores, so the vectors are
    computed once and kept on disk (float16) for every later process.
    """
    from synthesis.embeddings import embed

    rows = _rows()
    cache = _vector_cache()
    if cache.is_file():
        vectors = np.load(cache).astype(np.float32)
        if len(vectors) == len(rows):
            return rows, vectors
    vectors = embed([row["en"] or row["fr"] for row in rows])
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(temporary, vectors.astype(np.float16))
        temporary.replace(cache)
    except OSError:
        pass  # a read-only tree: compute again next time
    return rows, vectors


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, dict[str, str]]]:
    """language → folded label → the concept's labels in every language."""
    index: dict[str, dict[str, dict[str, str]]] = {lang: {} for lang in UN_LANGUAGES}
    for labels in _rows():
        for lang, label in labels.items():
            if label:
                index[lang].setdefault(fold(label), labels)
    return index


def _variants(phrase: str) -> list[str]:
    folded = fold(phrase)
    variants = [folded]
    if folded.endswith("s"):
        variants.append(folded[:-1])
    else:
        variants.append(folded + "s")
    return variants


@lru_cache(maxsize=8192)
def translations(phrase: str, language: str = "en") -> dict[str, str]:
    """The phrase's UNBIS labels in the other languages, or {} if it is not a concept."""
    entries = _index().get(language, {})
    for variant in _variants(phrase):
        labels = entries.get(variant)
        if labels:
            return {lang: label for lang, label in labels.items() if lang != language and label}
    return {}
