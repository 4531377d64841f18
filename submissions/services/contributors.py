"""Contributors' names as reports print them, per language: the one writer of ``Contributor.names``.

A report never prints a name in another script (issue 10): editors set the missing
form here, and the reference table of UN entities and IGOs fills what it knows.
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import Call, Contributor
from submissions.models.audit import AuditAction
from submissions.models.contributors import ORGANIZATION_CATEGORIES
from submissions.multilingual import UN_LANGUAGES
from submissions.organizations import match_organization
from submissions.services.audit import record_event

MAX_NAME_LENGTH = 300


def set_display_name(contributor: Contributor, language: str, name: str, *, actor: User | None,
                     call: Call | None = None) -> Contributor:
    """Set (or, with an empty ``name``, clear) the name reports in ``language`` print for ``contributor``.

    ``call`` puts the event on that call's history (the editor it was set from).
    """
    if language not in UN_LANGUAGES:
        raise ValueError(f"not a UN language: {language}")
    name = " ".join(name.split())[:MAX_NAME_LENGTH]
    with transaction.atomic():
        contributor = Contributor.objects.select_for_update().get(pk=contributor.pk)
        before = str(contributor.names.get(language, ""))
        if name == before:
            return contributor
        names = dict(contributor.names)
        if name:
            names[language] = name
        else:
            names.pop(language, None)
        contributor.names = names
        contributor.save(update_fields=["names"])
        record_event(AuditAction.CONTRIBUTOR_NAME_SET, actor=actor, call=call, obj=contributor,
                     before={"language": language, "text": before}, after={"language": language, "text": name})
    return contributor


def prefill_names(contributor: Contributor, *, actor: User | None = None) -> list[str]:
    """Fill the languages staff have not set from the organizations' reference table; the languages filled.

    Only where the stored name changes nothing in running text: the table's English, French
    and Spanish running forms carry an article ("the World Health Organization") that a
    stored name would override, so those stay derived; Russian, Chinese and Arabic names
    (no article) are stored, and shown for editing in the editor like any other.
    """
    organization = match_organization(contributor.name) if contributor.category in ORGANIZATION_CATEGORIES else None
    if organization is None:
        return []
    filled = []
    for language in UN_LANGUAGES:
        name = organization.names.get(language, "")
        if not name or contributor.names.get(language) or organization.running_name(language) != name:
            continue
        set_display_name(contributor, language, name, actor=actor)
        contributor.refresh_from_db(fields=["names"])
        filled.append(language)
    return filled
