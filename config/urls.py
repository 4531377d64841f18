"""URL configuration. Media files are never routed: downloads are permission-checked views."""
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from submissions import views as submission_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", submission_views.health, name="health"),
]
urlpatterns += i18n_patterns(
    path("", include("submissions.urls")),
    prefix_default_language=False,
)
