"""Client for a self-hosted model behind an OpenAI-compatible ``/chat/completions`` endpoint.

Requests are chunked (no prompt over ``RAPPORTEUR_LLM_MAX_PROMPT_CHARS``), time-limited
per request and per job, and retried with exponential backoff on network errors, 429
and 5xx answers. The two jobs the report needs are here: ``write_paragraph`` (a theme
paragraph in UN register from passages of any language) and ``translate_paragraph``
(a paragraph into a language version); both return text checked by ``guardrails``.
"""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from reports.drafting import guardrails
from reports.drafting.guardrails import SourcePassage

T = TypeVar("T")

LANGUAGE = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}


class LLMError(RuntimeError):
    """The model server could not answer within the retries and time allowed."""


def chunks(items: Iterable[T], budget: int, size: Callable[[T], int]) -> list[list[T]]:
    """Consecutive groups whose total size stays within ``budget`` (an item too big goes alone)."""
    out: list[list[T]] = []
    current: list[T] = []
    used = 0
    for item in items:
        n = size(item)
        if current and used + n > budget:
            out.append(current)
            current, used = [], 0
        current.append(item)
        used += n
    if current:
        out.append(current)
    return out


@dataclass
class LLMClient:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 120.0
    retries: int = 3
    backoff: float = 2.0
    max_tokens: int = 400
    max_prompt_chars: int = 6000
    # Requests made, for the record and for tests that check a resumed job skips finished work.
    calls: int = field(default=0, compare=False)

    @classmethod
    def from_environment(cls) -> LLMClient:
        env = os.environ.get
        return cls(base_url=env("RAPPORTEUR_LLM_BASE_URL", ""), model=env("RAPPORTEUR_LLM_MODEL", "default"),
                   api_key=env("RAPPORTEUR_LLM_API_KEY", ""),
                   timeout=float(env("RAPPORTEUR_LLM_TIMEOUT", "120")),
                   retries=int(env("RAPPORTEUR_LLM_RETRIES", "3")),
                   max_tokens=int(env("RAPPORTEUR_LLM_MAX_TOKENS", "400")),
                   max_prompt_chars=int(env("RAPPORTEUR_LLM_MAX_PROMPT_CHARS", "6000")))

    def chat(self, messages: list[dict], *, max_tokens: int | None = None, temperature: float = 0.2) -> str:
        """One completion; retried with backoff, each attempt limited to ``timeout`` seconds."""
        body = json.dumps({"model": self.model, "messages": messages, "temperature": temperature,
                           "max_tokens": max_tokens or self.max_tokens}).encode()
        headers = {"Content-Type": "application/json",
                   **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})}
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(f"{self.base_url.rstrip('/')}/chat/completions", data=body,
                                             headers=headers)
            self.calls += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    answer = json.load(response)
                return str(answer["choices"][0]["message"]["content"] or "").strip()
            except urllib.error.HTTPError as error:
                last = error
                if error.code not in (408, 429) and error.code < 500:
                    break  # our request is wrong: retrying will not help
            except (urllib.error.URLError, TimeoutError, ConnectionError, KeyError, ValueError) as error:
                last = error
        raise LLMError(f"model server {self.base_url}: {last}")


@dataclass
class Generated:
    """A paragraph the model wrote, with its checks and the full record of how."""

    text: str
    cited: list[int]
    checked: guardrails.Checked
    record: dict

    @property
    def flags(self) -> list[dict]:
        return list(self.record["flags"])


def _write_messages(language: str, theme: str, passages: list[SourcePassage], first: int) -> list[dict]:
    listing = "\n".join(f"[{first + i}] ({p.language or '?'}) {p.text}" for i, p in enumerate(passages))
    return [
        {"role": "system", "content": (
            f"You draft paragraphs of United Nations reports. Write in {LANGUAGE[language]} only, in the "
            "impersonal register of UN reports (\"Submissions noted that…\", \"It was stressed that…\"). "
            "Paraphrase and condense what the numbered passages say, whatever their language; never copy "
            "them word for word. End every sentence with the numbers of the passages it rests on, in "
            "square brackets, e.g. [1] or [1, 2]. Add no facts, numbers, names or opinions.")},
        {"role": "user", "content": f"Theme: {theme}\nPassages:\n{listing}\n\nParagraph in {LANGUAGE[language]}:"},
    ]


def _translate_messages(text: str, source: str, target: str) -> list[dict]:
    return [
        {"role": "system", "content": (
            f"You translate United Nations reports from {LANGUAGE[source]} into {LANGUAGE[target]}, in the "
            "register of official UN translations. Keep every marker such as [1] or {fn1} where it is. "
            "Translate only; add and omit nothing.")},
        {"role": "user", "content": text},
    ]


