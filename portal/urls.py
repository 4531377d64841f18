"""Public and submitter pages (every UI language). No login: the private link is a signed token."""
from django.urls import path

from portal.views import calls, publication, submitter

app_name = "portal"

urlpatterns = [
    path("", calls.open_calls, name="open-calls"),
    path("calls/<slug:slug>/", calls.call_detail, name="call"),
    path("calls/<slug:slug>/note-verbale/<str:language>.pdf", calls.note_verbale, name="note-verbale"),
    path("calls/<slug:slug>/submit/", submitter.submit, name="submit"),
    # The public "inputs received" page: only contributions whose senders agreed.
    path("calls/<slug:slug>/inputs/", publication.inputs_received, name="inputs"),
    path("calls/<slug:slug>/inputs/files/<int:attachment_id>/", publication.published_file,
         name="published-file"),
    # The private link: the token is signed (django.core.signing), not stored; it expires.
    path("submission/new-link/", submitter.request_link, name="request-link"),
    path("submission/<str:token>/", submitter.manage, name="manage"),
    path("submission/<str:token>/receipt/", submitter.receipt, name="receipt"),
    path("submission/<str:token>/amend/", submitter.amend, name="amend"),
    path("submission/<str:token>/files/", submitter.add_files, name="add-files"),
    path("submission/<str:token>/files/<int:attachment_id>/", submitter.download, name="download"),
    path("submission/<str:token>/withdraw/", submitter.withdraw, name="withdraw"),
]
