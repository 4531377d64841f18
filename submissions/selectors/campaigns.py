"""Mass-mailing campaigns of a call: near-identical letters from different senders.

Processing links every campaign letter to the first one (``duplicate_of``) but
leaves it ``ready`` (decision 0017); a same-sender re-submission is status
``duplicate`` instead. The report counts a campaign once, credits every sender.
"""
from __future__ import annotations

from dataclasses import dataclass

from submissions.models import Call, Submission, SubmissionStatus

# Letters that do not count: refused, withdrawn, or the same sender's re-submission.
_NOT_COUNTED = (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN, SubmissionStatus.DUPLICATE)


@dataclass(frozen=True)
class CampaignGroup:
    """One campaign: its first letter and every letter of the group (the first included)."""

    first: Submission
    letters: tuple[Submission, ...]

    @property
    def size(self) -> int:
        return len(self.letters)

    @property
    def first_reference(self) -> str:
        return self.first.reference

    @property
    def senders(self) -> list[str]:
        """The senders to credit, as written, in arrival order."""
        return [letter.contributor.name for letter in self.letters]


def campaign_groups(call: Call) -> list[CampaignGroup]:
    """The call's campaigns (two letters or more), largest first."""
    copies = list(
        Submission.objects.filter(call=call, duplicate_of__isnull=False)
        .exclude(status__in=_NOT_COUNTED)
        .exclude(duplicate_of__status__in=(SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN))
        .select_related("contributor", "duplicate_of__contributor")
        .order_by("received_at", "reference")
    )
    groups: dict[int, list[Submission]] = {}
    firsts: dict[int, Submission] = {}
    for copy in copies:
        first = copy.duplicate_of
        assert first is not None
        firsts[first.pk] = first
        groups.setdefault(first.pk, []).append(copy)
    result = [CampaignGroup(first=firsts[pk], letters=(firsts[pk], *letters)) for pk, letters in groups.items()]
    return sorted(result, key=lambda g: (-g.size, g.first.received_at, g.first.reference))


def campaign_of(call: Call) -> dict[int, CampaignGroup]:
    """Submission id → its campaign, for every letter of every campaign of the call."""
    return {letter.pk: group for group in campaign_groups(call) for letter in group.letters}
