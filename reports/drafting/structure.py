"""Composing the structure of a draft, following the UN report the seed shows.

Summary (unnumbered); I. Introduction; II. Overview of the contributions
received; one chapter per contributor group present (Member States;
intergovernmental organizations and United Nations entities; national human
rights institutions; non-governmental organizations, with individuals), each
opening with the list of contributors then a paragraph per theme; and
conclusions and recommendations. Every section and paragraph has a stable key so
re-drafting can update in place and leave editors' paragraphs alone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reports.drafting.backends import ExtractiveBackend, ParagraphDraft
from reports.drafting.inputs import DraftInputs, GroupInput, Quote
from reports.wording import OPENING_GROUP, counted_group, format_date, join_names, sort_key, text
from submissions.models import Submission
from submissions.models.contributors import ContributorCategory
from submissions.multilingual import localized

TOP_THEMES = 5
# Words that mark a passage as a recommendation, in the six languages.
RECOMMENDATION_CUES = re.compile(
    r"\b(recommend\w*|should|urge\w*|call(?:s|ed)? (?:on|upon)|recommand\w*|devrai\w*|devr\w+|appel\w* à|"
    r"recomien\w*|recomend\w*|deber\w*|insta\w*|рекоменд\w*|следует|должн\w*|призыва\w*|"
    r"توصي|نوصي|ينبغي|يجب|ندعو|تدعو)\b|建议|应当|应该|呼吁|敦促",
    re.IGNORECASE,
)


@dataclass
class PlannedParagraph:
    key: str
    draft: ParagraphDraft
    numbered: bool = True


@dataclass
class PlannedSection:
    key: str
    kind: str
    title: str
    paragraphs: list[PlannedParagraph] = field(default_factory=list)
    level: int = 1


def contributor_names(submissions: list[Submission], language: str, on: dt.date) -> list[str]:
    """Distinct contributors by their official UN names in running text, sorted as the UN sorts."""
    names: dict[str, str] = {}
    for submission in submissions:
        contributor = submission.contributor
        # Chinese UN documents keep the order of the English original (as in the seed report).
        sort_name = contributor.display_name("en" if language == "zh" else language, on)
        names[sort_key(sort_name, language)] = contributor.running_name(language, on)
    return [names[key] for key in sorted(names)]


def _group_title_key(group: GroupInput) -> str:
    if group.key != "igos":
        return group.key
    categories = {s.contributor.category for s in group.submissions}
    if categories == {ContributorCategory.UN_ENTITY}:
        return "un-entities"
    return "igos-un" if ContributorCategory.UN_ENTITY in categories else "igos"


def _opening(group: GroupInput, language: str, on: dt.date) -> ParagraphDraft:
    individuals = [s for s in group.submissions if s.contributor.category == ContributorCategory.INDIVIDUAL]
    others = [s for s in group.submissions if s.contributor.category != ContributorCategory.INDIVIDUAL]
    sentences = []
    if others:
        sentences.append(text("group_opening", language, group=OPENING_GROUP[_group_title_key(group)][language],
                              names=join_names(contributor_names(others, language, on), language)))
    if individuals:
        sentences.append(text("individuals_opening", language,
                              names=join_names(contributor_names(individuals, language, on), language)))
    return ParagraphDraft(text=" ".join(sentences), generation={"backend": "template"},
                          submissions=list(group.submissions))


def _recommendations(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if RECOMMENDATION_CUES.search(q.text)]


def plan_draft(inputs: DraftInputs, language: str, on: dt.date, backend: ExtractiveBackend) -> list[PlannedSection]:
    call = inputs.call
    theme_names = {t.key: t.name_in(language) for t in inputs.themes}
    mandate = localized(call.mandate, language) or call.slug
    counts = sorted(((n, key) for key, n in inputs.theme_counts.items() if n), key=lambda item: (-item[0], item[1]))
    top = [theme_names[key] for _, key in counts[:TOP_THEMES]]
    total = len(inputs.submissions)

    group_counts = [counted_group(_group_title_key(g), len({s.contributor_id for s in g.submissions}), language)
                    for g in inputs.groups]
    summary = PlannedSection("summary", "summary", text("summary", language), [PlannedParagraph(
        "summary", ParagraphDraft(text=text(
            "summary_paragraph", language, mandate=mandate, total=total, title=call.title_in(language),
            groups=join_names(group_counts, language), themes=join_names(top, language)),
            generation={"backend": "template"}), numbered=False)])

    date = format_date(call.note_verbale_date, language) if call.note_verbale_date else ""
    introduction = PlannedSection("introduction", "introduction", text("introduction", language), [
        PlannedParagraph("introduction-mandate", ParagraphDraft(
            text=text("intro_paragraph", language, mandate=mandate, date=date), generation={"backend": "template"})),
    ])
    late_clause = text("late_clause", language, late=inputs.late,
                       deadline=format_date(call.deadline.date(), language)) if inputs.late else ""
    theme_counts = [text("theme_count", language, theme=theme_names[key], count=n) for n, key in counts[:TOP_THEMES]]
    overview = PlannedSection("overview", "overview", text("overview", language), [
        PlannedParagraph("overview-received", ParagraphDraft(
            text=text("received_paragraph", language, total=total, late_clause=late_clause,
                      groups=text("themes_paragraph", language, themes=join_names(theme_counts, language))
                      if theme_counts else ""),
            generation={"backend": "template"})),
    ])

    sections = [summary, introduction, overview]
    for group in inputs.groups:
        section = PlannedSection(f"group-{group.key}", "group", text(_group_title_key(group), language))
        section.paragraphs.append(PlannedParagraph(f"group-{group.key}-contributors", _opening(group, language, on)))
        for theme in inputs.themes:
            draft = backend.theme_paragraph(language=language, theme_name=theme_names[theme.key],
                                            quotes=group.quotes.get(theme.key, []), on=on)
            if draft.text:
                section.paragraphs.append(PlannedParagraph(f"group-{group.key}-theme-{theme.key}", draft))
        sections.append(section)

    conclusions = PlannedSection("conclusions", "conclusions", text("conclusions", language))
    for _, key in counts[:TOP_THEMES]:
        quotes = _recommendations([q for g in inputs.groups for q in g.quotes.get(key, [])])
        draft = backend.theme_paragraph(language=language, theme_name=theme_names[key], quotes=quotes, on=on,
                                        lead="recommendation_lead")
        if draft.text:
            conclusions.paragraphs.append(PlannedParagraph(f"conclusions-theme-{key}", draft))
    sections.append(conclusions)
    return sections
