from django.urls import path

from . import views
from .views import triage_publication

app_name = "submissions"

urlpatterns = [
    path("", views.open_calls, name="open-calls"),
    path("calls/<slug:slug>/", views.call_detail, name="call"),
    path("calls/<slug:slug>/submit/", views.submit, name="submit"),
    # The public "inputs received" page: only contributions whose senders agreed.
    path("calls/<slug:slug>/inputs/", triage_publication.inputs_received, name="inputs"),
    path("calls/<slug:slug>/inputs/files/<int:attachment_id>/", triage_publication.published_file,
         name="published-file"),
    # The private link: the token is signed (django.core.signing), not stored.
    path("submission/<str:token>/", views.manage, name="manage"),
    path("submission/<str:token>/receipt/", views.receipt, name="receipt"),
    path("submission/<str:token>/amend/", views.amend, name="amend"),
    path("submission/<str:token>/files/", views.add_files, name="add-files"),
    path("submission/<str:token>/files/<int:attachment_id>/", views.download, name="download"),
    path("submission/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
