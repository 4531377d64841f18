"""Reads of the reports domain: the evidence matrix, a report's builds."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from submissions.models import Call, CountryName, Excerpt, Submission, ThemeTag
from synthesis.drafting.inputs import GROUPS, USABLE

from .models import Report, ReportBuild


@dataclass
class EvidenceRow:
    contributor_id: int
    name: str
    group: str
    counts: dict[str, int] = field(default_factory=dict)  # theme key → accepted excerpts


@dataclass
class EvidenceMatrix:
    themes: list  # Theme objects, in call order
    rows: list[EvidenceRow]
    # True before staff decided anything: suggestions stand in, as in the draft.
    provisional: bool = False

    @property
    def maximum(self) -> int:
        return max((n for row in self.rows for n in row.counts.values()), default=0)


def no_staff_decisions(call: Call) -> bool:
    """Before staff decide anything, suggestions stand in for decisions (as in the first draft)."""
    return not (
        ThemeTag.objects.filter(submission__call=call, accepted__isnull=False).exists()
        or Excerpt.objects.filter(submission__call=call).exists()
    )


def _counts(tag: ThemeTag, provisional: bool) -> bool:
    return tag.accepted is True or (provisional and tag.accepted is None)


def evidence_matrix(call: Call, language: str) -> EvidenceMatrix:
    """Theme × contributor: how many accepted excerpts each contributor gave on each theme.

    Accepted excerpts are the passages staff saved for a theme (unless they then
    rejected the theme) and the evidence of themes staff accepted.
    """
    themes = list(call.themes.all())
    submissions = (
        Submission.objects.filter(call=call, status__in=USABLE)
        .select_related("contributor__country")
        .prefetch_related(
            Prefetch("contributor__country__names", queryset=CountryName.objects.all()),
            Prefetch("tags", queryset=ThemeTag.objects.select_related("theme")),
            Prefetch("excerpts", queryset=Excerpt.objects.select_related("theme")),
        )
    )
    on = call.report_date
    provisional = no_staff_decisions(call)
    group_of = {cat: key for key, cats in GROUPS for cat in cats}
    rows: dict[int, EvidenceRow] = {}
    for submission in submissions:
        contributor = submission.contributor
        row = rows.setdefault(contributor.pk, EvidenceRow(
            contributor.pk, contributor.display_name(language, on), group_of[contributor.category]))
        rejected = {t.theme.key for t in submission.tags.all() if t.accepted is False}
        accepted = {t.theme.key: t for t in submission.tags.all() if _counts(t, provisional)}
        with_excerpts = set()
        for excerpt in submission.excerpts.all():
            if excerpt.theme.key not in rejected:
                row.counts[excerpt.theme.key] = row.counts.get(excerpt.theme.key, 0) + 1
                with_excerpts.add(excerpt.theme.key)
        for key, tag in accepted.items():
            if key not in with_excerpts:
                row.counts[key] = row.counts.get(key, 0) + len(tag.evidence or [])
    order = {key: index for index, (key, _) in enumerate(GROUPS)}
    return EvidenceMatrix(themes, sorted(rows.values(), key=lambda r: (order[r.group], r.name.lower())), provisional)


def cell_excerpts(call: Call, contributor_id: int, theme_key: str) -> list[dict]:
    """The accepted passages behind one cell of the matrix (suggested ones before any decision)."""
    provisional = no_staff_decisions(call)
    passages = []
    submissions = Submission.objects.filter(call=call, contributor_id=contributor_id, status__in=USABLE)
    for submission in submissions.prefetch_related("excerpts__theme", "tags__theme"):
        staff = [e for e in submission.excerpts.all() if e.theme.key == theme_key]
        passages += [{"submission": submission, "text": e.text, "page": e.page, "origin": "excerpt"} for e in staff]
        if not staff:
            for tag in submission.tags.all():
                if tag.theme.key == theme_key and _counts(tag, provisional):
                    passages += [{"submission": submission, "text": ev.get("text", ""), "page": ev.get("page"),
                                  "origin": "evidence"} for ev in tag.evidence or []]
    return passages


def builds_of(report: Report, limit: int = 20) -> list[ReportBuild]:
    return list(report.builds.select_related("requested_by").order_by("-requested_at")[:limit])


def builds_context(report: Report) -> dict:
    """The builds panel: the list, and whether it should keep polling for progress."""
    builds = builds_of(report)
    active = {ReportBuild.State.QUEUED, ReportBuild.State.RUNNING}
    return {"report": report, "builds": builds, "polling": any(b.state in active for b in builds)}
