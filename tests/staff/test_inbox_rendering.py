"""The inbox as rendered (rows built in Python, filter options, pages) and its cached counts (issue 15)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from submissions.models import SubmissionStatus, ThemeTag
from submissions.services.duplicates import mark_duplicate
from submissions.services.status import change_status
from submissions.services.triage import assign
from tests.factories import make_submission
from tests.staff.conftest import suggest, to_ready

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def page(client, call, **params) -> str:
    response = client.get(reverse("staff:inbox", args=[call.slug]), params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def row_of(html: str, reference: str) -> str:
    start = html.rindex("<tr ", 0, html.index(f'aria-label="Tick {reference}"'))
    return html[start:html.index("</tr>", start)]


def test_a_row_shows_everything_escaped(client, call, triager, english):
    late = to_ready(make_submission(call, name="<b>Bold & Co</b>", text=english.text, language="fr",
                                    received_at=dt.datetime(2022, 4, 5, 23, 30, tzinfo=dt.UTC)))
    mark_duplicate(late, english, actor=triager)
    assign(late, triager, actor=triager)
    ThemeTag.objects.filter(submission=english, theme__key="health").update(accepted=True)
    client.force_login(triager)
    html = page(client, call)

    row = row_of(html, late.reference)
    assert '<tr class="status-duplicate">' in row
    assert f'href="{reverse("staff:submission", args=[late.pk])}"' in row
    assert "<bdi>&lt;b&gt;Bold &amp; Co&lt;/b&gt;</bdi>" in row and "<b>Bold" not in row
    assert "<td class=\"small\">French</td>" in row
    # Received in Geneva time: 23:30 UTC on 5 April is already 6 April there.
    assert '<time datetime="2022-04-06T01:30:00+02:00">2022-04-06</time>' in row
    assert '<span class="badge text-bg-warning late-flag">Late</span>' in row
    assert f'copy of <span dir="ltr">{english.reference}</span>' in row
    assert "<bdi>tina</bdi>" in row

    original = row_of(html, english.reference)
    assert '<span class="badge text-bg-info">1 copy</span>' in original
    assert ('<span class="theme-chip suggested"><span class="visually-hidden">suggested: </span>'
            "Development finance</span>") in original
    assert ('<span class="theme-chip accepted"><span aria-hidden="true">✓ </span>'
            '<span class="visually-hidden">accepted: </span>Health and vaccines</span>') in original
    assert '<span class="text-body-secondary">—</span>' in original  # nobody assigned
    assert "late-flag" not in original


def test_rows_in_french_and_without_tick_boxes_for_readers_who_may_not_triage(client, call, triager, english):
    client.force_login(triager)
    with translation.override("fr"):  # the request activates French; the tests after it stay in English
        french = client.get(reverse("staff:inbox", args=[call.slug])).content.decode()
    assert f'aria-label="Cocher {english.reference}"' in french
    assert f'href="/fr/staff/submissions/{english.pk}/"' in french
    assert "Financement du développement" in french

    from staff.templatetags.inbox_rows import inbox_rows
    from submissions import permissions

    assert permissions.can(triager, permissions.TRIAGE, call)
    row = {"pk": 1, "reference": "R-1", "status_value": "ready", "url": "/x/", "tick": "Tick R-1",
           "contributor": "A", "category": "NGO", "language": "", "received_iso": "", "received_day": "",
           "late": False, "status": "Ready", "themes": [], "duplicate_of": "", "copies": 0, "assignee": ""}
    assert 'name="ids"' in inbox_rows([row], True)
    assert 'name="ids"' not in inbox_rows([row], False)
    assert '<td class="small">—</td>' in inbox_rows([row], False)  # no language


def test_filter_drop_downs_keep_the_chosen_values(client, call, triager, english):
    client.force_login(triager)
    html = page(client, call, late="late", sort="-contributor", theme=call.themes.get(key="health").pk)
    assert '<option value="late" selected>Late</option>' in html
    assert '<option value="-contributor" selected>Contributor (Z–A)</option>' in html
    assert f'<option value="{call.themes.get(key="health").pk}" selected>Health and vaccines</option>' in html
    assert '<option value="" selected>All</option>' not in html.split('name="status"')[1].split("</select>")[0]
    unfiltered = page(client, call, status="")
    assert '<select name="status" id="id_status" class="form-select form-select-sm auto-submit"> ' \
           '<option value="" selected>All</option>' in unfiltered


def test_a_later_page_sorted_by_contributor(client, call, triager):
    made = [to_ready(make_submission(call, name=f"NGO {i:02d}", received_at=dt.datetime(2022, 1, 1 + i, tzinfo=dt.UTC)))
            for i in range(7)]
    for submission in made[:3]:
        suggest(submission, "finance", "debt")
    from submissions.selectors import InboxQuery, inbox_page

    result = inbox_page(call, InboxQuery(sort="-contributor"), triager, page_number=2, per_page=3)
    assert [s.contributor.name for s in result.rows] == ["NGO 03", "NGO 02", "NGO 01"]
    assert result.page.object_list == result.rows and result.page.number == 2
    assert [t.key for t in result.themes[made[1].pk]] == ["finance"]


def count_statements(client, call, **params) -> int:
    executed: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
        client.get(reverse("staff:inbox", args=[call.slug]), params)
    return sum(1 for sql in executed if "COUNT(*)" in sql)


def test_counts_are_kept_and_forgotten_when_a_submission_changes(client, call, triager, english, chinese, settings):
    client.force_login(triager)
    assert count_statements(client, call) == 1
    assert count_statements(client, call, page=1) == 0  # the same filters: the counts are kept
    assert count_statements(client, call, language="zh") == 1  # other filters, other counts

    change_status(chinese, S.IN_REVIEW, actor=triager)  # saved: the call's counts are forgotten at once
    response = client.get(reverse("staff:inbox", args=[call.slug]))
    assert response.context["result"].counts == {"ready": 1, "in_review": 1}
    make_submission(call, text="A new one.")
    assert client.get(reverse("staff:inbox", args=[call.slug])).context["result"].counts == {
        "ready": 1, "in_review": 1, "received": 1}

    settings.INBOX_COUNTS_TTL = 0
    assert count_statements(client, call) == 1
    assert count_statements(client, call) == 1


def test_a_kept_search_count_still_finds_rows_through_the_index(client, call, triager, english, chinese):
    client.force_login(triager)
    first = client.get(reverse("staff:inbox", args=[call.slug]), {"q": "vaccines"})
    again = client.get(reverse("staff:inbox", args=[call.slug]), {"q": "vaccines"})
    assert [r["reference"] for r in first.context["rows"]] == [r["reference"] for r in again.context["rows"]] \
        == [english.reference]
    assert again.context["result"].counts == first.context["result"].counts == {"ready": 1}
