"""Contributors' names per report language: the service, the reference table's pre-fill, the editor's flags."""
from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from reports.selectors import report_contributors
from reports.services.report import draft_report
from submissions.models import AuditEvent, CallRole, Contributor
from submissions.models.audit import AuditAction
from submissions.services.contributors import prefill_names, set_display_name
from submissions.services.team import set_membership
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_NGO = "المركز العربي لاستقلال القضاء والمحاماة"
TEXT = ("Equitable access to vaccines for all countries requires sharing technology and know-how so that "
        "vaccine doses reach the poorest countries.")


def test_set_display_name_writes_one_language_and_audits_it():
    call = make_call()
    contributor = make_submission(call, name=ARABIC_NGO, category="ngo").contributor
    user = get_user_model().objects.create_user("editor")
    set_display_name(contributor, "en", "  Arab Centre for the   Independence of the Judiciary ", actor=user, call=call)
    contributor.refresh_from_db()
    assert contributor.names == {"en": "Arab Centre for the Independence of the Judiciary"}
    assert contributor.display_name("en") == "Arab Centre for the Independence of the Judiciary"
    assert contributor.display_name("ar") == ARABIC_NGO
    event = AuditEvent.objects.get(action=AuditAction.CONTRIBUTOR_NAME_SET)
    assert event.actor == user and event.call == call and event.object_id == str(contributor.pk)
    assert event.before == {"language": "en", "text": ""}
    assert event.after == {"language": "en", "text": "Arab Centre for the Independence of the Judiciary"}
    # The same name again changes nothing; an empty one goes back to the derived form.
    set_display_name(contributor, "en", "Arab Centre for the Independence of the Judiciary", actor=user)
    assert AuditEvent.objects.filter(action=AuditAction.CONTRIBUTOR_NAME_SET).count() == 1
    set_display_name(contributor, "en", "", actor=user)
    contributor.refresh_from_db()
    assert contributor.names == {}
    with pytest.raises(ValueError):
        set_display_name(contributor, "de", "Arabisches Zentrum", actor=user)


def test_prefill_stores_the_reference_tables_names_without_overriding_running_text():
    call = make_call()
    who = make_submission(call, name="WHO – Department of Health Emergencies", category="un-entity").contributor
    ngo = make_submission(call, name="Finn Church Aid", category="ngo").contributor
    set_display_name(who, "zh", "世卫组织（编辑所定）", actor=None)
    who.refresh_from_db()
    filled = prefill_names(who)
    who.refresh_from_db()
    # Russian and Arabic stored; Chinese was set by staff and stays; English, French and Spanish keep their
    # running forms with the article ("the World Health Organization"), so they stay derived.
    assert filled == ["ar", "ru"]
    assert who.names["ru"] == "Всемирная организация здравоохранения" and who.names["zh"] == "世卫组织（编辑所定）"
    assert "en" not in who.names and who.running_name("en") == "the World Health Organization"
    assert prefill_names(ngo) == []
    out = io.StringIO()
    call_command("prefill_contributor_names", "--call", call.slug, stdout=out)
    assert "0 contributors given names" in out.getvalue()  # nothing left to fill


def test_editor_flags_names_with_no_form_in_the_report_language_and_saves_one(client, eager_celery):
    call = make_call(report_date="2021-07-20")
    make_submission(call, name="Permanent Mission of Sweden", category="member-state", country="SWE",
                    consent_to_publish=True, text=TEXT)
    arabic = make_submission(call, name=ARABIC_NGO, category="ngo", consent_to_publish=True, text=TEXT)
    report = draft_report(call, "en")
    # The English draft never prints the Arabic name, in lists or in running text: it marks the gap.
    text = "\n".join(p.text for s in report.sections.all() for p in s.paragraphs.all())
    assert ARABIC_NGO not in text, text[max(0, text.find(ARABIC_NGO) - 200):text.find(ARABIC_NGO) + 80]
    assert f"[name in English to be supplied: {arabic.reference}]" in text
    rows = {row.reference: row for row in report_contributors(report)}
    assert rows[arabic.reference].missing and not [r for r in rows.values() if r.missing and r is not
                                                    rows[arabic.reference]]
    editor = get_user_model().objects.create_user("editor")
    set_membership(call, editor, CallRole.EDITOR, actor_label="test")
    client.force_login(editor)
    page = client.get(reverse("staff:editor", args=[call.slug, "en"])).content.decode()
    assert "Provisional — based on unreviewed suggestions" in page
    assert "No name in English" in page and "1 contributor has no name in English" in page

    url = reverse("staff:contributor-name", args=[call.slug, "en", arabic.contributor_id])
    response = client.post(url, {"name": "Arab Centre for the Independence of the Judiciary"})
    assert response.status_code == 302 and response.url.endswith("#names")
    assert Contributor.objects.get(pk=arabic.contributor_id).names["en"] == (
        "Arab Centre for the Independence of the Judiciary")
    page = client.get(reverse("staff:editor", args=[call.slug, "en"])).content.decode()
    assert "No name in English" not in page
    # A contributor of another call cannot be renamed from this call's editor.
    other = make_submission(make_call(slug="other-call"), name="Other NGO", category="ngo").contributor
    assert client.post(reverse("staff:contributor-name", args=[call.slug, "en", other.pk]),
                       {"name": "X"}).status_code == 404