def ask_checked(client: LLMClient, messages: list[dict], language: str, passages: list[SourcePassage],
             max_tokens: int | None, attempts: list[dict]) -> guardrails.Checked:
    """Ask, check; wrong language is asked once more (then flagged)."""
    checked = None
    for retry in range(2):
        asked = messages if not retry else [*messages, {"role": "user", "content": (
            f"Your answer was not in {LANGUAGE[language]}. Write it again in {LANGUAGE[language]} only.")}]
        answer = client.chat(asked, max_tokens=max_tokens)
        checked = guardrails.check(answer, language, passages)
        attempts.append({"messages": asked, "output": answer, "language": checked.language})
        if checked.language == language:
            break
    assert checked is not None
    return checked


def _record(kind: str, client: LLMClient, language: str, passages: list[SourcePassage], attempts: list[dict],
            checked: guardrails.Checked, **extra: object) -> dict:
    return {"backend": "openai-compatible", "job": kind, "model": client.model, "endpoint": client.base_url,
            "language": language, "prompt": attempts[0]["messages"] if attempts else [],
            "passages_sent": [{"n": i, "text": p.text, "language": p.language, "reference": p.reference,
                               "quotable": p.quotable} for i, p in enumerate(passages, start=1)],
            "attempts": attempts, "sentences": [s.as_dict() for s in checked.sentences],
            "flags": guardrails.summary(checked), "reviewed": False, **extra}


def _merge(parts: list[guardrails.Checked], language: str) -> guardrails.Checked:
    merged = guardrails.Checked(sentences=[s for p in parts for s in p.sentences], language=language)
    merged.flags = sorted({f for p in parts for f in p.flags})
    return merged


def _marked(checked: guardrails.Checked, space: str, count: int) -> tuple[str, list[int]]:
    """The paragraph with ``{fnN}`` markers for the renderer, and which passage each footnote N is.

    A citation of a passage that was not sent (``[7]`` of four) is dropped here and flagged by the check.
    """
    order: list[int] = []
    sentences = []
    for sentence in checked.sentences:
        marks = ""
        for n in (c for c in sentence.cites if 1 <= c <= count):
            if n not in order:
                order.append(n)
            marks += f"{{fn{order.index(n) + 1}}}"
        sentences.append(sentence.text + marks)
    return space.join(sentences), order


def write_paragraph(client: LLMClient, *, language: str, theme: str, passages: list[SourcePassage],
                    max_tokens: int | None = None, space: str = " ") -> Generated:
    """A theme paragraph from passages (chunked when they do not fit one prompt), every guardrail applied."""
    parts: list[guardrails.Checked] = []
    attempts: list[dict] = []
    first = 1
    for group in chunks(passages, client.max_prompt_chars, lambda p: len(p.text) + 12):
        checked = ask_checked(client, _write_messages(language, theme, group, first), language, passages,
                           max_tokens, attempts)
        parts.append(checked)
        first += len(group)
    checked = _merge(parts, language)
    text, cited = _marked(checked, space, len(passages))
    return Generated(text=text, cited=cited, checked=checked,
                     record=_record("write", client, language, passages, attempts, checked, theme=theme,
                                    cited=cited))


def translate_paragraph(client: LLMClient, text: str, source_language: str, target_language: str,
                        passages: list[SourcePassage], *, max_tokens: int | None = None,
                        space: str = " ") -> Generated:
    """A paragraph of the original translated into a version; sentences are checked against the original's.

    ``passages``: the sources the original paragraph rests on, for the number, name and quotation checks.
    """
    pieces = chunks(guardrails.split_sentences(text), client.max_prompt_chars, len)
    parts: list[guardrails.Checked] = []
    attempts: list[dict] = []
    for piece in pieces:
        original = " ".join(piece)
        reference = [SourcePassage(text=guardrails.citations(original)[0], language=source_language), *passages]
        checked = ask_checked(client, _translate_messages(original, source_language, target_language),
                           target_language, reference, max_tokens, attempts)
        # A translated sentence rests on the original, not on numbered passages: its markers are the
        # original's footnotes, and its meaning must stay close to the original's.
        scores = guardrails.similarities([s.text for s in checked.sentences], [reference[0].text])
        for sentence, score in zip(checked.sentences, scores, strict=True):
            sentence.support = round(score[0], 3)
            sentence.flags = [f for f in sentence.flags if f not in ("uncited", "unknown-citation", "unsupported")]
            if sentence.support < guardrails.SUPPORT_THRESHOLD:
                sentence.flags.append("unsupported")
        parts.append(checked)
    checked = _merge(parts, target_language)
    joined = space.join(s.text + "".join(f"{{fn{n}}}" for n in s.cites) for s in checked.sentences)
    return Generated(text=joined, cited=sorted({n for s in checked.sentences for n in s.cites}), checked=checked,
                     record=_record("translate", client, target_language, passages, attempts, checked,
                                    source_language=source_language, original=text))
