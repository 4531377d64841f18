"""Reads of the reports domain: what counts as evidence, the evidence matrix, a report's builds.

**The evidence rule** lives here once, in ``theme_passages``, and both the
editors' heat map and the draft read it:

- the submissions that count are processed ones that staff have not excluded
  (``USABLE``);
- staff decisions take precedence item by item (the report contract): a theme
  staff rejected for a submission never counts; a theme they accepted, or saved
  an excerpt for, counts as *reviewed*;
- a suggestion nobody decided yet stands in, as *not reviewed*: whatever rests
  on one is provisional, and the heat map and the draft say so;
- the passages of a counted theme are the staff's excerpts when there are any,
  else the machine's evidence;
- a passage of a contributor who declined publication (``consent_to_publish``
  false) still counts, but is never quoted verbatim nor attributed
  (``Passage.may_quote``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from reports.models import Paragraph, Report, ReportBuild, TranslationState
from submissions.models import Call, CountryName, Excerpt, Submission, SubmissionStatus, Theme, ThemeTag
from submissions.models.contributors import ContributorCategory

USABLE = (SubmissionStatus.READY, SubmissionStatus.IN_REVIEW, SubmissionStatus.INCLUDED)

# Report chapters by contributor category, in the order of UN reports.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("member-states", (ContributorCategory.MEMBER_STATE, ContributorCategory.OBSERVER_STATE)),
    ("igos", (ContributorCategory.IGO, ContributorCategory.UN_ENTITY)),
    ("nhris", (ContributorCategory.NHRI,)),
    ("ngos", (ContributorCategory.NGO, ContributorCategory.ACADEMIC, ContributorCategory.INDIVIDUAL)),
]
GROUP_OF: dict[str, str] = {category: key for key, categories in GROUPS for category in categories}


@dataclass
class Passage:
    """A passage that stands as evidence of a theme, with where it comes from."""

    text: str
    submission: Submission
    score: float
    page: int | None = None
    excerpt: Excerpt | None = None
    # False while it rests on a suggestion nobody reviewed.
    reviewed: bool = True

    @property
    def origin(self) -> str:
        return "excerpt" if self.excerpt is not None else "evidence"

    @property
    def may_quote(self) -> bool:
        """Verbatim quotation and attribution need the contributor's consent to publication (issue 10)."""
        return bool(self.submission.consent_to_publish)

    @property
    def key(self) -> str:
        """Identity of the passage across the draft (the same sentence is used at most once)."""
        return " ".join(self.text.lower().split())[:200]


def no_staff_decisions(call: Call) -> bool:
    """True while staff have decided nothing on the call's themes (the first, wholly provisional draft)."""
    return not (
        ThemeTag.objects.filter(submission__call=call, accepted__isnull=False).exists()
        or Excerpt.objects.filter(submission__call=call).exists()
    )


def evidence_submissions(call: Call, contributor_id: int | None = None) -> QuerySet[Submission]:
    """The submissions the rule looks at, with everything it reads prefetched, in arrival order."""
    queryset = Submission.objects.filter(call=call, status__in=USABLE)
    if contributor_id is not None:
        queryset = queryset.filter(contributor_id=contributor_id)
    return (
        queryset.select_related("contributor__country", "call")
        .prefetch_related(
            Prefetch("contributor__country__names", queryset=CountryName.objects.all()),
            Prefetch("tags", queryset=ThemeTag.objects.select_related("theme")),
            Prefetch("excerpts", queryset=Excerpt.objects.select_related("theme").order_by("created_at", "id")),
        )
        .order_by("received_at", "reference")
    )


def theme_passages(submission: Submission) -> dict[str, list[Passage]]:
    """Theme key → the passages of ``submission`` that count as its evidence (the rule above).

    ``submission`` must come from ``evidence_submissions`` (tags and excerpts prefetched).
    """
    tags = {tag.theme.key: tag for tag in submission.tags.all()}
    rejected = {key for key, tag in tags.items() if tag.accepted is False}
    passages: dict[str, list[Passage]] = {}
    for excerpt in submission.excerpts.all():
        if excerpt.theme.key not in rejected:
            passages.setdefault(excerpt.theme.key, []).append(
                Passage(excerpt.text, submission, 1.0, excerpt.page, excerpt))
    for key, tag in tags.items():
        if key in passages or tag.accepted is False:
            continue
        passages[key] = [
            Passage(ev["text"], submission, float(ev.get("score") or 0), ev.get("page"), reviewed=tag.accepted is True)
            for ev in tag.evidence or [] if ev.get("text")
        ]
    return passages


@dataclass
class EvidenceRow:
    contributor_id: int
    name: str
    group: str
    counts: dict[str, int] = field(default_factory=dict)  # theme key → passages


@dataclass
class EvidenceMatrix:
    themes: list[Theme]  # in call order
    rows: list[EvidenceRow]
    # Some cells rest on suggestions nobody reviewed yet (as the draft does).
    provisional: bool = False
    # Staff have decided nothing yet: every cell is a suggestion.
    undecided: bool = False

    @property
    def maximum(self) -> int:
        return max((n for row in self.rows for n in row.counts.values()), default=0)


