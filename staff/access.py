"""Decorators that put ``submissions.permissions`` in front of every staff view, one per object kind.

Anonymous visitors go to the login page; people who are on no call (submitters)
get 403; a call or submission the person is not on answers 404, so its existence
is not disclosed; an action the person's role does not allow answers 403.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_htmx.middleware import HtmxDetails

from reports.models import Paragraph, ReportBuild, Section
from submissions import permissions
from submissions.models import Submission
from submissions.selectors import call_for_staff


class AuthedRequest(HttpRequest):
    """The request a view behind these decorators gets: someone is logged in (django-stubs' recommended way).

    ``htmx`` is set on every request by django-htmx's middleware.
    """

    user: User
    htmx: HtmxDetails


View = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/forbidden.html", status=403)


def staff_area(view: View) -> View:
    """Logged in, and on at least one call."""

    @wraps(view)
    def guard(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.is_staff_member(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return never_cache(login_required(guard))


def call_permission(permission: str = permissions.VIEW) -> Callable[[View], View]:
    """The view gets ``call`` (from the ``slug``) once the person may do ``permission`` on it."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guard(request: AuthedRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            call = call_for_staff(slug, request.user)
            if call is None:
                raise Http404
            if not permissions.can(request.user, permission, call):
                return forbidden(request)
            return view(request, call, *args, **kwargs)

        return staff_area(guard)

    return decorator


def submission_permission(permission: str = permissions.VIEW) -> Callable[[View], View]:
    """The view gets ``submission`` (from ``pk``, with its call) once ``permission`` holds on its call."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guard(request: AuthedRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            submission = Submission.objects.select_related("call").filter(pk=pk).first()
            if submission is None or not permissions.can(request.user, permissions.VIEW, submission.call):
                raise Http404
            if not permissions.can(request.user, permission, submission.call):
                return forbidden(request)
            return view(request, submission, *args, **kwargs)

        return staff_area(guard)

    return decorator


def _object_permission(model: type[Any], path: str, permission: str) -> Callable[[View], View]:
    """The view gets the ``model`` row (from ``pk``) once ``permission`` holds on the call at ``path``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guard(request: AuthedRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            item = model.objects.select_related(path).filter(pk=pk).first()
            call = _follow(item, path) if item is not None else None
            if call is None or not permissions.can(request.user, permissions.VIEW, call):
                raise Http404
            if not permissions.can(request.user, permission, call):
                return forbidden(request)
            return view(request, item, *args, **kwargs)

        return staff_area(guard)

    return decorator


def _follow(item: Any, path: str) -> Any:
    for name in path.split("__"):
        item = getattr(item, name)
    return item


def paragraph_permission(permission: str = permissions.DRAFT) -> Callable[[View], View]:
    """The view gets ``paragraph`` (from ``pk``) once ``permission`` holds on its report's call."""
    return _object_permission(Paragraph, "section__report__call", permission)


def section_permission(permission: str = permissions.DRAFT) -> Callable[[View], View]:
    """The view gets ``section`` (from ``pk``) once ``permission`` holds on its report's call."""
    return _object_permission(Section, "report__call", permission)


def build_permission(permission: str = permissions.DRAFT) -> Callable[[View], View]:
    """The view gets ``build`` (from ``pk``) once ``permission`` holds: builds are the editors'."""
    return _object_permission(ReportBuild, "report__call", permission)
