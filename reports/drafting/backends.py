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
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from reports.drafting.inputs import Quote
from reports.wording import LANGUAGE_NAMES, text
from synthesis.wordcount import count_words

MAX_QUOTES = 3
MAX_QUOTE_CHARS = 360
QUOTES = {"en": ("“", "”"), "fr": ("« ", " »"), "es": ("“", "”"), "ru": ("«", "»"), "zh": ("“", "”"),
          "ar": ("\"", "\"")}
# Between sentences of a paragraph (Chinese sets none).
SPACE = {"en": " ", "fr": " ", "es": " ", "ru": " ", "zh": "", "ar": " "}


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
    r"уважаем|с уважением|السادة|سعادة|وتغتنم|تهدي|尊敬的|此致|顺致|"
    r"(subject|re|objet|asunto|тема|الموضوع|事由|主题)\s*[:：])|@|https?://|^\W*(page|p\.)\s*\d",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")
# A sentence ends with its punctuation, possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?。！？؟][\"'”»’)\]）」]*$")
_OPENERS = "\"'“«„‘(（「"
MAX_SENTENCE_WORDS = 90


def whole_sentence(passage: str) -> bool:
    """Starts as a sentence starts (a capital, a caseless script's letter or a digit) and ends with its punctuation.

    The guard every quotation passes, whatever segmentation produced the passage.
    """
    stripped = " ".join(passage.split())
    first = stripped.lstrip(_OPENERS)[:1]
    if not first or stripped.endswith(("…", "...")):
        return False
    category = unicodedata.category(first)
    if category not in ("Lu", "Lt", "Lo") and not first.isdigit():
        return False
    return bool(_SENTENCE_END.search(stripped))


@lru_cache(maxsize=4096)
def passage_language(passage: str) -> str:
    from synthesis.language_detection import detect_language

    return detect_language(passage)


def quotable(passage: str) -> bool:
    """A whole sentence of substance: not a heading, letterhead, salutation, address or fragment."""
    words = count_words(passage)
    cjk = bool(_CJK.search(passage))
    if words < (15 if cjk else 8) or words > (MAX_SENTENCE_WORDS * 3 if cjk else MAX_SENTENCE_WORDS):
        return False
    if _SALUTATION.search(passage.strip()):
        return False
    return whole_sentence(passage)


_SOURCE_TEXTS: dict[int, str] = {}


def _source_text(quote: Quote) -> str:
    submission = quote.submission
    if submission.pk not in _SOURCE_TEXTS:
        if len(_SOURCE_TEXTS) > 2000:
            _SOURCE_TEXTS.clear()
        parts = [submission.text, *(a.extracted_text for a in submission.attachments.all())]
        _SOURCE_TEXTS[submission.pk] = "\n".join(p for p in parts if p)
    return _SOURCE_TEXTS[submission.pk]


def starts_a_sentence_in_source(quote: Quote) -> bool:
    """False when the source shows the passage continuing a sentence ("…recalled the\nDurban Declaration…").

    Guards quotations whatever segmentation produced the evidence: the word before the
    passage must end a sentence, open a paragraph or a heading line, not be running text.
    """
    if quote.excerpt is not None:
        return True  # staff chose it
    source = _source_text(quote)
    head = " ".join(quote.text.split()[:6])
    match = re.search(r"\s+".join(re.escape(word) for word in head.split()), source)
    if match is None:
        return True
    before = source[max(0, match.start() - 120):match.start()]
    if not before.strip() or re.search(r"\n\s*\n\s*$", before):
        return True
    stripped = before.rstrip()
    if stripped[-1] in ".!?。！？؟:;\"”»)]":
        return True
    last_word = re.findall(r"\w+", stripped[-40:])
    return not (last_word and last_word[-1].islower())


def may_quote(quote: Quote, language: str, avoid: tuple[str, ...] = ()) -> bool:
    """Quoted verbatim only with consent, as a whole sentence, in the report's own language.

    ``avoid``: names a quotation must not contain (a Member State naming itself in chapter III).
    """
    if not quote.may_quote or not quotable(quote.text):
        return False
    if any(name and name in quote.text for name in avoid):
        return False
    if passage_language(" ".join(quote.text.split())) != language:
        return False
    return starts_a_sentence_in_source(quote)


