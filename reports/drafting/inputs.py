"""Selecting what a draft rests on (read-only), through the one evidence rule.

Which submissions and passages count is ``reports.selectors.theme_passages``,
the same rule the editors' heat map shows: staff decisions take precedence item
by item, and a suggestion nobody reviewed stands in (the draft is then provisional).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reports.selectors import GROUP_OF, GROUPS, Passage, evidence_submissions, theme_passages
from submissions.models import Call, Submission, Theme

# A passage as the draft quotes it.
Quote = Passage

# Machine evidence offered to the drafting per submission and theme (staff excerpts: all of them).
MAX_EVIDENCE_PER_THEME = 4


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
    # Some of it rests on suggestions nobody reviewed yet.
    provisional: bool = False
    # Themes whose count rests on at least one suggestion nobody reviewed (not printed as counts).
    unreviewed_themes: set[str] = field(default_factory=set)
    # Submissions of identical content from individuals (campaigns), when the selector exists.
    campaigns: int = 0

    @property
    def submissions(self) -> list[Submission]:
        return [s for g in self.groups for s in g.submissions]


def draft_inputs(call: Call) -> DraftInputs:
    themes = list(call.themes.all())
    submissions = list(evidence_submissions(call))
    provisional = False
    unreviewed: set[str] = set()
    groups = {key: GroupInput(key) for key, _ in GROUPS}
    theme_counts: dict[str, int] = {t.key: 0 for t in themes}
    for submission in submissions:
        group = groups[GROUP_OF[submission.contributor.category]]
        group.submissions.append(submission)
        for key, passages in theme_passages(submission).items():
            if not passages or key not in theme_counts:
                continue
            theme_counts[key] += 1
            staff = [p for p in passages if p.excerpt is not None]
            used = staff or passages[:MAX_EVIDENCE_PER_THEME]
            if not all(p.reviewed for p in used):
                provisional = True
                unreviewed.add(key)
            group.quotes.setdefault(key, []).extend(used)
    late = sum(1 for s in submissions if s.late)
    return DraftInputs(call, themes, [g for g in groups.values() if g.submissions], late, theme_counts, provisional,
                       unreviewed, campaign_copies(call))


def campaign_copies(call: Call) -> int:
    """How many submissions of identical content individuals sent (campaign letters, first ones included)."""
    from submissions.selectors.campaigns import campaign_groups

    return sum(len(group.letters) for group in campaign_groups(call))


def report_date_for(call: Call) -> dt.date:
    return call.report_date or dt.date.today()
