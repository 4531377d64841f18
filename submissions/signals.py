"""Signals of the domain core: reference data after migrate, and "a submission was stored"."""
from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)


def load_reference_data(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Load or refresh the States table; idempotent, so every migrate can run it."""
    from submissions.services.countries import load_countries

    load_countries()


# Sent once a submission's stored content is committed: at intake, and after the
# sender changed its text or files. Processing listens (``synthesis.receivers``);
# the core never imports processing. Arguments: ``submission_id``, ``reason``.
submission_stored = Signal()


def _send_on_commit(signal: Signal, name: str, submission_id: int, **arguments: Any) -> None:
    """Send ``signal`` once the current transaction commits (at once outside one); a failing
    receiver is logged, never raised into the request that committed."""

    def send() -> None:
        for receiver, error in signal.send_robust(sender=None, submission_id=submission_id, **arguments):
            if isinstance(error, Exception):
                log.error("receiver %r of %s failed for %s: %r", receiver, name, submission_id, error)

    transaction.on_commit(send)


def announce_stored(submission_id: int, reason: str) -> None:
    """Send ``submission_stored`` after the current transaction commits (at once outside one)."""
    _send_on_commit(submission_stored, "submission_stored", submission_id, reason=reason)


# Sent inside the transaction in which staff said "not a duplicate", so processing
# can remember it (``synthesis`` keeps its fingerprints). Argument: ``submission_id``.
duplicate_undone = Signal()


# Sent once staff's theme decision (accept, reject, add) is committed, so processing
# can learn from it (``synthesis`` re-scores the call's undecided suggestions).
# Arguments: ``call_id``, ``submission_id``, ``theme_id``, ``accepted``.
theme_decided = Signal()


def announce_theme_decided(call_id: int, submission_id: int, theme_id: int, accepted: bool) -> None:
    """Send ``theme_decided`` after the current transaction commits."""
    _send_on_commit(theme_decided, "theme_decided", submission_id, call_id=call_id, theme_id=theme_id,
                    accepted=accepted)


# Sent once a submission becomes *included* (or stops being so) is committed: including ends a
# submission's triage, so every theme staff did not accept there counts as rejected when the
# call's model learns (``synthesis.services.suggestions.staff_decisions``). Arguments:
# ``call_id``, ``submission_id``.
themes_settled = Signal()


def announce_themes_settled(call_id: int, submission_id: int) -> None:
    """Send ``themes_settled`` after the current transaction commits."""
    _send_on_commit(themes_settled, "themes_settled", submission_id, call_id=call_id)
