from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    """Processing: extraction, language, duplicates, theme suggestions, drafting."""

    name = "synthesis"
    verbose_name = "Processing and synthesis"
