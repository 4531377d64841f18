"""Staff area URLs (under /staff/, in every UI language). Access: ``staff.access``."""
from django.urls import path

from staff.views import inbox, reports, submission, team

app_name = "staff"

urlpatterns = [
    path("", inbox.home, name="home"),
    path("calls/<slug:slug>/", inbox.inbox, name="inbox"),
    path("calls/<slug:slug>/export.csv", inbox.export_csv, name="export-csv"),
    path("calls/<slug:slug>/export.xlsx", inbox.export_xlsx, name="export-xlsx"),
    path("calls/<slug:slug>/bulk/", inbox.bulk, name="bulk"),
    path("calls/<slug:slug>/next/", inbox.next_unreviewed, name="next"),
    path("calls/<slug:slug>/team/", team.team, name="team"),
    path("calls/<slug:slug>/team/<int:membership_id>/remove/", team.team_remove, name="team-remove"),
    path("submissions/<int:pk>/", submission.detail, name="submission"),
    path("submissions/<int:pk>/status/", submission.set_status, name="status"),
    path("submissions/<int:pk>/assign/", submission.assign, name="assign"),
    path("submissions/<int:pk>/themes/<int:tag_id>/", submission.decide_theme, name="decide-theme"),
    path("submissions/<int:pk>/themes/add/", submission.add_theme, name="add-theme"),
    path("submissions/<int:pk>/excerpts/", submission.save_excerpt, name="save-excerpt"),
    path("submissions/<int:pk>/excerpts/<int:excerpt_id>/delete/", submission.delete_excerpt,
         name="delete-excerpt"),
    path("submissions/<int:pk>/notes/", submission.add_note, name="add-note"),
    path("submissions/<int:pk>/duplicate/", submission.mark_as_duplicate, name="mark-duplicate"),
    path("submissions/<int:pk>/duplicate/undo/", submission.not_duplicate, name="not-duplicate"),
    path("submissions/<int:pk>/retry/", submission.retry, name="retry"),
    path("submissions/<int:pk>/files/<int:attachment_id>/", submission.download, name="download"),
    # Editors: the evidence view, the draft and its builds.
    path("reports/calls/<slug:slug>/evidence/", reports.evidence, name="evidence"),
    path("reports/calls/<slug:slug>/evidence/<int:contributor_id>/<slug:theme_key>/", reports.evidence_cell,
         name="evidence-cell"),
    path("reports/calls/<slug:slug>/report/<str:language>/", reports.editor, name="editor"),
    path("reports/calls/<slug:slug>/report/<str:language>/draft/", reports.draft, name="draft"),
    path("reports/calls/<slug:slug>/report/<str:language>/build/", reports.build, name="build"),
    path("reports/calls/<slug:slug>/report/<str:language>/builds/", reports.builds, name="builds"),
    path("reports/paragraphs/<int:pk>/", reports.save_paragraph, name="save-paragraph"),
    path("reports/paragraphs/<int:pk>/<slug:action>/", reports.paragraph_action, name="paragraph-action"),
    path("reports/sections/<int:pk>/add/", reports.add_to_section, name="add-paragraph"),
    path("reports/builds/<int:pk>/download/", reports.download, name="build-download"),
]
