"""Middleware that keeps the public portal answering politely when things go wrong.

- ``UploadSizeLimitMiddleware`` refuses a request whose declared body is larger than
  ``MAX_REQUEST_BODY_MB`` before anything reads it (a 200 MB upload is not read whole
  only to be refused), with the translated 413 page.
- ``DatabaseUnavailableMiddleware`` turns "the database is unreachable or locked" (a
  PostgreSQL restart, a busy embedded SQLite) into a translated "try again in a minute"
  page (503, ``Retry-After``) instead of a 500.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page; it needs no database (no user, no session)."""
    body = render_to_string("portal/unavailable.html", request=request)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "60"
    return response


class UploadSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "MAX_REQUEST_BODY_MB", 110)) * 1024 * 1024
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            body = render_to_string("portal/too_large.html", {"limit_mb": limit // (1024 * 1024)}, request=request)
            response = HttpResponse(body, status=413)
            # The body was not read: the connection cannot be reused for another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            log.error("database unavailable while serving %s: %s", request.path, exception)
            return unavailable_response(request)
        return None
