"""Small presentation helpers shared by the portal's views."""
from __future__ import annotations

from collections.abc import Mapping

from ..languages import UN_LANGUAGES
from ..models import Call
from ..models.calls import CallStatus


def localized_text(texts: Mapping[str, str] | None, language: str, fallback: str = "en") -> dict[str, str] | None:
    """The text in ``language`` or a fallback, with the language it is in.

    Templates mark a fallback with ``lang`` so screen readers pronounce it right.
    """
    if not texts:
        return None
    for code in (language, fallback, *UN_LANGUAGES):
        if texts.get(code):
            return {"text": texts[code], "lang": code if code != language else ""}
    return None


def call_state(call: Call) -> str:
    """``open``, ``late`` (past the deadline, still accepting, flagged) or ``closed``."""
    if call.status != CallStatus.OPEN:
        return "closed"
    if call.is_past_deadline:
        return "late" if call.accepts_late else "closed"
    return "open"
