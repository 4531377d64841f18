"""Fixtures for the portal: an open call, sample files, a clean rate-limit cache."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_call

ENGLISH_TEXT = (
    "International cooperation in the field of human rights requires sustained development finance, "
    "fair debt arrangements and equitable access to vaccines. Our organization recommends that States "
    "strengthen technical assistance and capacity-building for national human rights institutions."
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_call(db):
    return make_call(slug="portal-call", deadline=(timezone.now() + dt.timedelta(days=10)).isoformat())


def docx_bytes(text: str) -> bytes:
    """A real Word document, as a submitter's word processor would write it."""
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
