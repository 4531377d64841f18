from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.open_calls, name="open-calls"),
]
