from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    """Calls, contributors, submissions and their files: intake and triage."""

    name = "submissions"
    verbose_name = "Calls and submissions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from submissions.search_signals import reindex_submission
        from submissions.selectors.counts_cache import submission_changed
        from submissions.signals import load_reference_data

        post_migrate.connect(load_reference_data, sender=self)
        post_save.connect(reindex_submission, sender="submissions.Submission", dispatch_uid="search-reindex")
        # The inbox's cached counts per status are forgotten when a submission changes (issue 15).
        post_save.connect(submission_changed, sender="submissions.Submission", dispatch_uid="inbox-counts-forget")
        post_delete.connect(submission_changed, sender="submissions.Submission",
                            dispatch_uid="inbox-counts-forget-delete")
