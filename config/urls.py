"""URL configuration. Media files are never routed: downloads are permission-checked views."""
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from config.health import health
from staff.views.invitations import accept as accept_invitation
from staff.views.start import start

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", health, name="health"),
]
urlpatterns += i18n_patterns(
    # Staff sign-in (django-axes locks an account out after repeated failures; see decision 0011).
    path("accounts/login/", auth_views.LoginView.as_view(template_name="staff/login.html",
                                                         redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # After sign-in: where the person's work starts (staff.views.start).
    path("accounts/start/", start, name="start"),
    # Accepting a team invitation: public, the signed token is the key (decision 0016).
    path("accounts/invitation/<str:token>/", accept_invitation, name="accept-invitation"),
    path("staff/", include("staff.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)

# Branded error pages in the visitor's language (portal.views.errors); no database needed.
handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
