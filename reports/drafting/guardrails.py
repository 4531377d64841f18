"""Checks on what a model writes: nothing it says is trusted until a check passed (decision 0022).

Every generated sentence must cite the passages it rests on (``[n]`` markers); a
sentence is flagged when it cites nothing, when its meaning is not close enough to
the passages it cites (multilingual sentence similarity, ``SUPPORT_THRESHOLD``
measured on a labelled set in ``tests/reports/support_pairs.py``), when it carries a
number, name or symbol no source contains, when it repeats eight or more words of a
contributor who declined publication, and the whole paragraph when it is not in
the requested language. Flags are data in ``Paragraph.generation["flags"]``; the
editor and the renderers show them, nobody deletes them but an editor saving the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from synthesis.wordcount import count_words

# Cosine similarity (Universal Sentence Encoder multilingual) under which a sentence is
# "not supported by its cited passages". Measured: see decision 0022 and the labelled set.
SUPPORT_THRESHOLD = 0.35
# A verbatim run this long from a contributor who declined publication is a quotation.
QUOTE_WORDS = 8

_CITATION = re.compile(r"\s*(?:\[(\d+(?:\s*[,;–-]\s*\d+)*)\]|\{fn(\d+)\})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{7,}\d")
_SENTENCE = re.compile(r"(?<=[.!?。！？؟])[\"'”»’)\]）」]*\s*(?:\[[\d,;\s–-]+\]|\{fn\d+\})*\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Document symbols (A/HRC/48/1), acronyms (COVAX), and capitalised words inside a sentence.
_SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z0-9.]+)+\b|\b[A-Z][A-Z0-9]{1,}\b")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÀ-ÖØ-ÞА-Я][a-zà-öø-ÿа-я]+(?:\s+[A-ZÀ-ÖØ-ÞА-Я][a-zà-öø-ÿа-я]+)*")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SourcePassage:
    """A passage as the model sees it (after redaction) and as the checks compare against."""

    text: str
    language: str = ""
    # False: the contributor declined publication; summarise, never quote.
    quotable: bool = True
    reference: str = ""


@dataclass
class CheckedSentence:
    text: str
    cites: list[int] = field(default_factory=list)
    support: float | None = None
    flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"text": self.text, "cites": self.cites, "support": self.support, "flags": self.flags}


@dataclass
class Checked:
    sentences: list[CheckedSentence]
    language: str
    flags: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags) or any(s.flags for s in self.sentences)


# --- What the model is given ---------------------------------------------------------

def redact(text: str, names: tuple[str, ...] = ()) -> str:
    """No personal data the model does not need: e-mails, links, telephone numbers and named individuals go."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _URL.sub("[link]", text)
    text = _PHONE.sub("[telephone]", text)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) > 2}, key=len, reverse=True):
        text = re.sub(re.escape(name), "an individual", text, flags=re.IGNORECASE)
    return text


# --- Reading what the model wrote ----------------------------------------------------

def split_sentences(text: str) -> list[str]:
    """Sentences with their trailing citation markers kept on them."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        end = match.end()
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def citations(sentence: str) -> tuple[str, list[int]]:
    """The sentence without its markers, and the passage numbers it cites (``[1]``, ``[1, 3]``, ``{fn2}``)."""
    cited: list[int] = []
    for match in _CITATION.finditer(sentence):
        numbers = match.group(1) or match.group(2)
        for number in re.split(r"[,;–-]", numbers):
            if number.strip().isdigit() and int(number) not in cited:
                cited.append(int(number))
    return _CITATION.sub("", sentence).strip(), cited


def _normal(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def invented_tokens(sentence: str, sources: list[str]) -> list[str]:
    """Numbers, names and symbols in the sentence that occur in none of the sources."""
    joined = " ".join(sources)
    digits = {n.replace(",", "").replace(".", "") for n in _NUMBER.findall(joined)}
    lowered = joined.lower()
    found: list[str] = []
    for number in _NUMBER.findall(sentence):
        if number.replace(",", "").replace(".", "") not in digits:
            found.append(number)
    for token in _SYMBOL.findall(sentence) + _NAME.findall(sentence):
        if token.lower() not in lowered and token not in found:
            found.append(token)
    return found


def verbatim_run(sentence: str, passage: str, words: int = QUOTE_WORDS) -> str:
    """The first run of ``words`` consecutive words the sentence shares with the passage, or ""."""
    mine = _normal(sentence).split()
    theirs = f" {_normal(passage)} "
    for i in range(len(mine) - words + 1):
        run = " ".join(mine[i:i + words])
        if f" {run} " in theirs:
            return run
    return ""


def similarities(sentences: list[str], passages: list[str]) -> list[list[float]]:
    """Cosine similarity of every sentence with every passage, with the app's multilingual encoder."""
    from synthesis.embeddings import embed

    if not sentences or not passages:
        return [[0.0] * len(passages) for _ in sentences]
    vectors = embed(sentences + passages)
    left, right = vectors[: len(sentences)], vectors[len(sentences):]
    return (left @ right.T).tolist()


def check(text: str, language: str, passages: list[SourcePassage], *,
          threshold: float = SUPPORT_THRESHOLD) -> Checked:
    """Every guardrail on one generated paragraph; ``passages`` are numbered from 1 as in the prompt."""
    from synthesis.language_detection import detect_language

    raw = split_sentences(text)
    parsed = [citations(s) for s in raw]
    checked = [CheckedSentence(text=s, cites=c) for s, c in parsed]
    scores = similarities([c.text for c in checked], [p.text for p in passages])
    sources = [p.text for p in passages]
    for index, sentence in enumerate(checked):
        valid = [n for n in sentence.cites if 1 <= n <= len(passages)]
        if len(valid) != len(sentence.cites):
            sentence.flags.append("unknown-citation")
        if not valid:
            sentence.flags.append("uncited")
        else:
            sentence.support = round(max(scores[index][n - 1] for n in valid), 3)
            if sentence.support < threshold:
                sentence.flags.append("unsupported")
        invented = invented_tokens(sentence.text, sources)
        if invented:
            sentence.flags.append("invented:" + ", ".join(invented))
        for passage in passages:
            if not passage.quotable and count_words(sentence.text) >= QUOTE_WORDS and verbatim_run(
                    sentence.text, passage.text):
                sentence.flags.append("quotes-declined")
                break
    detected = detect_language(_CITATION.sub("", text))
    flags = [] if detected == language else [f"language:{detected or 'unknown'}"]
    if not checked:
        flags.append("empty")
    return Checked(sentences=checked, language=detected, flags=flags)


def summary(checked: Checked) -> list[dict]:
    """The flags an editor sees: one entry per flagged sentence, plus the paragraph's own."""
    out: list[dict] = [{"sentence": None, "flag": flag} for flag in checked.flags]
    for index, sentence in enumerate(checked.sentences):
        out.extend({"sentence": index, "text": sentence.text, "flag": flag} for flag in sentence.flags)
    return out
