"""Fixtures for the portal: an open call and a clean rate-limit cache."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_call


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_call(db):
    return make_call(slug="portal-call", deadline=(timezone.now() + dt.timedelta(days=10)).isoformat())

