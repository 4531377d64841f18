"""Public pages of the submissions app. Thin: selectors read, services write."""
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from .languages import data_language
from .models import Call
from .models.calls import CallStatus


def open_calls(request: HttpRequest) -> HttpResponse:
    """The list of calls currently taking input, in the visitor's language."""
    language = data_language(get_language())
    calls = Call.objects.filter(status=CallStatus.OPEN).order_by("deadline")
    rows = [{"call": call, "title": call.title_in(language)} for call in calls]
    return render(request, "submissions/open_calls.html", {"rows": rows})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
