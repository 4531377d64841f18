"""The inbox: filters, full-text search in six languages, counts, sorting, pages, exports, bulk actions."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from submissions.models import AuditEvent, SearchDocument, SubmissionStatus, ThemeTag
from submissions.selectors import InboxQuery, inbox_page
from submissions.services.intake import IncomingFile
from submissions.services.search_index import index_submission
from submissions.services.status import change_status
from submissions.services.triage import assign
from tests.factories import make_submission
from tests.portal.samples import docx_bytes
from tests.staff.conftest import CHINESE, suggest, to_ready

pytestmark = pytest.mark.django_db
S = SubmissionStatus

TEXTS = {
    "fr": "Nous demandons un allègement de la dette et un accès équitable aux vaccins pour les pays en développement.",
    "es": "Pedimos el alivio de la deuda y el acceso equitativo a las vacunas para los países en desarrollo.",
    "ru": "Мы призываем облегчить долговое бремя и обеспечить справедливый доступ к вакцинам.",
    "ar": "نطالب بتخفيف عبء الديون وضمان الحصول المنصف على اللقاحات للبلدان النامية.",
}


def inbox(client, call, **params):
    response = client.get(reverse("staff:inbox", args=[call.slug]), params)
    assert response.status_code == 200
    return response


def references(response) -> list[str]:
    return [row["submission"].reference for row in response.context["rows"]]


def test_english_search_finds_stemmed_words_in_typed_text_and_in_files(client, call, triager, english):
    filed = to_ready(make_submission(call, text="", language="en", files=[
        IncomingFile("brief.docx", docx_bytes("Debt relief is urgent for small island States."))]))
    # Processing stores the file's text; index what it stored.
    attachment = filed.attachments.get()
    attachment.extracted_text = "Debt relief is urgent for small island States."
    attachment.extraction_status = "done"
    attachment.save()
    index_submission(filed.pk)
    client.force_login(triager)
    assert references(inbox(client, call, q="vaccine")) == [english.reference]
    assert references(inbox(client, call, q="debts")) == [english.reference, filed.reference]
    assert references(inbox(client, call, q="island")) == [filed.reference]
    assert references(inbox(client, call, q="submarine")) == []
    assert references(inbox(client, call, q=english.reference)) == [english.reference]


def test_chinese_search_by_bigrams(client, call, triager, english, chinese):
    client.force_login(triager)
    assert references(inbox(client, call, q="疫苗")) == [chinese.reference]        # vaccine: two characters
    assert references(inbox(client, call, q="技术援助")) == [chinese.reference]    # technical assistance
    assert references(inbox(client, call, q="援")) == [chinese.reference]          # one character: prefix
    assert references(inbox(client, call, q="疫情")) == []                           # epidemic: not in the text
    assert references(inbox(client, call, q="援技")) == []                           # characters apart ≠ a word
    assert references(inbox(client, call, q="中国人权研究会")) == [chinese.reference]  # contributor's name


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_search_in_the_other_un_languages(client, call, triager, language):
    queries = {"fr": "vaccin", "es": "vacuna", "ru": "вакцина", "ar": "اللقاح"}
    submission = to_ready(make_submission(call, text=TEXTS[language], language=language))
    make_submission(call, text="Unrelated text about climate.", language="en")
    client.force_login(triager)
    assert references(inbox(client, call, q=queries[language])) == [submission.reference]


def test_search_document_follows_amended_text(call, english):
    english.text = "Completely different words about oceans."
    english.save(update_fields=["text", "updated_at"])
    assert "oceans" in SearchDocument.objects.get(submission=english).body


def test_filters(client, call, triager, english, chinese):
    state = to_ready(make_submission(call, text="A State's reply on cooperation.", category="member-state",
                                     country="FRA", name="France", language="fr",
                                     received_at=dt.datetime(2022, 3, 2, tzinfo=dt.UTC)))
    assign(state, triager, actor=triager)
    change_status(chinese, S.IN_REVIEW, actor=triager)
    from submissions.services.duplicates import mark_duplicate
    copy = to_ready(make_submission(call, text=english.text, received_at=dt.datetime(2022, 3, 5, tzinfo=dt.UTC)))
    mark_duplicate(copy, english, actor=triager)
    ThemeTag.objects.filter(submission=english, theme__key="health").update(accepted=False)
    client.force_login(triager)
    health = call.themes.get(key="health").pk
    finance = call.themes.get(key="finance").pk
    assert references(inbox(client, call, category="member-state")) == [state.reference]
    assert references(inbox(client, call, language="zh")) == [chinese.reference]
    assert references(inbox(client, call, language="fr")) == [state.reference]
    assert references(inbox(client, call, late="late")) == [chinese.reference]
    assert chinese.reference not in references(inbox(client, call, late="on_time"))
    assert references(inbox(client, call, status="in_review")) == [chinese.reference]
    assert references(inbox(client, call, theme=finance)) == [english.reference]
    assert references(inbox(client, call, theme=health)) == []  # rejected themes do not count
    assert references(inbox(client, call, duplicates="copy")) == [copy.reference]
    assert references(inbox(client, call, duplicates="original")) == [english.reference]
    assert copy.reference not in references(inbox(client, call, duplicates="none"))
    assert references(inbox(client, call, assignee="me")) == [state.reference]
    assert references(inbox(client, call, assignee=str(triager.pk))) == [state.reference]
    assert state.reference not in references(inbox(client, call, assignee="none"))
    # Filters combine; a bad value from an old link is ignored rather than refused.
    assert references(inbox(client, call, q="vaccines", duplicates="copy")) == [copy.reference]
    assert len(references(inbox(client, call, status="nonsense"))) == 4


def test_counts_per_status_follow_the_other_filters(client, call, triager, english, chinese):
    change_status(chinese, S.IN_REVIEW, actor=triager)
    client.force_login(triager)
    response = inbox(client, call, status="ready")
    counts = response.context["result"].counts
    assert counts == {"ready": 1, "in_review": 1}
    assert response.context["result"].page.paginator.count == 1
    assert inbox(client, call, q="疫苗").context["result"].counts == {"in_review": 1}
    page = inbox(client, call).content.decode()
    assert 'data-status="all">2<' in page and 'data-status="in_review">1<' in page


def test_sort_and_pages(client, call, triager):
    made = [make_submission(call, name=f"NGO {i:02d}", received_at=dt.datetime(2022, 1, 1 + i, tzinfo=dt.UTC))
            for i in range(7)]
    client.force_login(triager)
    oldest_first = [s.reference for s in made]
    assert references(inbox(client, call)) == oldest_first
    assert references(inbox(client, call, sort="-received")) == oldest_first[::-1]
    assert references(inbox(client, call, sort="-reference")) == sorted(oldest_first, reverse=True)
    result = inbox_page(call, InboxQuery(), triager, page_number=2, per_page=3)
    assert [s.reference for s in result.rows] == oldest_first[3:6]
    assert result.page.paginator.num_pages == 3


def test_queries_per_page_do_not_grow_with_rows(client, call, triager):
    def load(n: int) -> int:
        for i in range(n):
            submission = to_ready(make_submission(call, text=f"Text {i} about debt and vaccines.",
                                                  category="member-state" if i % 2 else "ngo",
                                                  country="FRA" if i % 2 else None, name=f"Sender {i}"))
            suggest(submission, "finance", "debt")
        from django.db import connection

        # An execute wrapper, not connection.queries: Django clears that at each request start.
        executed: list[str] = []
        with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
            response = inbox(client, call, q="debt")
        assert len(response.context["rows"]) == n + 3 * (n == 30)
        return len(executed)

    client.force_login(triager)
    few = load(3)
    many = load(30)
    assert few == many
    assert 5 <= many <= 14


def test_csv_export_has_bom_and_neutralises_formulas(client, call, triager):
    evil = to_ready(make_submission(call, name="=HYPERLINK(\"http://evil\",\"click\")", text="Text on debt."))
    client.force_login(triager)
    response = client.get(reverse("staff:export-csv", args=[call.slug]), {"q": "debt"})
    assert response["Content-Type"].startswith("text/csv")
    data = b"".join(response.streaming_content).decode("utf-8")
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert rows[0][:3] == ["reference", "contributor", "category"]
    assert rows[1][0] == evil.reference
    assert rows[1][1].startswith("'=HYPERLINK")
    assert AuditEvent.objects.filter(action="call.exported", actor=triager, after__format="csv").exists()


def test_xlsx_export_of_the_filtered_list(client, call, triager, english, chinese):
    from openpyxl import load_workbook

    client.force_login(triager)
    response = client.get(reverse("staff:export-xlsx", args=[call.slug]), {"language": "zh"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == chinese.reference and rows[1][1] == "中国人权研究会"


def test_bulk_accept_assign_and_mark_duplicates(client, call, editor, triager, english, chinese):
    client.force_login(editor)
    url = reverse("staff:bulk", args=[call.slug])
    client.post(url, {"ids": [english.pk, chinese.pk], "action": "accept"})
    assert set(ThemeTag.objects.filter(submission=english).values_list("accepted", flat=True)) == {True}
    client.post(url, {"ids": [english.pk, chinese.pk], "action": "assign", "assignee": triager.pk})
    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.assignee == triager and chinese.assignee == triager
    copies = [to_ready(make_submission(call, text=english.text)) for _ in range(2)]
    response = client.post(url, {"ids": [c.pk for c in copies] + [english.pk], "action": "duplicate",
                                 "original": english.reference.lower()}, follow=True)
    for copy in copies:
        copy.refresh_from_db()
        assert copy.duplicate_of == english and copy.status == S.DUPLICATE
    english.refresh_from_db()
    assert english.duplicate_of is None
    assert "2 submissions changed" in response.content.decode()
    missing = client.post(url, {"ids": [chinese.pk], "action": "duplicate", "original": "NOPE-1"}, follow=True)
    assert "No submission of this call has the reference" in missing.content.decode()


def test_bulk_ignores_submissions_of_other_calls(client, call, other_call, editor, english):
    foreign = to_ready(make_submission(other_call))
    client.force_login(editor)
    client.post(reverse("staff:bulk", args=[call.slug]),
                {"ids": [foreign.pk, english.pk], "action": "status", "status": "included"})
    foreign.refresh_from_db()
    english.refresh_from_db()
    assert foreign.status == S.READY and english.status == S.INCLUDED


def test_htmx_filter_request_gets_only_the_results(client, call, triager, english):
    client.force_login(triager)
    response = client.get(reverse("staff:inbox", args=[call.slug]), {"q": "vaccine"},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-results")
    body = response.content.decode()
    assert body.startswith('<div id="inbox-results"') and "<html" not in body
    assert english.reference in body


def test_chinese_bigrams_unit():
    from submissions.search import cjk_bigrams, index_text

    assert cjk_bigrams("人权合作") == ["人权", "权合", "合作"]
    assert cjk_bigrams("援") == ["援"]
    assert "人权 权合 合作" in index_text("国际人权合作 and debt")
    assert "debt" in index_text(CHINESE + " debt")
