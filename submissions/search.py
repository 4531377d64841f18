"""Full-text search over submissions in the six UN languages (decision 0014).

PostgreSQL: one ``tsvector`` per submission, made of
- every word as written (``simple`` configuration: exact words, names, numbers);
- the words stemmed by the Snowball stemmer of each language the text is in
  (Arabic, English, French, Russian, Spanish), so "vaccines" finds "vaccine";
- overlapping character bigrams of every Chinese run: Chinese has no spaces and
  no stemmer, and most words are two characters, which a trigram index cannot
  look up ("人权" → "人权"; "人权合作" → "人权 权合 合作", searched as a phrase).

A query is matched against every stemmer at once (the officer's query language
is unknown), so one GIN index serves all six languages. SQLite (the embedded
demo) has no ``tsvector``: search falls back to ``LIKE`` on the plain text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

# CJK Unified Ideographs (+ extension A and compatibility ideographs).
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Snowball stemmers PostgreSQL ships for the UN languages (Chinese has none).
STEMMERS: dict[str, str] = {
    "ar": "arabic",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "ru": "russian",
}
REFERENCE_RE = re.compile(r"^[A-Za-z]{1,8}\d{0,4}-\d{1,6}$")


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping pairs of a run of Chinese characters (a single one stays alone)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_text(text: str) -> str:
    """``text`` with every Chinese run replaced by its bigrams, for the ``simple`` parser."""
    return CJK_RUN.sub(lambda m: " " + " ".join(cjk_bigrams(m.group())) + " ", text)


def stemmer_configs(languages: Iterable[str]) -> list[str]:
    """The PostgreSQL configurations to stem a text in these languages with."""
    return sorted({STEMMERS[code] for code in languages if code in STEMMERS})


def document_languages(declared: str, detected: str, shares: dict | None) -> list[str]:
    """The sender's language, the detected one, and any with at least 10 % of the words."""
    languages = {code for code in (declared, detected) if code}
    languages |= {code for code, share in (shares or {}).items() if (share or 0) >= 0.1}
    return sorted(languages)


def vector_sql(configs: list[str]) -> tuple[str, list[str]]:
    """SQL expression (and parameters after the text) building the stored vector."""
    parts = ["to_tsvector('simple'::regconfig, %s)"]
    parts += [f"to_tsvector('{config}'::regconfig, %s)" for config in configs]
    return " || ".join(parts), configs


def looks_like_reference(query: str) -> bool:
    return bool(REFERENCE_RE.match(query.strip()))


def postgres_query(query: str) -> SearchQuery | None:
    """A ``tsquery`` for what the officer typed, or None when there is nothing to find.

    Words: as typed OR stemmed in any language (websearch syntax: quotes, ``or``,
    ``-word``). Chinese runs: their bigrams as a phrase; a single character as a prefix.
    """
    parts: list[SearchQuery] = []
    for run in CJK_RUN.findall(query):
        if len(run) == 1:
            parts.append(SearchQuery(f"{run}:*", config="simple", search_type="raw"))
        else:
            phrase = " <-> ".join(cjk_bigrams(run))
            parts.append(SearchQuery(phrase, config="simple", search_type="raw"))
    rest = CJK_RUN.sub(" ", query).strip()
    if rest and re.search(r"\w", rest):
        words = SearchQuery(rest, config="simple", search_type="websearch")
        for config in sorted(set(STEMMERS.values())):
            words |= SearchQuery(rest, config=config, search_type="websearch")
        parts.append(words)
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined &= part
    return combined


def fallback_filter(query: str, field: str = "body") -> Q:
    """SQLite: every whitespace-separated term must occur (case-insensitive)."""
    condition = Q()
    for term in query.split():
        term = term.strip("\"'")
        if term:
            condition &= Q(**{f"{field}__icontains": term})
    return condition
