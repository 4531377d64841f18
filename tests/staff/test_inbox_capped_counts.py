"""A search counts its matches up to a cap, then says "or more" (decision 0021); without a search, exact counts."""
from __future__ import annotations

import pytest
from django.urls import reverse

from submissions.selectors import inbox as inbox_selectors
from submissions.services.search_index import index_submission
from tests.factories import make_submission
from tests.staff.conftest import to_ready

pytestmark = pytest.mark.django_db


def test_search_counts_stop_at_the_cap_and_say_so(client, call, triager, monkeypatch):
    for n in range(5):
        to_ready(make_submission(call, name=f"NGO {n}", text=f"Debt relief is urgent, report {n}.", language="en"))
    other = make_submission(call, name="Other", text="Climate adaptation in small islands.", language="en")
    index_submission(other.pk)  # as processing does once it starts (intake itself does not index)
    monkeypatch.setattr(inbox_selectors, "COUNT_CAP", 3)
    client.force_login(triager)

    response = client.get(reverse("staff:inbox", args=[call.slug]), {"q": "debt"})
    result = response.context["result"]
    assert result.capped and result.total_all_statuses == 3 and result.page.paginator.count == 3
    page = response.content.decode()
    assert "3 submissions or more" in " ".join(page.split())
    assert 'data-status="all">3+<' in page

    few = client.get(reverse("staff:inbox", args=[call.slug]), {"q": "climate"}).context["result"]
    assert not few.capped and few.total_all_statuses == 1

    everything = client.get(reverse("staff:inbox", args=[call.slug])).context["result"]
    assert not everything.capped and everything.total_all_statuses == 6
    assert everything.counts["ready"] == 5
