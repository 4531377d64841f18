"""Text generators for drafted paragraphs: pluggable, extractive by default.

* ``ExtractiveBackend`` (default, offline): the UN's impersonal register around
  the most representative passages, quoted and footnoted to their sources.
* ``OpenAICompatibleBackend`` (opt-in): asks a self-hosted model behind an
  OpenAI-compatible ``/chat/completions`` endpoint to write the paragraph from
  the same passages; the model, prompt and inputs are recorded per paragraph.

Select with ``RAPPORTEUR_DRAFT_BACKEND=openai`` plus ``RAPPORTEUR_LLM_BASE_URL``,
``RAPPORTEUR_LLM_MODEL`` and (optionally) ``RAPPORTEUR_LLM_API_KEY``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.request
from dataclasses import dataclass, field

from reports.drafting.inputs import Quote
from reports.wording import LANGUAGE_NAMES, text
from synthesis.fingerprints import normalise
from synthesis.wordcount import count_words

MAX_QUOTES = 4
MAX_QUOTE_CHARS = 360
QUOTES = {"en": ("“", "”"), "fr": ("« ", " »"), "es": ("“", "”"), "ru": ("«", "»"), "zh": ("“", "”"),
          "ar": ("\"", "\"")}
SEPARATOR = {"en": "; ", "fr": " ; ", "es": "; ", "ru": "; ", "zh": "；", "ar": "؛ "}
END = {"en": ".", "fr": ".", "es": ".", "ru": ".", "zh": "。", "ar": "."}


@dataclass
class ParagraphDraft:
    text: str
    footnotes: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    generation: dict = field(default_factory=dict)
    # Submissions the paragraph rests on besides its quotes (e.g. a list of contributors).
    submissions: list = field(default_factory=list)


def footnote_marker(number: int) -> str:
    """How a paragraph's text refers to its n-th footnote; the renderer numbers them."""
    return f"{{fn{number}}}"


_SALUTATION = re.compile(
    r"^(dear|yours|excellenc|sincerely|madam|sir\b|mesdames|monsieur|madame|veuillez|estimad|atentamente|"
    r"уважаем|с уважением|السادة|سعادة|وتغتنم|تهدي|尊敬的|此致|顺致)|@|https?://|^\W*(page|p\.)\s*\d",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def quotable(passage: str) -> bool:
    """A full sentence of substance: not a heading, letterhead, salutation or address."""
    words = count_words(passage)
    cjk = bool(_CJK.search(passage))
    if words < (15 if cjk else 8) or _SALUTATION.search(passage.strip()):
        return False
    return passage.rstrip().endswith(tuple(".!?;:؟؛。！？；…\"”»)")) or words >= (30 if cjk else 20)


def choose_quotes(quotes: list[Quote], language: str, limit: int = MAX_QUOTES) -> list[Quote]:
    """The most representative passages: best scores, one per submission, no repeats.

    Passages already in the report's language rank a little higher: they need
    no translation before the report goes to editing.
    """
    ranked = sorted(
        quotes,
        key=lambda q: (q.excerpt is None, -(q.score + (0.1 if q.submission.language == language else 0))),
    )
    chosen, seen_text, seen_submission = [], set(), set()
    for quote in ranked:
        if quote.excerpt is None and not quotable(quote.text):
            continue
        key = normalise(quote.text)[:200]
        if key in seen_text or quote.submission.pk in seen_submission:
            continue
        seen_text.add(key)
        seen_submission.add(quote.submission.pk)
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen


def shorten(passage: str, limit: int = MAX_QUOTE_CHARS) -> str:
    passage = " ".join(passage.split()).rstrip(" .;。；")
    if len(passage) <= limit:
        return passage
    cut = passage[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut) + "…"


def source_footnote(quote: Quote, language: str, on: dt.date) -> str:
    submission = quote.submission
    page = text("footnote_page", language, page=quote.page) if quote.page else ""
    note = text("footnote_source", language, name=submission.contributor.running_name(language, on),
                reference=submission.reference, page=page)
    if submission.language and submission.language != language:
        note += text("footnote_original", language, name=LANGUAGE_NAMES[language][submission.language])
    return note


class ExtractiveBackend:
    name = "extractive"

    def theme_paragraph(self, *, language: str, theme_name: str, quotes: list[Quote], on: dt.date,
                        lead: str = "theme_lead") -> ParagraphDraft:
        chosen = choose_quotes(quotes, language)
        if not chosen:
            return ParagraphDraft(text="")
        opening, closing = QUOTES[language]
        parts = [f"{opening}{shorten(q.text)}{closing}{footnote_marker(i)}" for i, q in enumerate(chosen, start=1)]
        body = SEPARATOR[language].join(parts) + END[language]
        return ParagraphDraft(
            text=text(lead, language, theme=theme_name, quotes=body),
            footnotes=[source_footnote(q, language, on) for q in chosen],
            quotes=chosen,
            generation={"backend": self.name, "inputs": [q.submission.reference for q in chosen]},
        )


class OpenAICompatibleBackend(ExtractiveBackend):
    """Writes the paragraph with a self-hosted model; footnotes stay extractive."""

    name = "openai-compatible"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 120):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def prompt(self, language: str, theme_name: str, quotes: list[Quote]) -> list[dict]:
        passages = "\n".join(f"[{i}] ({q.submission.language or '?'}) {shorten(q.text, 800)}"
                             for i, q in enumerate(quotes, start=1))
        return [
            {"role": "system", "content": (
                "You draft paragraphs of United Nations reports. Write one paragraph in "
                f"{LANGUAGE_NAMES['en'][language]}, in the impersonal register of UN reports "
                "(\"Submissions noted that…\"), summarizing only what the numbered passages say. "
                "Cite each passage you use with its marker {fnN} right after the point it supports. "
                "Do not add facts, names or opinions.")},
            {"role": "user", "content": f"Theme: {theme_name}\nPassages:\n{passages}"},
        ]

    def theme_paragraph(self, *, language: str, theme_name: str, quotes: list[Quote], on: dt.date,
                        lead: str = "theme_lead") -> ParagraphDraft:
        chosen = choose_quotes(quotes, language)
        if not chosen:
            return ParagraphDraft(text="")
        messages = self.prompt(language, theme_name, chosen)
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions",
            data=json.dumps({"model": self.model, "messages": messages, "temperature": 0.2}).encode(),
            headers={"Content-Type": "application/json",
                     **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            answer = json.load(response)
        written = answer["choices"][0]["message"]["content"].strip()
        return ParagraphDraft(
            text=written,
            footnotes=[source_footnote(q, language, on) for q in chosen],
            quotes=chosen,
            generation={"backend": self.name, "model": self.model, "endpoint": self.base_url,
                        "prompt": messages, "inputs": [q.submission.reference for q in chosen]},
        )


def configured_backend() -> ExtractiveBackend:
    """The backend chosen by the environment; extractive unless told otherwise."""
    if os.environ.get("RAPPORTEUR_DRAFT_BACKEND", "extractive") == "openai":
        return OpenAICompatibleBackend(
            base_url=os.environ["RAPPORTEUR_LLM_BASE_URL"],
            model=os.environ.get("RAPPORTEUR_LLM_MODEL", "default"),
            api_key=os.environ.get("RAPPORTEUR_LLM_API_KEY", ""),
        )
    return ExtractiveBackend()
