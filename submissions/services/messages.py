"""The outbox: every e-mail the application sends is an ``OutboundMessage`` first (decision 0016).

Staff compose drafts from templates (per call and language, defaults in
``message_defaults``), review them in the outbox, approve them, and a Celery task
sends each one through Django's e-mail backend with retries. A sent message is
recorded on its submission's history. Receipts, invitations and digests are
approved by whoever caused them (the sender's own submission, the inviter, the
subscriber) and go through the same sender.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from submissions.models import (
    AuditAction,
    Call,
    DigestSubscription,
    MessageKind,
    MessageState,
    MessageTemplate,
    OutboundMessage,
    Submission,
)
from submissions.multilingual import UN_LANGUAGES, localized
from submissions.services.audit import record_event
from submissions.services.message_defaults import DEFAULT_TEMPLATES

log = logging.getLogger(__name__)

# Kinds staff compose to senders (the others are written by the application).
COMPOSABLE = (MessageKind.INCLUDED, MessageKind.NOT_USED, MessageKind.FREE, MessageKind.RECEIPT)
EDITABLE_KINDS = (*COMPOSABLE, MessageKind.REMINDER)


class MessageError(ValueError):
    """The message cannot be composed or changed as asked."""


# --- Templates ------------------------------------------------------------------

@dataclass(frozen=True)
class Wording:
    subject: str
    body: str
    language: str
    customised: bool


def wording(call: Call, kind: str, language: str) -> Wording:
    """The call's own template in ``language``, else the shipped default (that language, else English)."""
    row = MessageTemplate.objects.filter(call=call, kind=kind, language=language).first()
    if row is not None:
        return Wording(row.subject, row.body, language, True)
    defaults = DEFAULT_TEMPLATES.get(kind, {})
    used = language if language in defaults else "en"
    subject, body = defaults.get(used, ("", ""))
    return Wording(subject, body, used, False)


@transaction.atomic
def save_template(call: Call, kind: str, language: str, *, subject: str, body: str, actor: User) -> MessageTemplate:
    if kind not in MessageKind.values or language not in UN_LANGUAGES:
        raise MessageError("unknown kind or language")
    if not subject.strip() or not body.strip():
        raise MessageError("subject and body are both needed")
    row, _created = MessageTemplate.objects.update_or_create(
        call=call, kind=kind, language=language, defaults={"subject": subject.strip(), "body": body.strip()})
    record_event(AuditAction.CALL_UPDATED, actor=actor, call=call, obj=row,
                 before={f"template {kind} {language}": ""}, after={"subject": row.subject})
    return row


class _Fill(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, values: dict[str, Any]) -> str:
    """Fill ``{placeholders}``; braces staff typed for anything else stay as they are."""
    try:
        return text.format_map(_Fill({k: str(v) for k, v in values.items()}))
    except (ValueError, IndexError):  # a lone brace in typed text: send it as typed
        return text


def _site(path: str) -> str:
    base = getattr(settings, "RAPPORTEUR_SITE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def call_values(call: Call, language: str) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "call": localized(call.title, language, call.original_language),
        "deadline": call.deadline.astimezone(_geneva()).strftime("%d.%m.%Y %H:%M") + " (Geneva)",
        "contact": call.contact_email or settings.DEFAULT_FROM_EMAIL,
        "link": _site(reverse("portal:call", args=[call.slug])),
    }


def _geneva() -> dt.tzinfo:
    from submissions.services.calls import GENEVA

    return GENEVA


def submission_language(submission: Submission) -> str:
    """Write to a sender in their language when it is one of the six, else in the call's."""
    return submission.language if submission.language in UN_LANGUAGES else submission.call.original_language


def _submission_values(submission: Submission, language: str) -> dict[str, Any]:
    return {
        **call_values(submission.call, language),
        "contributor": submission.contributor.display_name(language),
        "reference": submission.reference,
    }


# --- Composing ----------------------------------------------------------------------

def _draft(call: Call, *, kind: str, to: str, subject: str, body: str, language: str, actor: User | None,
           submission: Submission | None = None, state: str = MessageState.DRAFT) -> OutboundMessage:
    message = OutboundMessage.objects.create(
        call=call, submission=submission, kind=kind, to=to, subject=subject[:250], body=body, language=language,
        state=state, created_by=actor,
        approved_by=actor if state == MessageState.APPROVED else None,
        approved_at=timezone.now() if state == MessageState.APPROVED else None,
    )
    record_event(AuditAction.MESSAGE_DRAFTED, actor=actor, actor_label="" if actor else "system", call=call,
                 submission=submission, obj=message, after={"to": to, "subject": message.subject, "kind": kind})
    return message


