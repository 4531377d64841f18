"""Composing the structure of a draft, following the UN report the seed shows.

Summary (unnumbered); I. Introduction (mandate, note verbale, the categories of
contributors present, counts staff reviewed); II. Context (a marked placeholder
the Secretariat writes); one chapter per contributor group present, opening with
the list of contributors: Member States (views by theme, never attributed to a
named State), intergovernmental organizations and UN entities (one paragraph per
entity, the entity as subject), national human rights institutions,
non-governmental organizations with academics and individuals (by theme,
organizations named, individuals who declined publication neither named nor
quoted); and conclusions and recommendations (a scaffold in the
Secretary-General's voice, never contributors' words). Each passage is used at
most once, quotations are whole sentences in the report's language (issue 10).
Every section and paragraph has a stable key so
re-drafting can update in place and leave editors' paragraphs alone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reports.drafting.backends import SPACE, ExtractiveBackend, ParagraphDraft, running_theme
from reports.drafting.inputs import DraftInputs, GroupInput, Quote
from reports.wording import (
    CATEGORY_PLURAL,
    OPENING_GROUP,
    counted_group,
    format_date,
    in_script,
    join_names,
    join_themes,
    script_of,
    sort_key,
    text,
)
from submissions.models import Submission, Theme
from submissions.models.contributors import ContributorCategory
from submissions.multilingual import localized

TOP_THEMES = 5
# A theme with no name in the report's language prints as a marked gap for the editor (as a missing
# contributor name does), never as its name in another language or script.
THEME_NAME_MISSING = {
    "en": "[theme name in English to be supplied: {key}]",
    "fr": "[nom du thème en français à fournir : {key}]",
    "es": "[nombre del tema en español pendiente: {key}]",
    "ru": "[название темы на русском языке не указано: {key}]",
    "zh": "[待提供主题中文名称：{key}]",
    "ar": "[يلزم تقديم اسم الموضوع بالعربية: {key}]",
}
_SCRIPT = {"en": "latin", "fr": "latin", "es": "latin", "ru": "cyrillic", "zh": "han", "ar": "arabic"}


def theme_name(theme: Theme, language: str) -> str:
    """The theme's name in the report's language, or the editor's marked gap when the call gives none.

    A name counts when the call gives it in that language and it has letters of the report's script
    (not an English name copied into the Arabic field).
    """
    name = str((theme.name or {}).get(language) or "").strip()
    if name and any(script_of(ch) == _SCRIPT[language] for ch in name):
        return name
    return THEME_NAME_MISSING[language].format(key=theme.key)


def theme_name_missing(theme: Theme, language: str) -> bool:
    """True when the draft in ``language`` prints the marked gap for this theme (for the editor's flag)."""
    return theme_name(theme, language) == THEME_NAME_MISSING[language].format(key=theme.key)


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


def report_name(submission: Submission, language: str, on: dt.date) -> str:
    """The contributor's name in running text, in the report's script, or a marked gap for the editor."""
    name = submission.contributor.running_name(language, on)
    return name if in_script(name, language) else text("name_missing", language, reference=submission.reference)


def _individual_sort_name(name: str) -> str:
    """Individuals sort by surname: "Okoro, David" or the last word of "David Okoro"."""
    if "," in name:
        return name
    parts = name.split()
    return " ".join([parts[-1], *parts[:-1]]) if len(parts) > 1 else name


def contributor_names(submissions: list[Submission], language: str, on: dt.date) -> list[str]:
    """Distinct contributors by their official UN names in running text, sorted as the UN sorts.

    A name's sort key is its Latin form in Latin-script reports and, as in the seed,
    the English order in Chinese ones; individuals sort by surname.
    """
    names: dict[str, str] = {}
    for submission in submissions:
        contributor = submission.contributor
        sort_language = "en" if language == "zh" else language
        sort_name = contributor.display_name(sort_language, on)
        if not in_script(sort_name, sort_language):
            sort_name = contributor.display_name("en", on)
        if contributor.category == ContributorCategory.INDIVIDUAL:
            sort_name = _individual_sort_name(sort_name)
        names[sort_key(sort_name, language) + f"\x00{contributor.pk}"] = report_name(submission, language, on)
    return list(dict.fromkeys(names[key] for key in sorted(names)))


def _group_title_key(group: GroupInput) -> str:
    if group.key != "igos":
        return group.key
    categories = {s.contributor.category for s in group.submissions}
    if categories == {ContributorCategory.UN_ENTITY}:
        return "un-entities"
    return "igos-un" if ContributorCategory.UN_ENTITY in categories else "igos"


def _opening(group: GroupInput, language: str, on: dt.date) -> ParagraphDraft:
    individuals = [s for s in group.submissions if s.contributor.category == ContributorCategory.INDIVIDUAL]
    named = [s for s in individuals if s.consent_to_publish]
    others = [s for s in group.submissions if s.contributor.category != ContributorCategory.INDIVIDUAL]
    sentences = []
    if others:
        sentences.append(text("group_opening", language, group=OPENING_GROUP[_group_title_key(group)][language],
                              names=join_names(contributor_names(others, language, on), language)))
    if named:
        sentences.append(text("individuals_opening", language,
                              names=join_names(contributor_names(named, language, on), language)))
    unnamed = {s.contributor_id for s in individuals if not s.consent_to_publish}
    if unnamed:
        sentences.append(text("individuals_unnamed", language, count=len(unnamed)))
    return ParagraphDraft(text=SPACE[language].join(sentences), generation={"backend": "template"},
                          submissions=list(group.submissions))


def _categories_present(inputs: DraftInputs, language: str) -> str:
    present = {s.contributor.category for s in inputs.submissions}
    return join_names([CATEGORY_PLURAL[c][language] for c in CATEGORY_PLURAL if c in present], language)


def _entity_paragraphs(group: GroupInput, inputs: DraftInputs, language: str, on: dt.date,
                       backend: ExtractiveBackend, used: set[str]) -> list[PlannedParagraph]:
    """Chapter IV: one paragraph per organization, the organization as subject, in the order of the list."""
    theme_names = {t.key: theme_name(t, language) for t in inputs.themes}
    by_contributor: dict[int, list[Submission]] = {}
    for submission in group.submissions:
        by_contributor.setdefault(submission.contributor_id, []).append(submission)
    passages: dict[int, list[Quote]] = {}
    themes: dict[int, list[str]] = {}
    for key in theme_names:
        for quote in group.quotes.get(key, []):
            passages.setdefault(quote.submission.contributor_id, []).append(quote)
            if key not in themes.setdefault(quote.submission.contributor_id, []):
                themes[quote.submission.contributor_id].append(key)
    order = contributor_order(group.submissions, language, on)
    paragraphs = []
    for contributor_id in order:
        submission = by_contributor[contributor_id][0]
        contributor = submission.contributor
        short = contributor.short_name(language)
        draft = backend.entity_paragraph(
            language=language, name=report_name(submission, language, on), short=short,
            theme_names=[theme_names[k] for k in themes.get(contributor_id, [])][:3],
            quotes=passages.get(contributor_id, []), on=on, used=used)
        draft.submissions = list({*draft.submissions, *by_contributor[contributor_id]})
        draft.generation["subject"] = contributor_id
        paragraphs.append(PlannedParagraph(f"group-{group.key}-entity-{contributor_id}", draft))
    return paragraphs


def state_names(submissions: list[Submission], language: str, on: dt.date) -> set[str]:
    """The names, short and running, of the States among ``submissions`` (what chapter III must not print)."""
    names: set[str] = set()
    for submission in submissions:
        contributor = submission.contributor
        for name in (contributor.display_name(language, on), contributor.running_name(language, on),
                     contributor.display_name("en", on)):
            names.add(name)
            if name.lower().startswith("the "):
                names.add(name[4:])
    return {n for n in names if n}


def contributor_order(submissions: list[Submission], language: str, on: dt.date) -> list[int]:
    keys: dict[int, str] = {}
    for submission in submissions:
        contributor = submission.contributor
        keys[contributor.pk] = sort_key(contributor.display_name("en" if language == "zh" else language, on), language)
    return sorted(keys, key=lambda pk: (keys[pk], pk))


def plan_draft(inputs: DraftInputs, language: str, on: dt.date, backend: ExtractiveBackend) -> list[PlannedSection]:
    """The draft in the seed's conventions; every passage is used at most once (``used``)."""
    call = inputs.call
    used: set[str] = set()
    theme_names = {t.key: theme_name(t, language) for t in inputs.themes}
    mandate = localized(call.mandate, language) or call.slug
    counts = sorted(((n, key) for key, n in inputs.theme_counts.items() if n), key=lambda item: (-item[0], item[1]))
    top = [running_theme(theme_names[key], language) for _, key in counts[:TOP_THEMES]]
    total = len(inputs.submissions)

    group_counts = [counted_group(_group_title_key(g), len({s.contributor_id for s in g.submissions}), language)
                    for g in inputs.groups]
    summary = PlannedSection("summary", "summary", text("summary", language), [PlannedParagraph(
        "summary", ParagraphDraft(text=text(
            "summary_paragraph", language, mandate=mandate, total=total, title=call.title_in(language),
            groups=join_names(group_counts, language), themes=join_themes(top, language)),
            generation={"backend": "template"}), numbered=False)])

    date = format_date(call.note_verbale_date, language) if call.note_verbale_date else ""
    late_clause = text("late_clause", language, late=inputs.late,
                       deadline=format_date(call.deadline.date(), language)) if inputs.late else ""
    overview = [text("overview_paragraph", language, total=total, late_clause=late_clause)]
    # Counts per theme only where staff reviewed every tag behind them.
    reviewed_counts = [text("theme_count", language, theme=running_theme(theme_names[key], language), count=n)
                       for n, key in counts[:TOP_THEMES] if key not in inputs.unreviewed_themes]
    if reviewed_counts:
        overview.append(text("themes_paragraph", language, themes=join_names(reviewed_counts, language)))
    if inputs.campaigns:
        overview.append(text("campaign_sentence", language, count=inputs.campaigns))
    introduction = PlannedSection("introduction", "introduction", text("introduction", language), [
        PlannedParagraph("introduction-mandate", ParagraphDraft(
            text=text("intro_paragraph", language, mandate=mandate, date=date,
                      categories=_categories_present(inputs, language)),
            generation={"backend": "template"})),
        PlannedParagraph("introduction-overview", ParagraphDraft(
            text=SPACE[language].join(overview), generation={"backend": "template"})),
    ])
    # Theme titles with their own "and" are listed with semicolons, so the list stays unambiguous.
    points = join_themes([running_theme(theme_names[t.key], language) for t in inputs.themes], language)
    context = PlannedSection("context", "custom", text("context", language), [PlannedParagraph(
        "context-placeholder", ParagraphDraft(
            text=text("context_placeholder", language, mandate=mandate, title=call.title_in(language),
                      points=points),
            generation={"backend": "placeholder"}))])

    sections = [summary, introduction, context]
    # Chapter IV is drafted first so that each entity's own sentences go to its own paragraph.
    planned_groups: dict[str, PlannedSection] = {}
    for group in sorted(inputs.groups, key=lambda g: g.key != "igos"):
        section = PlannedSection(f"group-{group.key}", "group", text(_group_title_key(group), language))
        section.paragraphs.append(PlannedParagraph(f"group-{group.key}-contributors", _opening(group, language, on)))
        if group.key == "igos":
            section.paragraphs.extend(_entity_paragraphs(group, inputs, language, on, backend, used))
        else:
            # Member States' views are never attributed (the seed); organizations may be named.
            attributed = group.key != "member-states"
            # A State naming itself in its own sentence would name it behind the view.
            avoid = () if attributed else tuple(sorted(state_names(group.submissions, language, on)))
            for theme in inputs.themes:
                draft = backend.theme_paragraph(language=language, theme_name=theme_names[theme.key],
                                                quotes=group.quotes.get(theme.key, []), on=on,
                                                attributed=attributed, used=used, avoid=avoid)
                if draft.text:
                    section.paragraphs.append(PlannedParagraph(f"group-{group.key}-theme-{theme.key}", draft))
        planned_groups[group.key] = section
    sections.extend(planned_groups[g.key] for g in inputs.groups)

    # Conclusions: a scaffold in the Secretary-General's voice, never contributors' words; the
    # evidence behind each theme goes with it as notes for the editor (not printed).
    conclusions = PlannedSection("conclusions", "conclusions", text("conclusions", language))
    for _, key in counts[:TOP_THEMES]:
        notes = [{"reference": q.submission.reference, "text": q.text, "page": q.page, "quotable": q.may_quote}
                 for g in inputs.groups for q in g.quotes.get(key, [])]
        conclusions.paragraphs.append(PlannedParagraph(f"conclusions-theme-{key}", ParagraphDraft(
            text=text("conclusion_scaffold", language, theme=running_theme(theme_names[key], language)),
            generation={"backend": "placeholder", "notes": notes})))
    sections.append(conclusions)
    return sections