def choose_quotes(quotes: list[Quote], language: str, limit: int = MAX_QUOTES,
                  used: set[str] | None = None, avoid: tuple[str, ...] = ()) -> list[Quote]:
    """The most representative quotable passages: staff excerpts first, best scores, one per submission.

    ``used`` holds the passages already used elsewhere in the draft; chosen ones are added to it,
    so no passage appears twice in a report.
    """
    used = used if used is not None else set()
    ranked = sorted(quotes, key=lambda q: (q.excerpt is None, -q.score))
    chosen: list[Quote] = []
    seen_submission: set[int] = set()
    for quote in ranked:
        if quote.key in used or quote.submission.pk in seen_submission or not may_quote(quote, language, avoid):
            continue
        used.add(quote.key)
        seen_submission.add(quote.submission.pk)
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen


def shorten(passage: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """A passage cut for a model's prompt (never for a quotation: those are whole sentences)."""
    passage = " ".join(passage.split())
    return passage if len(passage) <= limit else passage[:limit] + "…"


def quoted(passage: str, language: str) -> str:
    opening, closing = QUOTES[language]
    return f"{opening}{' '.join(passage.split())}{closing}"


def source_footnote(quote: Quote, language: str, on: dt.date, *, named: bool = True) -> str:
    submission = quote.submission
    page = text("footnote_page", language, page=quote.page) if quote.page else ""
    if named:
        note = text("footnote_source", language, name=_printable_name(submission, language, on),
                    reference=submission.reference, page=page)
    else:
        note = text("footnote_reference", language, reference=submission.reference, page=page)
    if submission.language and submission.language != language:
        note += text("footnote_original", language, name=LANGUAGE_NAMES[language][submission.language])
    return note


def running_theme(name: str, language: str) -> str:
    """A theme's title as it reads inside a sentence ("state surveillance", but "COVID-19")."""
    if language in ("en", "fr", "es", "ru") and len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _printable_name(submission, language: str, on: dt.date) -> str:
    """The name in running text when it is in the report's script, else the editor's marked gap (never another
    script in the text)."""
    from reports.wording import in_script

    name = submission.contributor.running_name(language, on)
    return name if in_script(name, language) else text("name_missing", language, reference=submission.reference)


def _sentence(value: str) -> str:
    return value[:1].upper() + value[1:] if value else value


def _notes(quotes: list[Quote]) -> list[dict]:
    """The evidence an editor sees beside a paragraph (never printed)."""
    return [{"reference": q.submission.reference, "text": q.text, "page": q.page,
             "quotable": q.may_quote} for q in quotes]


class ExtractiveBackend:
    """UN prose around whole-sentence quotations in the report's language; offline, no model."""

    name = "extractive"

    def theme_paragraph(self, *, language: str, theme_name: str, quotes: list[Quote], on: dt.date,
                        lead: str = "theme_lead", attributed: bool = False,
                        used: set[str] | None = None, avoid: tuple[str, ...] = ()) -> ParagraphDraft:
        """A paragraph on one theme of one chapter.

        Views are not attributed (Member States: "One submission emphasized: …"), or, with
        ``attributed``, carried by the organization's name; contributors who declined
        publication and individuals without consent are neither quoted nor named.
        """
        if not quotes:
            return ParagraphDraft(text="")
        submissions = list({q.submission.pk: q.submission for q in quotes}.values())
        theme = running_theme(theme_name, language)
        count_key = "addressed_one" if len(submissions) == 1 else "addressed_several"
        sentences = [text(count_key, language, theme=theme)]
        chosen = choose_quotes(quotes, language, used=used, avoid=avoid)
        footnotes: list[str] = []
        for index, quote in enumerate(chosen):
            if attributed:
                name = _sentence(_printable_name(quote.submission, language, on))
                key = "named_quote_first" if index == 0 else "named_quote_next"
                footnotes.append(text("footnote_reference", language, reference=quote.submission.reference,
                                      page=text("footnote_page", language, page=quote.page) if quote.page else ""))
                sentences.append(text(key, language, name=name, quote=quoted(quote.text, language))
                                 + footnote_marker(len(footnotes)))
            else:
                key = ("unattributed_quote_first", "unattributed_quote_next", "unattributed_quote_more")[min(index, 2)]
                if len(submissions) == 1:
                    key = "unattributed_quote_single"
                sentences.append(text(key, language, quote=quoted(quote.text, language)))
        return ParagraphDraft(
            text=SPACE[language].join(sentences),
            footnotes=footnotes,
            quotes=chosen,
            generation={"backend": self.name, "inputs": [q.submission.reference for q in chosen],
                        "passages": [q.key for q in chosen], "notes": _notes(quotes)},
            submissions=submissions,
        )

    def entity_paragraph(self, *, language: str, name: str, short: str, theme_names: list[str],
                         quotes: list[Quote], on: dt.date, used: set[str] | None = None) -> ParagraphDraft:
        """One paragraph per intergovernmental organization or UN entity, the entity as subject."""
        from reports.wording import join_themes, sort_key

        themes = join_themes([running_theme(t, language) for t in theme_names], language)
        if short and sort_key(short, language) == sort_key(name, language):
            short = ""
        subject = _sentence(name) + (f" ({short})" if short else "")
        sentences = [text("entity_addressed", language, name=subject, themes=themes) if themes
                     else text("entity_contributed", language, name=subject)]
        chosen = choose_quotes(quotes, language, limit=2, used=used)
        footnotes: list[str] = []
        for index, quote in enumerate(chosen):
            key = "entity_quote_first" if index == 0 else "entity_quote_next"
            if not short:
                key = "entity_quote_it" if index == 0 else "entity_quote_it_next"
            footnotes.append(source_footnote(quote, language, on, named=False))
            sentences.append(text(key, language, short=short, quote=quoted(quote.text, language))
                             + footnote_marker(len(footnotes)))
        if not chosen and quotes:
            # Cited, not pasted: the passage is in another language (or may not be quoted).
            footnotes.append(source_footnote(quotes[0], language, on, named=False))
            sentences[0] += footnote_marker(1)
        submissions = list({q.submission.pk: q.submission for q in quotes}.values())
        return ParagraphDraft(
            text=SPACE[language].join(sentences), footnotes=footnotes, quotes=chosen,
            generation={"backend": self.name, "inputs": [q.submission.reference for q in chosen],
                        "passages": [q.key for q in chosen], "notes": _notes(quotes)},
            submissions=submissions,
        )


MAX_MODEL_PASSAGES = 4


def model_passages(quotes: list[Quote], used: set[str] | None = None, limit: int = MAX_MODEL_PASSAGES) -> list[Quote]:
    """Passages the model condenses: any language, staff excerpts and best scores first, one per submission.

    Unlike quotations, passages of contributors who declined publication come too (summarised,
    never quoted: the guardrails check it).
    """
    # ``used`` guards verbatim quotations; condensing the same evidence again in another group's
    # paragraph (two contributors said the same) is not a repeated quotation, so it is not consulted.
    chosen: list[Quote] = []
    seen: set[int] = set()
    for quote in sorted(quotes, key=lambda q: (q.excerpt is None, -q.score)):
        if quote.submission.pk in seen or count_words(quote.text) < 5:
            continue
        seen.add(quote.submission.pk)
        chosen.append(quote)
        if len(chosen) == limit:
            break
    return chosen


def personal_names(quotes: list[Quote]) -> tuple[str, ...]:
    """Names the model does not need: individuals who wrote, and every submission's contact person."""
    names: list[str] = []
    for quote in quotes:
        submission = quote.submission
        names.append(submission.contact_name)
        if submission.contributor.category == "individual":
            names.append(submission.contributor.name)
    return tuple(n for n in names if n)


class OpenAICompatibleBackend(ExtractiveBackend):
    """Writes theme paragraphs with a self-hosted model, under guardrails (decision 0022).

    Passages of every language go to the model redacted (no e-mails, links, telephone numbers,
    individuals' or contact persons' names); its answer is checked sentence by sentence and the
    flags are kept in ``generation["flags"]`` for the editor. A paragraph already written for the
    same inputs (``ParagraphGeneration``) is taken as it is: a killed job resumes where it stopped.
    """

    name = "openai-compatible"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 120,
                 client: object | None = None, max_tokens: int | None = None):
        from reports.drafting.llm import LLMClient

        self.client: LLMClient = client if isinstance(client, LLMClient) else LLMClient(
            base_url=base_url, model=model, api_key=api_key, timeout=timeout)
        self.base_url = self.client.base_url.rstrip("/")
        self.model = self.client.model
        self.max_tokens = max_tokens

    def theme_paragraph(self, *, language: str, theme_name: str, quotes: list[Quote], on: dt.date,
                        lead: str = "theme_lead", attributed: bool = False,
                        used: set[str] | None = None, avoid: tuple[str, ...] = ()) -> ParagraphDraft:
        import hashlib

        from django.utils import timezone

        from reports.drafting import guardrails, llm
        from reports.models_generation import ParagraphGeneration

        chosen = model_passages(quotes, used=used)
        if not chosen:
            return ParagraphDraft(text="")
        names = personal_names(quotes)
        passages = [guardrails.SourcePassage(text=guardrails.redact(shorten(q.text, 800), names),
                                             language=q.submission.language or passage_language(q.text),
                                             quotable=q.may_quote, reference=q.submission.reference)
                    for q in chosen]
        digest = hashlib.sha256(json.dumps([self.model, "write", language, theme_name, attributed,
                                            [p.text for p in passages]]).encode()).hexdigest()
        record, _ = ParagraphGeneration.objects.get_or_create(
            call_id=chosen[0].submission.call_id, language=language, job="write", input_hash=digest)
        if record.state != ParagraphGeneration.State.DONE:
            record.attempts += 1
            record.state = ParagraphGeneration.State.RUNNING
            record.save(update_fields=["attempts", "state"])
            generated = llm.write_paragraph(self.client, language=language, theme=theme_name, passages=passages,
                                            max_tokens=self.max_tokens, space=SPACE[language])
            record.text = generated.text
            record.result = {"cited": generated.cited, "generation": generated.record}
            record.state = ParagraphGeneration.State.DONE
            record.finished_at = timezone.now()
            record.save(update_fields=["text", "result", "state", "finished_at"])
        text_, cited = record.text, list(record.result["cited"])
        if not cited:
            # Nothing cited: every passage is footnoted at the end, and the paragraph stays flagged.
            cited = list(range(1, len(chosen) + 1))
            text_ += "".join(footnote_marker(i) for i in cited)
        cited_quotes = [chosen[n - 1] for n in cited]
        generation = {**record.result["generation"], "inputs": [q.submission.reference for q in chosen],
                      "passages": [q.key for q in chosen], "notes": _notes(quotes), "record": record.pk}
        return ParagraphDraft(
            text=text_,
            footnotes=[source_footnote(q, language, on, named=attributed and q.may_quote) for q in cited_quotes],
            quotes=cited_quotes,
            generation=generation,
            submissions=list({q.submission.pk: q.submission for q in chosen}.values()),
        )


def model_flags(generation: dict) -> list[dict]:
    """What an editor must look at before a model's paragraph may be printed unmarked ([] when reviewed)."""
    if generation.get("backend") != OpenAICompatibleBackend.name or generation.get("reviewed"):
        return []
    return list(generation.get("flags", [])) or [{"sentence": None, "flag": "unreviewed-model-text"}]


def configured_backend() -> ExtractiveBackend:
    """The backend chosen by the environment; extractive unless told otherwise."""
    if os.environ.get("RAPPORTEUR_DRAFT_BACKEND", "extractive") == "openai":
        from reports.drafting.llm import LLMClient

        client = LLMClient.from_environment()
        return OpenAICompatibleBackend(base_url=client.base_url, model=client.model, client=client)
    return ExtractiveBackend()
