from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public pages and the submitter's pages: no models, only views, forms and URLs."""

    name = "portal"
    verbose_name = "Public portal"
