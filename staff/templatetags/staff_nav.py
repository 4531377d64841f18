"""``{% call_nav call %}``: the links of one call's pages that the signed-in person may open."""
from __future__ import annotations

from typing import Any

from django import template

from submissions import permissions
from submissions.models import Call
from submissions.multilingual import LANGUAGE_LABELS

register = template.Library()


@register.inclusion_tag("staff/includes/call_nav.html", takes_context=True)
def call_nav(context: dict[str, Any], call: Call, active: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    granted = permissions.permissions_on(user, call)
    return {
        "call": call,
        "active": active,
        "nav": {
            "evidence": permissions.DRAFT in granted,
            "report_languages": [{"code": code, "label": LANGUAGE_LABELS[code]}
                                 for code in call.report_languages if code in LANGUAGE_LABELS],
            "messages": permissions.MESSAGE in granted,
            "set_up": permissions.SET_UP in granted,
        },
    }


@register.simple_tag(takes_context=True)
def may_create_calls(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return permissions.can_create_calls(getattr(request, "user", None))
