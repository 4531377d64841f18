"""Branded error pages in the visitor's language (403, 404, 429, 500).

They render without touching the database, so they work while it is down; a 500
caused by an unreachable database becomes the "try again in a minute" page.
"""
from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from portal.middleware import DATABASE_ERRORS, unavailable_response


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(template, request=request), status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return _page(request, "500.html", 500)
