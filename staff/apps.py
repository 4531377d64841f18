from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Everything under /staff/: inbox, submission pages, team, evidence view, report editor. No models."""

    name = "staff"
    verbose_name = "Staff area"