def evidence_matrix(call: Call, language: str) -> EvidenceMatrix:
    """Theme × contributor: how many passages count as each contributor's evidence on each theme."""
    on = call.report_date
    provisional = False
    rows: dict[int, EvidenceRow] = {}
    for submission in evidence_submissions(call):
        contributor = submission.contributor
        row = rows.setdefault(contributor.pk, EvidenceRow(
            contributor.pk, contributor.display_name(language, on), GROUP_OF[contributor.category]))
        for key, passages in theme_passages(submission).items():
            if passages:
                row.counts[key] = row.counts.get(key, 0) + len(passages)
                provisional = provisional or not all(p.reviewed for p in passages)
    order = {key: index for index, (key, _) in enumerate(GROUPS)}
    ordered = sorted(rows.values(), key=lambda r: (order[r.group], r.name.lower()))
    return EvidenceMatrix(list(call.themes.all()), ordered, provisional, no_staff_decisions(call))


def cell_passages(call: Call, contributor_id: int, theme_key: str) -> list[Passage]:
    """The passages behind one cell of the matrix."""
    return [passage for submission in evidence_submissions(call, contributor_id)
            for passage in theme_passages(submission).get(theme_key, [])]


def builds_of(report: Report, limit: int = 20) -> list[ReportBuild]:
    return list(report.builds.select_related("requested_by").order_by("-requested_at")[:limit])


def builds_context(report: Report) -> dict[str, Any]:
    """The builds panel: the list, and whether it should keep polling for progress."""
    builds = builds_of(report)
    active = {ReportBuild.State.QUEUED, ReportBuild.State.RUNNING}
    return {"report": report, "builds": builds, "polling": any(b.state in active for b in builds)}


def group_submissions(submissions: Iterable[Submission]) -> dict[str, list[Submission]]:
    """Submissions by report chapter, chapters in UN order (empty ones left out)."""
    grouped: dict[str, list[Submission]] = {key: [] for key, _ in GROUPS}
    for submission in submissions:
        grouped[GROUP_OF[submission.contributor.category]].append(submission)
    return {key: items for key, items in grouped.items() if items}


@dataclass
class ContributorName:
    """A contributor the draft names, with the form it prints in the report's language."""

    contributor_id: int
    reference: str
    category: str
    written: str  # as the sender wrote it
    printed: str  # the name in running text, in the report's language
    stored: str  # what staff (or the reference table) set for this language; "" when derived
    missing: bool  # no form in the report's script: the draft prints "[name … to be supplied: REF]"


def report_contributors(report: Report) -> list[ContributorName]:
    """The contributors the draft rests on, missing forms first; individuals who declined are never named."""
    from reports.wording import in_script

    language = report.language
    rows: dict[int, ContributorName] = {}
    for submission in evidence_submissions(report.call).order_by("reference"):
        contributor = submission.contributor
        if contributor.pk in rows:
            continue
        if contributor.category == ContributorCategory.INDIVIDUAL and not submission.consent_to_publish:
            continue
        printed = contributor.running_name(language, report.report_date)
        rows[contributor.pk] = ContributorName(
            contributor.pk, submission.reference, contributor.category, contributor.name, printed,
            str(contributor.names.get(language, "")), not in_script(printed, language))
    return sorted(rows.values(), key=lambda row: (not row.missing, row.reference))


# --- Language versions (issue 11) -----------------------------------------------

TRANSLATED_STATES = (TranslationState.MACHINE, TranslationState.TRANSLATED, TranslationState.REVISED)


@dataclass
class VersionProgress:
    """What the editor shows: "31 of 50 paragraphs translated, 4 outdated"."""

    total: int
    translated: int
    outdated: int
    pending: int
    machine: int

    @property
    def complete(self) -> bool:
        return self.total == self.translated and not self.outdated and not self.machine


def version_progress(version: Report) -> VersionProgress:
    paragraphs = list(Paragraph.objects.filter(section__report=version).select_related("origin")
                      .exclude(translation_state__in=[TranslationState.ORIGINAL, TranslationState.NATIVE]))
    return VersionProgress(
        total=len(paragraphs),
        translated=sum(1 for p in paragraphs if p.translation_state in TRANSLATED_STATES),
        outdated=sum(1 for p in paragraphs if p.outdated),
        pending=sum(1 for p in paragraphs if p.translation_state == TranslationState.PENDING),
        machine=sum(1 for p in paragraphs if p.translation_state == TranslationState.MACHINE),
    )


def missing_theme_names(report: Report) -> list[Theme]:
    """The call's themes with no name in the report's language: the draft prints a marked gap for each."""
    from reports.drafting.structure import theme_name_missing

    return [theme for theme in report.call.themes.order_by("order", "key")
            if theme_name_missing(theme, report.language)]
