"""Staff area URLs (under /staff/, in every UI language). Access: submissions.permissions."""
from django.urls import path

from .views import triage, triage_submission

app_name = "staff"

urlpatterns = [
    path("", triage.home, name="home"),
    path("calls/<slug:slug>/", triage.inbox, name="inbox"),
    path("calls/<slug:slug>/export.csv", triage.export_csv, name="export-csv"),
    path("calls/<slug:slug>/export.xlsx", triage.export_xlsx, name="export-xlsx"),
    path("calls/<slug:slug>/bulk/", triage.bulk, name="bulk"),
    path("calls/<slug:slug>/next/", triage.next_unreviewed, name="next"),
    path("calls/<slug:slug>/team/", triage.team, name="team"),
    path("calls/<slug:slug>/team/<int:membership_id>/remove/", triage.team_remove, name="team-remove"),
    path("submissions/<int:pk>/", triage_submission.detail, name="submission"),
    path("submissions/<int:pk>/status/", triage_submission.set_status, name="status"),
    path("submissions/<int:pk>/assign/", triage_submission.assign, name="assign"),
    path("submissions/<int:pk>/themes/<int:tag_id>/", triage_submission.decide_theme, name="decide-theme"),
    path("submissions/<int:pk>/themes/add/", triage_submission.add_theme, name="add-theme"),
    path("submissions/<int:pk>/excerpts/", triage_submission.save_excerpt, name="save-excerpt"),
    path("submissions/<int:pk>/excerpts/<int:excerpt_id>/delete/", triage_submission.delete_excerpt,
         name="delete-excerpt"),
    path("submissions/<int:pk>/notes/", triage_submission.add_note, name="add-note"),
    path("submissions/<int:pk>/duplicate/", triage_submission.mark_as_duplicate, name="mark-duplicate"),
    path("submissions/<int:pk>/duplicate/undo/", triage_submission.not_duplicate, name="not-duplicate"),
    path("submissions/<int:pk>/retry/", triage_submission.retry, name="retry"),
    path("submissions/<int:pk>/files/<int:attachment_id>/", triage_submission.download, name="download"),
]
