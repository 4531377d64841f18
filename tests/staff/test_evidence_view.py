"""The evidence view: heat map cells link to the passages behind them; access is per call."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from submissions.models import CallRole, ThemeTag
from submissions.services.tags import decide_tag
from submissions.services.team import set_membership
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)
TEXT = ("Debt relief and development finance are essential so that developing countries can invest in health "
        "and social protection after the pandemic.")


def test_cells_link_to_passages_and_follow_staff_decisions(client, eager_celery):
    call = make_call()
    make_submission(call, text=TEXT, name="Finn Church Aid", category="ngo")
    user = get_user_model().objects.create_user("editor", password="x-Strong-pass-1")
    set_membership(call, user, CallRole.EDITOR, actor_label="test")
    client.force_login(user)

    page = client.get(f"/staff/reports/calls/{call.slug}/evidence/").content.decode()
    assert "<svg" in page and "No staff decisions yet" in page
    cell = re.search(r'<a href="(/staff/reports/calls/[^"]+/finance/)"', page).group(1)
    assert "Debt relief" in client.get(cell).content.decode()

    # Once staff reject the theme, the cell and its passages are gone.
    decide_tag(ThemeTag.objects.get(theme__key="finance"), accepted=False, actor=user)
    page = client.get(f"/staff/reports/calls/{call.slug}/evidence/").content.decode()
    assert "No staff decisions yet" not in page and "/finance/" not in page
    assert client.get(cell).status_code == 404


def test_staff_of_another_call_see_nothing(client, eager_celery):
    call = make_call()
    other = make_call(slug="other-call")
    outsider = get_user_model().objects.create_user("outsider", password="x-Strong-pass-1")
    set_membership(other, outsider, CallRole.EDITOR, actor_label="test")
    client.force_login(outsider)
    assert client.get(f"/staff/reports/calls/{call.slug}/evidence/").status_code == 404
    assert client.get(f"/staff/reports/calls/{call.slug}/report/en/").status_code == 404
