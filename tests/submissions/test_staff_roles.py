"""Staff roles without Django's ``is_staff`` (issue 13): the staff area uses ``submissions.permissions``,
the admin stays closed to triagers, editors and call managers (decision 0020).
"""
from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from submissions.models import CallRole
from submissions.services import invitations
from tests.factories import make_call

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_demo_accounts_are_not_django_staff_and_a_triager_works_in_the_staff_area_but_not_the_admin():
    call = make_call(deadline="2999-12-31")
    call_command("create_demo_accounts", stdout=io.StringIO())
    for username in ("triager", "editor", "manager"):
        user = User.objects.get(username=username)
        assert (user.is_staff, user.is_superuser) == (False, False), username

    client = Client()
    client.force_login(User.objects.get(username="triager"))
    inbox = client.get(f"/staff/calls/{call.slug}/")
    assert inbox.status_code == 200
    assert call.slug in inbox.content.decode()
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]  # the admin refuses them
    assert client.get("/admin/auth/user/").status_code == 302


def test_an_invited_editor_gets_an_account_without_is_staff_and_enters_the_staff_area():
    call = make_call(deadline="2999-12-31")
    manager = User.objects.create_user("boss", password="a-long-pass-phrase-9")
    invitation = invitations.invite(call, "new.editor@example.org", CallRole.EDITOR, actor=manager)
    editor = invitations.accept(invitation, username="neweditor", password="another-long-phrase-7")
    assert (editor.is_staff, editor.is_superuser) == (False, False)

    client = Client()
    client.force_login(editor)
    assert client.get(f"/staff/calls/{call.slug}/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_someone_on_no_call_is_refused_the_staff_area_even_with_is_staff():
    """``is_staff`` alone opens nothing here: the staff area asks for a role on a call."""
    make_call(deadline="2999-12-31")
    outsider = User.objects.create_user("outsider", password="x-long-pass-phrase-3", is_staff=True)
    client = Client()
    client.force_login(outsider)
    assert client.get("/staff/").status_code == 403
