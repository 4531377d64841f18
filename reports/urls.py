from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("calls/<slug:slug>/evidence/", views.evidence, name="evidence"),
    path("calls/<slug:slug>/evidence/<int:contributor_id>/<slug:theme_key>/", views.evidence_cell,
         name="evidence-cell"),
    path("calls/<slug:slug>/report/<str:language>/", views.editor, name="editor"),
    path("calls/<slug:slug>/report/<str:language>/draft/", views.draft, name="draft"),
    path("calls/<slug:slug>/report/<str:language>/build/", views.build, name="build"),
    path("calls/<slug:slug>/report/<str:language>/builds/", views.builds, name="builds"),
    path("paragraphs/<int:pk>/", views.save_paragraph, name="save-paragraph"),
    path("paragraphs/<int:pk>/<slug:action>/", views.paragraph_action, name="paragraph-action"),
    path("sections/<int:pk>/add/", views.add_to_section, name="add-paragraph"),
    path("builds/<int:pk>/download/", views.download, name="download"),
]
