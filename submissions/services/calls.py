"""Creating and updating calls from a ``call.yaml`` mapping (call-package contract)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db import transaction

from submissions.models import AuditAction, Call, Theme
from submissions.models.calls import Body, ReportAuthor
from submissions.multilingual import UN_LANGUAGES
from submissions.services.audit import record_event

GENEVA = ZoneInfo("Europe/Zurich")
SLUG_RE = re.compile(r"^[a-z0-9-]+$")


class CallSpecError(ValueError):
    """``call.yaml`` cannot be used; the message names the problem."""


def deadline_from_value(value: Any) -> dt.datetime:
    """A date means the end of that day in Geneva; a naive datetime is Geneva time."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CallSpecError(f"deadline: '{value}' is not a date or datetime") from exc
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=GENEVA)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.max, tzinfo=GENEVA)
    raise CallSpecError(f"deadline: expected a date or datetime, got {value!r}")


def _language_map(spec: dict, key: str, *, required: bool = False) -> dict[str, str]:
    value = spec.get(key)
    if value is None:
        if required:
            raise CallSpecError(f"{key}: missing (a map of language → text)")
        return {}
    if isinstance(value, str):
        # Tolerate a plain string: treat it as English, the most common case.
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        raise CallSpecError(f"{key}: expected a map of language → text")
    unknown = sorted(set(value) - set(UN_LANGUAGES))
    if unknown:
        raise CallSpecError(f"{key}: unknown language(s) {', '.join(unknown)}; use {' '.join(UN_LANGUAGES)}")
    return {lang: str(text).strip() for lang, text in value.items() if text}


