"""Selecting what a draft rests on (read-only).

Per the report contract: before staff decide anything, every processed
submission that is not rejected, withdrawn or a duplicate counts, with its
suggested themes; staff decisions take precedence item by item as soon as they
exist (excluded submissions and rejected themes drop out; staff excerpts replace
the machine's evidence).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

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


@dataclass
class Quote:
    """A passage that can be quoted, with where it comes from."""

    text: str
    submission: Submission
    score: float
    page: int | None = None
    excerpt: Excerpt | None = None


@dataclass
class GroupInput:
    key: str
    submissions: list[Submission] = field(default_factory=list)
    # theme key → quotes from this group's submissions
    quotes: dict[str, list[Quote]] = field(default_factory=dict)


@dataclass
class DraftInputs:
    call: Call
    themes: list[Theme]
    groups: list[GroupInput]
    late: int
    theme_counts: dict[str, int]

    @property
    def submissions(self) -> list[Submission]:
        return [s for g in self.groups for s in g.submissions]


def _quotes_for(submission: Submission, tag: ThemeTag, excerpts: list[Excerpt]) -> list[Quote]:
    if excerpts:
        return [Quote(e.text, submission, 1.0, e.page, e) for e in excerpts]
    return [Quote(ev["text"], submission, float(ev.get("score") or 0), ev.get("page"))
            for ev in (tag.evidence or [])[:2] if ev.get("text")]


def draft_inputs(call: Call) -> DraftInputs:
    themes = list(call.themes.all())
    submissions = list(
        Submission.objects.filter(call=call, status__in=USABLE)
        .select_related("contributor__country", "call")
        .prefetch_related(
            Prefetch("contributor__country__names", queryset=CountryName.objects.all()),
            Prefetch("tags", queryset=ThemeTag.objects.select_related("theme")),
            Prefetch("excerpts", queryset=Excerpt.objects.select_related("theme")),
        )
        .order_by("received_at", "reference")
    )
    groups = {key: GroupInput(key) for key, _ in GROUPS}
    category_group = {cat: key for key, cats in GROUPS for cat in cats}
    theme_counts: dict[str, int] = {t.key: 0 for t in themes}
    for submission in submissions:
        group = groups[category_group[submission.contributor.category]]
        group.submissions.append(submission)
        excerpts_by_theme: dict[int, list[Excerpt]] = {}
        for excerpt in submission.excerpts.all():
            excerpts_by_theme.setdefault(excerpt.theme_id, []).append(excerpt)
        for tag in submission.tags.all():
            if tag.accepted is False:
                continue
            theme_counts[tag.theme.key] += 1
            group.quotes.setdefault(tag.theme.key, []).extend(
                _quotes_for(submission, tag, excerpts_by_theme.get(tag.theme_id, []))
            )
    late = sum(1 for s in submissions if s.late)
    return DraftInputs(call, themes, [g for g in groups.values() if g.submissions], late, theme_counts)


def report_date_for(call: Call) -> dt.date:
    return call.report_date or dt.date.today()
