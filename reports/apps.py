from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Draft reports and their PDF/DOCX/HTML builds."""

    name = "reports"
    verbose_name = "Reports"
