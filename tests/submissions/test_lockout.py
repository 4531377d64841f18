"""Sign-in lockout per address, per address and username, and per username only for a distributed guess
(django-axes with ``config.lockout``; issue 13, decision 0020). Real database, real login page.
"""
from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-pass-phrase-42"


@pytest.fixture
def owner():
    return get_user_model().objects.create_user("triager", password=PASSWORD)


def sign_in(username: str, password: str, ip: str) -> int:
    """The login page's answer: 302 signed in, 200 refused (form again), 429 locked out."""
    return Client().post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip).status_code


def test_many_usernames_from_one_address_lock_that_address_only(owner, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    answers = [sign_in(f"guess{i}", "password1", "203.0.113.7") for i in range(5)]
    assert answers[:4] == [200] * 4  # five different usernames, one password each
    assert sign_in("guess99", "password1", "203.0.113.7") == 429
    assert sign_in("triager", PASSWORD, "203.0.113.7") == 429  # even a right password, from that address
    assert sign_in("triager", PASSWORD, "198.51.100.2") == 302  # everyone else is unaffected


def test_a_stranger_cannot_lock_a_named_account_and_their_lock_lifts_after_the_cool_off(owner):
    for _ in range(12):  # one address hammering the account, going on during the lock
        sign_in("triager", "wrong", "203.0.113.9")
    assert sign_in("triager", PASSWORD, "203.0.113.9") == 429  # that address is locked
    assert sign_in("triager", PASSWORD, "198.51.100.2") == 302  # the owner, elsewhere, signs in

    # Tries during the lock did not prolong it: once the cool-off has passed, the address may try again.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=16))
    assert sign_in("triager", PASSWORD, "203.0.113.9") == 302


def test_a_guess_from_many_addresses_locks_the_username_until_the_cool_off(owner):
    for n in range(5):  # five addresses (a botnet), one wrong password each
        sign_in("triager", "wrong", f"192.0.2.{n + 1}")
    assert sign_in("triager", PASSWORD, "198.51.100.2") == 429  # the account itself is locked now
    assert sign_in("editor", "wrong", "198.51.100.2") == 200  # other accounts are not

    AccessAttempt.objects.update(attempt_time=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert sign_in("triager", PASSWORD, "198.51.100.2") == 302  # the lock lifted after the cool-off
