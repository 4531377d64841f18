from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    """Processing: file safety, extraction, language, duplicates, theme suggestions, jobs."""

    name = "synthesis"
    verbose_name = "Processing"

    def ready(self) -> None:
        from submissions.signals import duplicate_undone, submission_stored, theme_decided, themes_settled
        from synthesis.receivers import learn_from_decision, queue_stored_submission
        from synthesis.services.duplicates import remember_not_duplicate

        submission_stored.connect(queue_stored_submission, dispatch_uid="synthesis-queue-processing")
        duplicate_undone.connect(remember_not_duplicate, dispatch_uid="synthesis-remember-not-duplicate")
        theme_decided.connect(learn_from_decision, dispatch_uid="synthesis-learn-from-decision")
        themes_settled.connect(learn_from_decision, dispatch_uid="synthesis-learn-from-included")
