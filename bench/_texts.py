"""Realistic submission texts for benchmarks, built from the real ones in the repository.

Sources: ``eval/calls/*/sources/texts/`` and ``demo/tools/texts/`` (six languages). A
unique submission is sentences of one language drawn at random and varied word by
word (so two of them are no nearer than unrelated texts), of real length (log-normal,
median 7,000 characters, at most 84,000 = a 20-page submission); a campaign letter is
an evaluation call's campaign letter with its own greeting, signature and town,
sometimes a paragraph dropped or a personal sentence added.
"""
from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter

from _setup import ROOT

SOURCES = [*sorted(ROOT.glob("eval/calls/*/sources/texts/*.txt")), *sorted((ROOT / "demo/tools/texts").glob("*.txt"))]
_SENTENCE = re.compile(r"(?<=[.!?。！？؟])\s+|(?<=[。！？])|\n+")
GREETINGS = {"es": ["Estimado Secretario General:", "Señor Secretario General:", "Estimada Alta Comisionada:"],
             "fr": ["Monsieur le Secrétaire général,", "Madame la Haute-Commissaire,", "Monsieur,"]}
SIGNOFFS = {"es": ["Atentamente,", "Saludos cordiales,", "Con mis mejores deseos,"],
            "fr": ["Veuillez agréer mes salutations distinguées,", "Cordialement,", "Respectueusement,"]}
TOWNS = ["Bogotá", "Quito", "Lima", "Montevideo", "Rosario", "Lyon", "Dakar", "Liège", "Valparaíso", "Cusco"]
FIRST = ["Ana", "Luis", "María", "José", "Camille", "Léa", "Marc", "Sofía", "Diego", "Inès", "Paula", "Jean"]
LAST = ["García", "Martín", "Rodríguez", "Dubois", "Moreau", "López", "Diallo", "Pérez", "Fernández", "Laurent"]


def load_corpus() -> tuple[dict[str, list[str]], dict[str, str], dict[str, str]]:
    """Sentences per language, the letters of each language, and campaign templates by language."""
    from synthesis.language_detection import language_shares, main_language

    pools: dict[str, list[str]] = {}
    campaigns: dict[str, str] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        language = main_language(text, language_shares(text))
        if path.name.startswith("camp-"):
            campaigns[language] = text
            continue
        pools.setdefault(language, []).extend(s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 20)
    # Replacement letters (lower case) of the language's own script only: a Russian word with Latin letters in it
    # reads as garbled text (``synthesis.passages.garbled``) and would never be scored.
    alphabets = {}
    for lang, sentences in pools.items():
        letters = Counter(c for s in sentences for c in s if c.isalpha())
        scripts = Counter()
        for letter, n in letters.items():
            scripts[_script(letter)] += n
        main = scripts.most_common(1)[0][0]
        alphabets[lang] = "".join(sorted(c for c in letters if _script(c) == main and not c.isupper()))
    return pools, alphabets, campaigns


def _script(letter: str) -> str:
    """LATIN, CYRILLIC, ARABIC, CJK…: the first word of the character's Unicode name."""
    return unicodedata.name(letter, "UNKNOWN").split(" ")[0]


def vary(sentence: str, rng: random.Random, alphabet: str, language: str) -> str:
    """The sentence with about a third of its words (characters, in Chinese) replaced: a text of its own."""
    sentence = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), sentence)
    if language == "zh":
        return "".join(rng.choice(alphabet) if c.isalpha() and rng.random() < 0.35 else c for c in sentence)
    words = sentence.split(" ")
    return " ".join("".join(rng.choice(alphabet) for _ in range(len(w))) if len(w) > 3 and rng.random() < 0.35
                    else w for w in words)


def unique_text(rng: random.Random, language: str, pools: dict[str, list[str]], alphabets: dict[str, str]) -> str:
    target = int(min(84_000, max(800, rng.lognormvariate(math.log(7_000), 0.9))))
    paragraphs, paragraph, size = [], [], 0
    while size < target:
        sentence = vary(rng.choice(pools[language]), rng, alphabets[language], language)
        paragraph.append(sentence)
        size += len(sentence) + 1
        if len(paragraph) >= rng.randint(3, 6):
            paragraphs.append(("" if language == "zh" else " ").join(paragraph))
            paragraph = []
    paragraphs.append(("" if language == "zh" else " ").join(paragraph))
    return "\n\n".join(p for p in paragraphs if p)


def campaign_letter(rng: random.Random, template: str, language: str, name: str, pools: dict[str, list[str]],
                    alphabets: dict[str, str]) -> str:
    body = [p for p in template.split("\n\n") if p.strip()][1:-1]
    if len(body) > 3 and rng.random() < 0.15:
        del body[rng.randrange(len(body))]
    if rng.random() < 0.3:
        body.insert(rng.randrange(len(body) + 1), vary(rng.choice(pools[language]), rng, alphabets[language], language))
    signoff = f"{rng.choice(SIGNOFFS[language])}\n{name}\n{rng.choice(TOWNS)}"
    return "\n\n".join([rng.choice(GREETINGS[language]), *body, signoff])
