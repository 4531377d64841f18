"""Senders on deadline day: one key one submission, limits on stored submissions, friendly errors."""
from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from submissions.models import Submission
from tests.factories import make_call
from tests.portal.test_portal import form_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def call():
    return make_call(deadline="2999-12-31")


def _text_form(**overrides):
    return form_data(files=[], text="Debt relief and development finance are essential for recovery.", **overrides)


def test_three_quick_posts_with_one_key_make_one_submission(call):
    key = "c0ffee" * 5
    results: list[int] = []

    def post() -> None:
        response = Client().post(f"/calls/{call.slug}/submit/", _text_form(idempotency_key=key))
        results.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302, 302, 302]
    assert Submission.objects.filter(idempotency_key=key).count() == 1
    # Back then Send: the same key again gives the first receipt.
    again = Client().post(f"/calls/{call.slug}/submit/", _text_form(idempotency_key=key))
    assert again.status_code == 302 and Submission.objects.count() == 1


def test_the_form_carries_a_fresh_key(call):
    page = Client().get(f"/calls/{call.slug}/submit/").content.decode()
    assert 'name="idempotency_key"' in page and 'js/submit-form.js' in page


def test_failed_attempts_do_not_count_against_the_limit_and_allowlist(call, settings):
    settings.PORTAL_SUBMIT_RATE = "2/h"
    client = Client()
    for _ in range(5):  # invalid: no e-mail
        assert client.post(f"/calls/{call.slug}/submit/", _text_form(email="")).status_code == 400
    assert client.post(f"/calls/{call.slug}/submit/", _text_form()).status_code == 302
    assert client.post(f"/calls/{call.slug}/submit/", _text_form()).status_code == 302
    assert client.post(f"/calls/{call.slug}/submit/", _text_form()).status_code == 429
    settings.PORTAL_RATE_ALLOWLIST = ["127.0.0.1"]
    assert client.post(f"/calls/{call.slug}/submit/", _text_form()).status_code == 302


def test_branded_404_in_the_visitors_language(db):
    response = Client().get("/fr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="fr"' in html and ("OHCHR" in html or "HCDH" in html)


def test_csp_header_is_sent(db):
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_an_oversized_body_is_refused_before_it_is_read(call, settings):
    settings.MAX_REQUEST_BODY_MB = 1
    response = Client().generic("POST", f"/calls/{call.slug}/submit/", b"x" * (2 * 1024 * 1024),
                                content_type="multipart/form-data; boundary=zzz")
    assert response.status_code == 413
    assert Submission.objects.count() == 0


def test_an_expired_private_link_offers_a_new_one(call, settings, mailoutbox):
    Client().post(f"/calls/{call.slug}/submit/", _text_form())
    submission = Submission.objects.get()
    from submissions.services import submitter as portal

    path = f"/submission/{portal.private_token(submission)}/"
    settings.PORTAL_LINK_MAX_AGE_DAYS = -1
    response = Client().get(path)
    assert response.status_code == 410
    settings.PORTAL_LINK_MAX_AGE_DAYS = 180
    response = Client().post("/submission/new-link/", {"reference": submission.reference, "email": "ana@example.org"})
    assert response.status_code == 302


def test_database_unreachable_gives_try_again_page_not_500(call):
    """The database gone (as during a PostgreSQL restart): a translated 503, never a 500."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "5999"  # nothing listens here
    try:
        response = Client(raise_request_exception=False).post(f"/fr/calls/{call.slug}/submit/", _text_form())
    finally:
        connection.close()
        settings_dict["PORT"] = port
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert 'lang="fr"' in response.content.decode()


def test_a_late_sender_may_amend_for_a_day_then_not(db, settings):
    import datetime as dt

    from django.utils import timezone

    from submissions.services import submitter as portal
    from tests.factories import make_submission

    late_call = make_call(slug="late-amend", deadline="2022-03-31")
    late = make_submission(late_call, received_at=timezone.now() - dt.timedelta(hours=1), text="Late text on debt.")
    assert portal.change_refusal(late) is None
    assert portal.editable_until(late) == late.received_at + dt.timedelta(hours=24)
    older = make_submission(late_call, received_at=timezone.now() - dt.timedelta(hours=30), text="Older late text.",
                            name="Other NGO")
    assert portal.change_refusal(older) == "deadline"
