"""Staff area URLs (under /staff/, in every UI language). Access: ``staff.access``."""
from django.urls import path

from staff.views import calls, inbox, invitations, messages, reports, submission, team

app_name = "staff"

urlpatterns = [
    path("", inbox.home, name="home"),
    # Running a call (decision 0016): set-up, invitations, messages.
    path("new-call/", calls.new_call, name="call-new"),
    path("calls/<slug:slug>/setup/", calls.setup, name="call-setup"),
    path("calls/<slug:slug>/setup/edit/", calls.edit_call, name="call-edit"),
    path("calls/<slug:slug>/setup/themes/", calls.themes, name="call-themes"),
    path("calls/<slug:slug>/setup/note-verbale/", calls.upload_note_verbale, name="call-note-verbale"),
    path("calls/<slug:slug>/setup/note-verbale/<str:language>.pdf", calls.note_verbale_file,
         name="call-note-verbale-file"),
    path("calls/<slug:slug>/setup/status/", calls.change_status, name="call-status"),
    path("calls/<slug:slug>/setup/preview/", calls.preview, name="call-preview"),
    path("calls/<slug:slug>/setup/call.yaml", calls.export_yaml, name="call-export-yaml"),
    path("calls/<slug:slug>/team/invite/", invitations.invite, name="invite"),
    path("calls/<slug:slug>/team/invite/<int:invitation_id>/revoke/", invitations.revoke, name="invite-revoke"),
    path("calls/<slug:slug>/messages/", messages.outbox_page, name="outbox"),
    path("calls/<slug:slug>/messages/action/", messages.outbox_action, name="outbox-action"),
    path("calls/<slug:slug>/messages/<int:message_id>/", messages.edit_message, name="message-edit"),
    path("calls/<slug:slug>/messages/compose/", messages.compose, name="compose"),
    path("calls/<slug:slug>/messages/reminders/", messages.reminders, name="reminders"),
    path("calls/<slug:slug>/messages/templates/", messages.templates_page, name="message-templates"),
    path("calls/<slug:slug>/digest/", messages.digest, name="digest"),
    path("submissions/<int:pk>/extension/", messages.extension, name="extension"),
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
    path("reports/calls/<slug:slug>/report/<str:language>/import/", reports.import_docx, name="import-docx"),
    path("reports/calls/<slug:slug>/report/<str:language>/contributors/<int:contributor_id>/name/",
         reports.contributor_name, name="contributor-name"),
    path("reports/paragraphs/<int:pk>/", reports.save_paragraph, name="save-paragraph"),
    path("reports/paragraphs/<int:pk>/<slug:action>/", reports.paragraph_action, name="paragraph-action"),
    path("reports/sections/<int:pk>/add/", reports.add_to_section, name="add-paragraph"),
    path("reports/builds/<int:pk>/download/", reports.download, name="build-download"),
]

# Publication decisions (decision 0020): what the public inputs page may show.
from staff.views import publication as publication_views  # noqa: E402

urlpatterns += [
    path("calls/<slug:slug>/publication/", publication_views.publication, name="publication"),
]

# Themes the call did not name (decision 0017): proposals staff adopt, merge or dismiss.
from staff.views import candidates as candidate_views  # noqa: E402

urlpatterns += [
    path("calls/<slug:slug>/new-themes/", candidate_views.candidates, name="candidates"),
    path("calls/<slug:slug>/new-themes/look/", candidate_views.look_for_candidates, name="candidates-look"),
    path("calls/<slug:slug>/new-themes/<int:candidate_id>/", candidate_views.decide_candidate,
         name="candidate-decide"),
]
