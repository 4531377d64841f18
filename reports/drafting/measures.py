"""An editor's measures of a drafted report (issue 10): what `make eval-draft` prints and tests pin.

Read from the stored draft, the way an editor reads it: the body's sentences and
their language, what sits inside quotation marks, whether each quotation is a
whole sentence, passages used twice, quotations from contributors who declined
publication, named Member States in chapter III, paragraphs per entity in
chapter IV and contributors' words in the conclusions.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reports.drafting.backends import QUOTES, passage_language, whole_sentence
from reports.models import Paragraph, Report
from reports.selectors import evidence_submissions
from submissions.models import Submission
from submissions.models.contributors import ORGANIZATION_CATEGORIES, STATE_CATEGORIES

_FOOTNOTE = re.compile(r"\{fn\d+\}")
_SENTENCE = re.compile(r"(?<=[.!?。！？؟])[\"'”»’)]*\s+|(?<=[。！？])")
_WORDS = re.compile(r"\w+", re.UNICODE)
# Words shared with a submission that mean "contributors' words" (a shingle of this many words).
SHINGLE = 8


def _quotes_in(value: str, language: str) -> list[str]:
    opening, closing = QUOTES[language]
    opening, closing = opening.strip(), closing.strip()
    if opening == closing:
        pattern = re.escape(opening) + r"([^" + re.escape(opening) + r"]+)" + re.escape(closing)
    else:
        pattern = re.escape(opening) + r"\s*(.+?)\s*" + re.escape(closing)
    return [m.strip() for m in re.findall(pattern, value)]


def _normal(value: str) -> str:
    return " ".join(value.lower().split())


def _shingles(value: str) -> set[tuple[str, ...]]:
    words = _WORDS.findall(value.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def submission_text(submission: Submission) -> str:
    return "\n".join([submission.text, *(a.extracted_text for a in submission.attachments.all())])


@dataclass
class DraftMeasures:
    language: str
    sentences: int = 0
    sentences_in_language: int = 0
    characters: int = 0
    characters_quoted: int = 0
    quotations: int = 0
    fragments: list[str] = field(default_factory=list)
    used_twice: list[str] = field(default_factory=list)
    declined_quoted: list[str] = field(default_factory=list)
    named_states_in_chapter_iii: list[str] = field(default_factory=list)
    entity_paragraphs: dict[str, int] = field(default_factory=dict)
    conclusions_with_contributors_words: list[str] = field(default_factory=list)
    provisional: bool = False

    @property
    def language_share(self) -> float:
        return self.sentences_in_language / self.sentences if self.sentences else 1.0

    @property
    def quoted_share(self) -> float:
        return self.characters_quoted / self.characters if self.characters else 0.0

    def lines(self) -> list[str]:
        entities = self.entity_paragraphs
        off = {name: n for name, n in entities.items() if n != 1}
        return [
            f"  body sentences in {self.language}: {self.sentences_in_language}/{self.sentences}"
            f" = {self.language_share:.1%}",
            f"  body inside quotation marks: {self.quoted_share:.1%} ({self.quotations} quotations)",
            f"  quotations not whole sentences: {len(self.fragments)}",
            f"  passages used twice: {len(self.used_twice)}",
            f"  quotations from contributors who declined publication: {len(self.declined_quoted)}",
            f"  named Member States behind views in chapter III: {len(self.named_states_in_chapter_iii)}",
            f"  chapter IV paragraphs per entity: {len(entities)} entities, "
            + (f"not one each: {off}" if off else "one each"),
            f"  conclusions paragraphs with contributors' words: {len(self.conclusions_with_contributors_words)}",
            f"  provisional: {'yes' if self.provisional else 'no'}",
        ]


def measure_report(report: Report) -> DraftMeasures:
    language = report.language
    measures = DraftMeasures(language, provisional=report.provisional)
    on = report.report_date
    paragraphs = list(Paragraph.objects.filter(section__report=report).select_related("section")
                      .order_by("section__order", "order"))
    submissions = list(evidence_submissions(report.call).prefetch_related("attachments"))
    all_submissions = list(Submission.objects.filter(call=report.call).prefetch_related("attachments"))
    declined_texts = [_normal(submission_text(s)) for s in all_submissions if not s.consent_to_publish]
    consented_texts = [_normal(submission_text(s)) for s in all_submissions if s.consent_to_publish]
    theme_names = [t.name_in(language) for t in report.call.themes.all()]
    state_names = {name for s in submissions if s.contributor.category in STATE_CATEGORIES
                   for name in (s.contributor.display_name(language, on), s.contributor.running_name(language, on))}

    passage_uses: Counter[str] = Counter()
    for paragraph in paragraphs:
        body = _FOOTNOTE.sub("", paragraph.text)
        measures.characters += len(body)
        for sentence in (s.strip() for s in _SENTENCE.split(body)):
            if len(_WORDS.findall(sentence)) < 3:
                continue
            measures.sentences += 1
            measures.sentences_in_language += passage_language(sentence) == language
        ours = paragraph.generation.get("backend") in ("template", "placeholder")
        for quote in [] if ours else _quotes_in(body, language):
            measures.quotations += 1
            measures.characters_quoted += len(quote)
            passage_uses[_normal(quote)] += 1
            if not whole_sentence(quote):
                measures.fragments.append(quote)
            if (any(_normal(quote) in text for text in declined_texts)
                    and not any(_normal(quote) in text for text in consented_texts)):
                measures.declined_quoted.append(quote)
        if paragraph.section.key == "group-member-states" and not paragraph.key.endswith("-contributors"):
            measures.named_states_in_chapter_iii += [n for n in state_names if n and n in body]
        if paragraph.section.key == "conclusions":
            ours_text = body
            for name in theme_names:  # the themes' own titles are the call's words, not contributors'
                ours_text = re.sub(re.escape(name), " ", ours_text, flags=re.IGNORECASE)
            words = _shingles(ours_text)
            if _quotes_in(body, language) or any(words & _shingles(submission_text(s)) for s in submissions):
                measures.conclusions_with_contributors_words.append(paragraph.key)
    keys = Counter(k for p in paragraphs for k in p.generation.get("passages", []))
    measures.used_twice = sorted({q for q, n in passage_uses.items() if n > 1} | {k for k, n in keys.items() if n > 1})

    chapter_iv = [p for p in paragraphs if p.section.key == "group-igos"]
    for submission in submissions:
        contributor = submission.contributor
        if contributor.category in ORGANIZATION_CATEGORIES:
            name = contributor.display_name("en", on)
            measures.entity_paragraphs[name] = sum(1 for p in chapter_iv
                                                   if p.generation.get("subject") == contributor.pk)
    return measures