def _choice(spec: dict, key: str, allowed: list[str]) -> str:
    value = spec.get(key)
    if value not in allowed:
        raise CallSpecError(f"{key}: expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _language(value: Any, key: str) -> str:
    if value not in UN_LANGUAGES:
        raise CallSpecError(f"{key}: expected one of {' '.join(UN_LANGUAGES)}, got {value!r}")
    return value


def _date(value: Any, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CallSpecError(f"{key}: '{value}' is not a date (YYYY-MM-DD)") from exc


def default_reference_prefix(slug: str, deadline: dt.datetime) -> str:
    """Initials of the slug's words plus the deadline's year: ``ICH21``."""
    words = [w for w in slug.split("-") if w and not w.isdigit()]
    initials = "".join(w[0] for w in words)[:4].upper() or "SUB"
    return f"{initials}{deadline.year % 100:02d}"


def _themes(spec: dict) -> list[dict[str, Any]]:
    themes = spec.get("themes") or []
    if not isinstance(themes, list):
        raise CallSpecError("themes: expected a list")
    parsed, seen = [], set()
    for index, theme in enumerate(themes, start=1):
        where = f"themes[{index}]"
        if not isinstance(theme, dict):
            raise CallSpecError(f"{where}: expected a mapping with key and name")
        key = str(theme.get("key") or "")
        if not SLUG_RE.match(key):
            raise CallSpecError(f"{where}.key: expected a slug [a-z0-9-]+, got {key!r}")
        if key in seen:
            raise CallSpecError(f"{where}.key: '{key}' is used twice")
        seen.add(key)
        keywords = theme.get("keywords") or {}
        if isinstance(keywords, list):
            keywords = {"en": keywords}
        if not isinstance(keywords, dict) or set(keywords) - set(UN_LANGUAGES):
            raise CallSpecError(f"{where}.keywords: expected a map of language → list of phrases")
        parsed.append(
            {
                "key": key,
                "name": _language_map(theme, "name", required=True),
                "description": _language_map(theme, "description"),
                "keywords": {lang: [str(k) for k in words or []] for lang, words in keywords.items()},
                "order": index,
            }
        )
    return parsed


def _questions(spec: dict) -> dict[str, list[str]]:
    """Guiding questions per language: a list each (a text with one question a line is split)."""
    value = spec.get("questions") or {}
    if not isinstance(value, dict) or set(value) - set(UN_LANGUAGES):
        raise CallSpecError(f"questions: expected a map of language → list of questions; use {' '.join(UN_LANGUAGES)}")
    parsed: dict[str, list[str]] = {}
    for lang, items in value.items():
        if isinstance(items, str):
            items = items.splitlines()
        if not isinstance(items, list):
            raise CallSpecError(f"questions.{lang}: expected a list of questions")
        cleaned = [str(item).strip() for item in items if str(item).strip()]
        if cleaned:
            parsed[lang] = cleaned
    return parsed


def _email(value: Any, key: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    text = str(value or "").strip()
    if text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise CallSpecError(f"{key}: '{text}' is not an e-mail address") from exc
    return text


def _positive(spec: dict, key: str) -> int | None:
    value = spec.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise CallSpecError(f"{key}: expected a positive integer, got {value!r}")
    return value


def parse_call_spec(spec: Any) -> dict[str, Any]:
    """Validate a ``call.yaml`` mapping and return model field values."""
    if not isinstance(spec, dict):
        raise CallSpecError("call.yaml: expected a mapping of keys to values")
    slug = str(spec.get("slug") or "")
    if not SLUG_RE.match(slug):
        raise CallSpecError(f"slug: expected [a-z0-9-]+, got {spec.get('slug')!r}")
    title = _language_map(spec, "title", required=True)
    try:
        session = int(cast(Any, spec.get("session")))  # None raises TypeError, reported below
    except (TypeError, ValueError) as exc:
        raise CallSpecError(f"session: expected an integer, got {spec.get('session')!r}") from exc
    if "deadline" not in spec:
        raise CallSpecError("deadline: missing")
    deadline = deadline_from_value(spec["deadline"])
    report_languages = spec.get("report_languages") or [spec.get("original_language") or "en"]
    if not isinstance(report_languages, list):
        raise CallSpecError("report_languages: expected a list of languages")
    word_limit = spec.get("word_limit")
    if word_limit is not None and (not isinstance(word_limit, int) or word_limit <= 0):
        raise CallSpecError(f"word_limit: expected a positive integer, got {word_limit!r}")
    return {
        "slug": slug,
        "fields": {
            "title": title,
            "body": _choice(spec, "body", Body.values),
            "session": session,
            "agenda_item": str(spec.get("agenda_item") or ""),
            "agenda_title": _language_map(spec, "agenda_title"),
            "mandate": _language_map(spec, "mandate"),
            "report_symbol": str(spec.get("report_symbol") or ""),
            "report_author": _choice(spec, "report_author", ReportAuthor.values),
            "original_language": _language(spec.get("original_language", "en"), "original_language"),
            "report_languages": [_language(lang, "report_languages") for lang in report_languages],
            "note_verbale_date": _date(spec.get("note_verbale_date"), "note_verbale_date"),
            "deadline": deadline,
            "word_limit": word_limit,
            "report_date": _date(spec.get("report_date"), "report_date"),
            "provisional_agenda": str(spec.get("provisional_agenda") or ""),
            "accepts_late": bool(spec.get("accepts_late", True)),
            "reference_prefix": str(spec.get("reference_prefix") or default_reference_prefix(slug, deadline)),
            # Optional in call.yaml; the set-up pages fill them (decision 0016).
            "call_text": _language_map(spec, "call_text"),
            "questions": _questions(spec),
            "contact_email": _email(spec.get("contact_email"), "contact_email"),
            "max_file_mb": _positive(spec, "max_file_mb"),
            "max_files": _positive(spec, "max_files"),
        },
        "themes": _themes(spec),
    }


# Optional keys a re-import leaves alone when its call.yaml does not have them.
_KEPT_WHEN_ABSENT = frozenset({"call_text", "questions", "contact_email", "max_file_mb", "max_files"})

# Keys of the call.yaml mapping that ``call_spec`` writes, in the contract's order.
_SPEC_KEYS = (
    "title", "body", "session", "agenda_item", "agenda_title", "mandate", "report_symbol", "report_author",
    "original_language", "report_languages", "note_verbale_date", "deadline", "word_limit", "report_date",
    "provisional_agenda", "accepts_late", "reference_prefix", "call_text", "questions", "contact_email",
    "max_file_mb", "max_files",
)


def call_spec(call: Call) -> dict[str, Any]:
    """The call as a ``call.yaml`` mapping (the package's export); ``upsert_call`` reads it back."""
    spec: dict[str, Any] = {"slug": call.slug}
    for key in _SPEC_KEYS:
        value = getattr(call, key)
        if isinstance(value, dt.datetime):
            value = value.astimezone(GENEVA).replace(tzinfo=None).isoformat()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        if value not in (None, "", {}, []):
            spec[key] = value
    spec["themes"] = [
        {k: v for k, v in {"key": t.key, "name": t.name, "description": t.description,
                           "keywords": t.keywords}.items() if v}
        for t in call.themes.order_by("order", "key")
    ]
    return spec


@transaction.atomic
def upsert_call(spec: Any, *, actor_label: str = "import", actor: Any = None) -> tuple[Call, bool]:
    """Create the call, or update it when the slug exists (re-import).

    Themes are matched by key: new ones added, existing ones updated; themes
    no longer listed are kept when staff already used them, otherwise removed.
    """
    parsed = parse_call_spec(spec)
    call = Call.objects.select_for_update().filter(slug=parsed["slug"]).first()
    created = call is None
    if call is None:
        call = Call.objects.create(slug=parsed["slug"], **parsed["fields"])
    else:
        for field, value in parsed["fields"].items():
            if field in _KEPT_WHEN_ABSENT and field not in spec:
                continue  # a package without the page-only texts keeps what staff typed
            setattr(call, field, value)
        call.save()
    keys = []
    for theme in parsed["themes"]:
        keys.append(theme["key"])
        fields = {k: v for k, v in theme.items() if k != "key"}
        Theme.objects.update_or_create(call=call, key=theme["key"], defaults=fields)
    call.themes.exclude(key__in=keys).filter(tags__isnull=True).delete()
    record_event(AuditAction.CALL_CREATED if created else AuditAction.CALL_UPDATED, actor=actor,
                 actor_label=actor_label, call=call, obj=call)
    return call, created