@transaction.atomic
def compose_to_submissions(call: Call, kind: str, submissions: Iterable[Submission], *, actor: User,
                           message: str = "", subject: str = "") -> list[OutboundMessage]:
    """One draft per chosen submission that has an address, in its sender's language.

    ``message`` fills ``{message}`` (the free message); ``subject``, when typed, replaces the template's.
    Drafts wait in the outbox until someone approves them.
    """
    if kind not in [k.value for k in COMPOSABLE]:
        raise MessageError(f"{kind!r} is not a message staff compose to senders")
    if kind == MessageKind.FREE and not message.strip():
        raise MessageError("a free message needs its text")
    drafts = []
    for submission in submissions:
        if submission.call_id != call.pk or not submission.contact_email:
            continue
        language = submission_language(submission)
        words = wording(call, kind, language)
        values = {**_submission_values(submission, language), "message": message.strip()}
        drafts.append(_draft(call, kind=kind, to=submission.contact_email, submission=submission,
                             subject=render(subject.strip() or words.subject, values),
                             body=render(words.body, values), language=language, actor=actor))
    return drafts


@transaction.atomic
def compose_reminders(call: Call, addresses: Iterable[str], language: str, *, actor: User) -> list[OutboundMessage]:
    """Deadline reminders to the call's invitees (addresses staff paste: missions, NHRIs, organisations)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    words = wording(call, MessageKind.REMINDER, language)
    values = call_values(call, language)
    drafts = []
    for address in dict.fromkeys(a.strip() for a in addresses if a.strip()):
        try:
            validate_email(address)
        except ValidationError as exc:
            raise MessageError(f"'{address}' is not an e-mail address") from exc
        drafts.append(_draft(call, kind=MessageKind.REMINDER, to=address, subject=render(words.subject, values),
                             body=render(words.body, values), language=words.language, actor=actor))
    return drafts


# --- Reviewing and sending ------------------------------------------------------------

def queue_send(message: OutboundMessage, *, inline_if_broker_down: bool = False) -> None:
    """Hand an approved message to the Celery task once the approval is committed.

    ``inline_if_broker_down`` (the receipt): when the broker cannot be reached, send it from
    here instead of leaving it for the daily re-queue; it still goes through ``send_message``.
    """
    from submissions.tasks import send_message_task

    message_id = message.pk

    def send() -> None:
        try:
            send_message_task.apply_async(args=(message_id,), retry=False)
        except Exception:  # noqa: BLE001 - a broker outage leaves it approved; the digest beat re-queues
            if inline_if_broker_down:
                log.warning("broker unavailable; sending message %s from the request", message_id)
                send_message(message_id)
            else:
                log.warning("broker unavailable; message %s stays approved", message_id)

    transaction.on_commit(send)


@transaction.atomic
def edit_draft(message: OutboundMessage, *, subject: str, body: str, actor: User) -> OutboundMessage:
    locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
    if locked.state != MessageState.DRAFT:
        raise MessageError("only a draft can be changed")
    locked.subject, locked.body = subject.strip()[:250], body.strip()
    locked.save(update_fields=["subject", "body"])
    return locked


@transaction.atomic
def approve(messages: Iterable[OutboundMessage], *, actor: User) -> int:
    """Approve drafts for sending (the four-eyes step); each is then sent by the task."""
    count = 0
    for message in messages:
        locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.state != MessageState.DRAFT:
            continue
        locked.state, locked.approved_by, locked.approved_at = MessageState.APPROVED, actor, timezone.now()
        locked.save(update_fields=["state", "approved_by", "approved_at"])
        record_event(AuditAction.MESSAGE_APPROVED, actor=actor, call=locked.call, submission=locked.submission,
                     obj=locked, after={"to": locked.to, "subject": locked.subject})
        queue_send(locked)
        count += 1
    return count


@transaction.atomic
def discard(messages: Iterable[OutboundMessage], *, actor: User) -> int:
    ids = [m.pk for m in messages]
    return OutboundMessage.objects.filter(pk__in=ids, state__in=[MessageState.DRAFT, MessageState.FAILED]).update(
        state=MessageState.DISCARDED)


@transaction.atomic
def retry(message: OutboundMessage, *, actor: User) -> None:
    """Send a failed message again (staff's button; the task retries by itself first)."""
    updated = OutboundMessage.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
        state=MessageState.APPROVED)
    if updated:
        queue_send(message)


