"""Saving and deleting excerpts: passages staff keep as evidence for a theme.

An excerpt must be a passage of the submission as extracted, so the report can
quote it and cite its file and page. The offsets the browser sends are checked
against the stored text; when they do not match (a text changed, a selection
made without script) the passage is looked up in the text instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import Attachment, AuditAction, Excerpt, Submission, Theme
from submissions.services.audit import record_event

MAX_EXCERPT_CHARS = 5000


class ExcerptError(ValueError):
    """The passage cannot be saved; ``code`` picks the message shown."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "empty" | "too-long" | "not-found" | "theme"


@dataclass(frozen=True)
class TextSource:
    """One text of a submission that offsets point into."""

    attachment: Attachment | None
    page: int | None
    text: str


def text_sources(submission: Submission) -> list[TextSource]:
    """The typed text, then each usable file page by page (or whole when not paged)."""
    sources = [TextSource(None, None, submission.text)] if submission.text else []
    for attachment in submission.attachments.all():
        if not attachment.usable:
            continue
        if attachment.pages:
            sources += [TextSource(attachment, n, page or "") for n, page in enumerate(attachment.pages, start=1)]
        elif attachment.extracted_text:
            sources.append(TextSource(attachment, None, attachment.extracted_text))
    return sources


def locate(submission: Submission, text: str, *, attachment_id: int | None = None, page: int | None = None,
           start: int | None = None, end: int | None = None) -> tuple[TextSource, int, int]:
    """Where ``text`` is in the submission: the given offsets if they hold, else its first occurrence."""
    sources = text_sources(submission)
    if start is not None and end is not None and 0 <= start < end:
        for source in sources:
            same_place = (source.attachment.pk if source.attachment else None) == attachment_id and source.page == page
            if same_place and source.text[start:end].strip() == text.strip():
                return source, start, end
    needle = text.strip()
    for source in sources:
        index = source.text.find(needle)
        if index >= 0:
            return source, index, index + len(needle)
    raise ExcerptError("not-found")


@transaction.atomic
def save_excerpt(submission: Submission, theme: Theme, text: str, *, actor: User,
                 attachment_id: int | None = None, page: int | None = None,
                 start: int | None = None, end: int | None = None) -> Excerpt:
    """Keep a passage of the submission for a theme of its call; audited."""
    if theme.call_id != submission.call_id:
        raise ExcerptError("theme")
    if not text.strip():
        raise ExcerptError("empty")
    if len(text) > MAX_EXCERPT_CHARS:
        raise ExcerptError("too-long")
    source, start, end = locate(submission, text, attachment_id=attachment_id, page=page, start=start, end=end)
    excerpt = Excerpt.objects.create(
        submission=submission, theme=theme, text=source.text[start:end], attachment=source.attachment,
        page=source.page, start=start, end=end, created_by=actor,
    )
    record_event(AuditAction.EXCERPT_SAVED, actor=actor, submission=submission, obj=excerpt,
                 after={"theme": theme.key, "text": excerpt.text[:500], "page": excerpt.page,
                        "attachment": source.attachment.original_name if source.attachment else None})
    return excerpt


@transaction.atomic
def delete_excerpt(excerpt: Excerpt, *, actor: User) -> None:
    """Remove an excerpt; the history keeps what it was."""
    record_event(AuditAction.EXCERPT_DELETED, actor=actor, submission=excerpt.submission, obj=excerpt,
                 before={"theme": excerpt.theme.key, "text": excerpt.text[:500], "page": excerpt.page})
    excerpt.delete()
