"""Domain models of intake and triage.

One module per concept; import from here.
"""
from .audit import SUBMITTER_VISIBLE_ACTIONS, AuditAction, AuditEvent
from .calls import Call, Theme
from .contributors import Contributor, ContributorCategory
from .countries import Country, CountryName
from .excerpts import Excerpt
from .files import Attachment
from .outreach import (
    DigestSubscription,
    Invitation,
    MessageKind,
    MessageState,
    MessageTemplate,
    NoteVerbale,
    OutboundMessage,
    SubmissionExtension,
)
from .submissions import PublicationState, Submission, SubmissionStatus
from .tags import ThemeTag
from .triage import CallMembership, CallRole, InternalNote, SearchDocument

__all__ = [
    "SUBMITTER_VISIBLE_ACTIONS",
    "Attachment",
    "AuditAction",
    "AuditEvent",
    "Call",
    "CallMembership",
    "CallRole",
    "Contributor",
    "ContributorCategory",
    "Country",
    "CountryName",
    "DigestSubscription",
    "Excerpt",
    "InternalNote",
    "Invitation",
    "MessageKind",
    "MessageState",
    "MessageTemplate",
    "NoteVerbale",
    "OutboundMessage",
    "PublicationState",
    "SearchDocument",
    "Submission",
    "SubmissionExtension",
    "SubmissionStatus",
    "Theme",
    "ThemeTag",
]