def send_message(message_id: int, *, raise_errors: bool = False) -> bool:
    """Send one approved (or failed) message: the only place that hands mail to Django's backend.

    Success records ``MESSAGE_SENT`` on the submission's history; a failure marks the
    row failed with the error and, for the task, re-raises so Celery retries.
    """
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update(of=("self",)).select_related("call", "submission").filter(
            pk=message_id).first()
        if message is None or message.state not in (MessageState.APPROVED, MessageState.FAILED):
            return False
        message.attempts += 1
        try:
            EmailMessage(message.subject, message.body, None, [message.to],
                         reply_to=[message.call.contact_email] if message.call.contact_email else None).send()
        except Exception as exc:  # noqa: BLE001 - SMTP and backend errors vary; the row keeps the error
            message.state, message.last_error = MessageState.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["state", "last_error", "attempts"])
            record_event(AuditAction.MESSAGE_FAILED, actor_label="system", call=message.call,
                         submission=message.submission, obj=message,
                         after={"to": message.to, "subject": message.subject, "error": message.last_error[:200]})
            log.warning("could not send message %s: %s", message.pk, message.last_error)
            failed = exc
        else:
            message.state, message.sent_at, message.last_error = MessageState.SENT, timezone.now(), ""
            message.save(update_fields=["state", "sent_at", "last_error", "attempts"])
            record_event(AuditAction.MESSAGE_SENT, actor=message.approved_by,
                         actor_label="" if message.approved_by else "system", call=message.call,
                         submission=message.submission, obj=message,
                         after={"to": message.to, "subject": message.subject, "kind": message.kind})
            if _is_arrival_receipt(message):
                # The sender's history says "receipt sent" only once it really was (decision 0020).
                record_event(AuditAction.SUBMISSION_RECEIPT_SENT, actor_label="system", submission=message.submission,
                             obj=message.submission, after={"to": message.to})
            return True
    if raise_errors:
        raise OSError(str(failed)) from failed
    return False


def _is_arrival_receipt(message: OutboundMessage) -> bool:
    """The receipt written when the submission arrived: its submission's first receipt-kind message."""
    return (message.kind == MessageKind.RECEIPT and message.submission_id is not None and message.created_by_id is None
            and not OutboundMessage.objects.filter(submission_id=message.submission_id, kind=MessageKind.RECEIPT,
                                                   pk__lt=message.pk).exists())


def send_soon(call: Call, *, kind: str, to: str, subject: str, body: str, language: str,
              submission: Submission | None = None, actor: User | None = None) -> OutboundMessage:
    """An e-mail its sender approved by their own act (the receipt), sent by the task after commit.

    The approved outbox row is written here, in the request; ``send_message_task`` sends it once
    committed, so the person never waits on the mail server (decision 0020, throughput). With the
    broker unreachable it is sent from the request after all (``queue_send``).
    """
    with transaction.atomic():
        message = _draft(call, kind=kind, to=to, subject=subject, body=body, language=language, actor=actor,
                         submission=submission, state=MessageState.APPROVED)
        queue_send(message, inline_if_broker_down=True)
    return message


def send_now(call: Call, *, kind: str, to: str, subject: str, body: str, language: str,
             submission: Submission | None = None, actor: User | None = None) -> bool:
    """An e-mail its sender approved by their own act (receipt, invitation): outbox row, sent at once.

    The person is waiting on the page, so it is sent in the request; a failure is left
    *failed* in the outbox for the task (or staff) to retry.
    """
    message = _draft(call, kind=kind, to=to, subject=subject, body=body, language=language, actor=actor,
                     submission=submission, state=MessageState.APPROVED)
    return send_message(message.pk)


# --- The daily digest ----------------------------------------------------------------

@transaction.atomic
def set_digest(call: Call, user: User, wanted: bool) -> None:
    if wanted:
        DigestSubscription.objects.get_or_create(call=call, user=user, defaults={"last_sent_at": timezone.now()})
    else:
        DigestSubscription.objects.filter(call=call, user=user).delete()


def queue_digests(now: dt.datetime | None = None) -> int:
    """One digest per subscriber with new submissions since their last one; re-queues stuck approved mail."""
    from django.urls import reverse

    now = now or timezone.now()
    count = 0
    for subscription in DigestSubscription.objects.select_related("call", "user"):
        since = subscription.last_sent_at or now - dt.timedelta(days=1)
        call, user = subscription.call, subscription.user
        new = list(Submission.objects.filter(call=call, received_at__gt=since, received_at__lte=now)
                   .select_related("contributor").order_by("received_at"))
        with transaction.atomic():
            subscription.last_sent_at = now
            subscription.save(update_fields=["last_sent_at"])
            if not new or not user.email:
                continue
            words = wording(call, MessageKind.DIGEST, "en")
            values = {**call_values(call, "en"), "count": len(new),
                      "list": "\n".join(f"- {s.reference}  {s.contributor.display_name('en')}" for s in new),
                      "link": _site(reverse("staff:inbox", args=[call.slug]))}
            message = _draft(call, kind=MessageKind.DIGEST, to=user.email, subject=render(words.subject, values),
                             body=render(words.body, values), language="en", actor=None,
                             state=MessageState.APPROVED)
            queue_send(message)
            count += 1
    stale = OutboundMessage.objects.filter(state=MessageState.APPROVED, approved_at__lt=now - dt.timedelta(hours=1))
    for message in stale:
        queue_send(message)
    return count
