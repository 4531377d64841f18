"""Every access rule of the staff area (submissions/permissions.py) and of publication."""
from __future__ import annotations

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from submissions import permissions
from submissions.models import CallRole, SubmissionStatus
from submissions.services import submitter as portal
from submissions.services.intake import IncomingFile
from tests.factories import make_submission
from tests.portal.samples import docx_bytes
from tests.staff.conftest import ENGLISH, PASSWORD, make_user, staff_on, to_ready

pytestmark = pytest.mark.django_db


def staff_routes() -> list[URLPattern]:
    """Every route of the staff area, read from the URL resolver (a new route cannot be forgotten)."""
    def walk(patterns, namespace: str | None) -> list[URLPattern]:
        found: list[URLPattern] = []
        for entry in patterns:
            if isinstance(entry, URLResolver):
                found += walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace == "staff":
                found.append(entry)
        return found

    return walk(get_resolver().url_patterns, None)


def route_values(call, submission, request_objects) -> dict[tuple[str, str], object]:
    """The value of each URL parameter, by (route name, parameter); ``pk`` names different objects."""
    report, paragraph, build = request_objects
    tag = submission.tags.first()
    excerpt = submission.excerpts.first()
    return {
        ("*", "slug"): call.slug,
        ("*", "pk"): submission.pk,
        ("save-paragraph", "pk"): paragraph.pk,
        ("paragraph-action", "pk"): paragraph.pk,
        ("add-paragraph", "pk"): paragraph.section.pk,
        ("build-download", "pk"): build.pk,
        ("*", "action"): "up",
        ("*", "language"): report.language,
        ("*", "contributor_id"): submission.contributor_id,
        ("*", "theme_key"): tag.theme.key,
        ("*", "tag_id"): tag.pk,
        ("*", "excerpt_id"): excerpt.pk,
        ("*", "attachment_id"): 1,
        ("*", "membership_id"): call.memberships.first().pk,
        ("*", "invitation_id"): 1,  # call set-up pages (decision 0016): the call decides access first
        ("*", "message_id"): 1,
        ("*", "candidate_id"): 1,  # themes the call did not name (decision 0017): the call decides access first
    }


def staff_urls(call, submission, request_objects, client) -> list[tuple[str, str]]:
    """(method, url) of every staff route; POST for the routes that refuse GET (405)."""
    values = route_values(call, submission, request_objects)
    urls = []
    for route in staff_routes():
        params = list(route.pattern.converters)
        missing = [p for p in params if (route.name, p) not in values and ("*", p) not in values]
        assert not missing, f"route {route.name}: give test values for {missing}"
        kwargs = {p: values.get((route.name, p), values.get(("*", p))) for p in params}
        url = reverse(f"staff:{route.name}", kwargs=kwargs)
        urls.append(("post" if client.get(url).status_code == 405 else "get", url))
    return urls


@pytest.fixture
def request_objects(call, english, editor):
    """A draft with a paragraph and a finished build, and an excerpt, so every route has real objects."""
    from django.core.files.base import ContentFile

    from reports.models import ReportBuild
    from reports.services.builds import request_build
    from reports.services.report import draft_report
    from submissions.services.excerpts import save_excerpt

    tag = english.tags.first()
    save_excerpt(english, tag.theme, text=english.text[:40], actor=editor)
    report = draft_report(call, "en", actor=editor)
    paragraph = report.sections.first().paragraphs.first()
    build = request_build(report, ReportBuild.Format.HTML, actor=editor, queue=False)
    build.file.save("x.html", ContentFile(b"<p>x</p>"), save=False)
    build.state = ReportBuild.State.DONE
    build.save()
    return report, paragraph, build


def test_the_route_list_covers_the_whole_staff_area(client, call, english, request_objects):
    urls = staff_urls(call, english, request_objects, client)
    names = {route.name for route in staff_routes()}
    assert len(urls) == len(names) >= 30
    assert {"evidence", "editor", "build-download", "save-paragraph"} <= names


@pytest.mark.parametrize(("role", "can_triage", "can_draft", "can_manage_team"), [
    (CallRole.TRIAGER, True, False, False),
    (CallRole.EDITOR, True, True, False),
    (CallRole.MANAGER, True, True, True),
])
def test_each_role_reaches_exactly_its_work(client, call, english, request_objects, role, can_triage, can_draft,
                                           can_manage_team):
    """What a role may do, seen from the pages: triage, the editor's pages and builds, the team."""
    _, _, build = request_objects
    client.force_login(staff_on(call, f"person-{role}", role))
    allowed = {True: (200, 302), False: (403,)}
    note = client.post(reverse("staff:add-note", args=[english.pk]), {"text": "Checked the annex."})
    assert note.status_code in allowed[can_triage]
    assert client.get(reverse("staff:editor", args=[call.slug, "en"])).status_code in allowed[can_draft]
    assert client.get(reverse("staff:build-download", args=[build.pk])).status_code in allowed[can_draft]
    make_user(f"newcomer-{role}")
    added = client.post(reverse("staff:team", args=[call.slug]), {"username": f"newcomer-{role}",
                                                                  "role": CallRole.TRIAGER})
    assert added.status_code in allowed[can_manage_team]
    # Every role sees the inbox and the evidence view of its call.
    assert client.get(reverse("staff:inbox", args=[call.slug])).status_code == 200
    assert client.get(reverse("staff:evidence", args=[call.slug])).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, call, english, request_objects):
    for method, url in staff_urls(call, english, request_objects, client):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_submitters_never_see_the_staff_area(client, call, english, submitter, request_objects):
    client.force_login(submitter)
    for method, url in staff_urls(call, english, request_objects, client):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        # (a reference prefix, not "ICH": a random CSRF token on the page may contain any three letters)
        assert f"{call.reference_prefix}-".encode() not in response.content, url


def test_staff_on_another_call_get_404_for_this_call(client, call, other_call, english, request_objects):
    outsider = staff_on(other_call, "otto", CallRole.MANAGER)
    client.force_login(outsider)
    for method, url in staff_urls(call, english, request_objects, client)[1:]:
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    english.refresh_from_db()
    assert english.status == SubmissionStatus.READY and english.assignee is None
    home = client.get(reverse("staff:home"))
    assert home.status_code == 200 and b"other-call" in home.content and b"triage-call" not in home.content


def test_inactive_member_has_no_access(client, call, english, triager):
    triager.is_active = False
    triager.save()
    client.force_login(triager)
    assert client.get(reverse("staff:inbox", args=[call.slug])).status_code in (302, 403)


def test_superuser_sees_every_call(client, call, other_call):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("staff:inbox", args=[other_call.slug])).status_code == 200
    assert permissions.can(admin, permissions.MANAGE_TEAM, call)


def test_triager_assigns_only_themself(client, call, english, triager, editor):
    client.force_login(triager)
    url = reverse("staff:assign", args=[english.pk])
    client.post(url, {"assignee": editor.pk})
    english.refresh_from_db()
    assert english.assignee is None
    client.post(url, {"assignee": triager.pk})
    english.refresh_from_db()
    assert english.assignee == triager
    # …and cannot take it from someone else.
    client.force_login(editor)
    client.post(url, {"assignee": editor.pk})
    client.force_login(triager)
    client.post(url, {"assignee": ""})
    english.refresh_from_db()
    assert english.assignee == editor


def test_editor_assigns_anyone_on_the_call_but_nobody_else(client, call, other_call, english, triager, editor):
    outsider = staff_on(other_call, "otto")
    client.force_login(editor)
    url = reverse("staff:assign", args=[english.pk])
    client.post(url, {"assignee": outsider.pk})
    english.refresh_from_db()
    assert english.assignee is None
    client.post(url, {"assignee": triager.pk})
    english.refresh_from_db()
    assert english.assignee == triager


def test_bulk_assign_to_others_needs_the_assign_permission(client, call, english, triager, editor):
    client.force_login(triager)
    response = client.post(reverse("staff:bulk", args=[call.slug]),
                           {"ids": [english.pk], "action": "assign", "assignee": editor.pk}, follow=True)
    english.refresh_from_db()
    assert english.assignee is None
    assert "yourself only" in response.content.decode()


def test_only_call_managers_change_the_team(client, call, triager, manager):
    newcomer = make_user("nina")
    url = reverse("staff:team", args=[call.slug])
    client.force_login(triager)
    assert client.get(url).status_code == 200
    assert client.post(url, {"username": "nina", "role": "triager"}).status_code == 403
    assert not permissions.can(newcomer, permissions.VIEW, call)
    client.force_login(manager)
    assert client.post(url, {"username": "nina", "role": "triager"}).status_code == 302
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)  # roles are cached per user object (per request)
    assert permissions.role_on(newcomer, call) == "triager"
    membership = call.memberships.get(user=triager)
    client.force_login(triager)
    remove = reverse("staff:team-remove", args=[call.slug, membership.pk])
    assert client.post(remove).status_code == 403
    client.force_login(manager)
    client.post(remove)
    assert not call.memberships.filter(user=triager).exists()


def test_files_only_through_the_checked_view(client, call, triager, other_call):
    submission = make_submission(call, text="", files=[IncomingFile("letter.docx", docx_bytes(ENGLISH))])
    attachment = submission.attachments.get()
    url = reverse("staff:download", args=[submission.pk, attachment.pk])
    client.force_login(triager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    # A file id of another submission under this submission's URL is not served.
    other = make_submission(other_call, text="", files=[IncomingFile("x.docx", docx_bytes("Other text here."))])
    assert client.get(reverse("staff:download", args=[submission.pk, other.attachments.get().pk])).status_code == 404


def test_a_submitter_cannot_reach_another_submission_by_changing_the_id(client, call, submitter):
    mine = make_submission(call, text="My own text about debt.", files=[IncomingFile("a.docx", docx_bytes("Mine."))])
    theirs = make_submission(call, text="Somebody else's text.", files=[IncomingFile("b.docx", docx_bytes("Theirs."))])
    token = portal.private_token(mine)
    assert client.get(reverse("portal:manage", args=[token])).status_code == 200
    # Staff URLs by id: refused to a logged-in submitter, and login for anonymous ones.
    client.force_login(submitter)
    assert client.get(reverse("staff:submission", args=[theirs.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("staff:submission", args=[theirs.pk])).status_code == 302
    # The private link: put the other id in the token → the signature no longer holds.
    salt = "submissions.portal.private-link"
    theirs_payload = signing.dumps({"s": theirs.pk, "r": theirs.reference}, salt=salt, key="not-our-secret")
    swapped = theirs_payload.rsplit(":", 1)[0] + ":" + token.rsplit(":", 1)[1]
    for bad in (theirs_payload, swapped):
        assert client.get(reverse("portal:manage", args=[bad])).status_code == 404
    # Their file under my link.
    url = reverse("portal:download", args=[token, theirs.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_login_locks_an_account_after_repeated_failures(client, triager, editor, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "tina", "password": "wrong"})
        assert response.status_code in (200, 429)
    locked = client.post(url, {"username": "tina", "password": PASSWORD})
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session
    # Another account, from another address, is not affected (the failing address itself is locked, decision 0020).
    ok = client.post(url, {"username": "eddie", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2")
    assert ok.status_code == 302 and ok["Location"] == reverse("start")


def test_login_then_inbox(client, call, triager):
    response = client.post(reverse("login") + "?next=/staff/", {"username": "tina", "password": PASSWORD,
                                                                "next": "/staff/"})
    assert response.status_code == 302
    assert client.get(reverse("staff:inbox", args=[call.slug])).status_code == 200


# --- Publication -------------------------------------------------------------------

def test_publication_shows_only_approved_consented_contributions(client, call, editor):
    """Consent is not enough: staff approve publication; files wait for a clean scan (none without ClamAV)."""
    from submissions.services.publication import decide_publication
    from submissions.services.status import change_status

    shown = to_ready(make_submission(call, name="Open Society", consent_to_publish=True,
                                     files=[IncomingFile("open.docx", docx_bytes("Published text."))]))
    hidden = to_ready(make_submission(call, name="Private Foundation", consent_to_publish=False,
                                      files=[IncomingFile("private.docx", docx_bytes("Not for publication."))]))
    withdrawn = make_submission(call, name="Gone Away", consent_to_publish=True)
    change_status(withdrawn, SubmissionStatus.WITHDRAWN, actor_label="submitter")
    url = reverse("portal:inputs", args=[call.slug])
    assert "Open Society" not in client.get(url).content.decode()      # nothing before a staff decision

    changed, refused = decide_publication([shown, hidden, withdrawn], approve=True, actor=editor)
    assert [s.pk for s in changed] == [shown.pk] and {s.pk for s, _ in refused} == {hidden.pk, withdrawn.pk}
    page = client.get(url).content.decode()
    assert "Open Society" in page
    assert "Private Foundation" not in page and "private.docx" not in page and "Gone Away" not in page
    # Without a virus scanner no file is published, and the page says so.
    assert "open.docx" not in page
    attachment = shown.attachments.get()
    assert client.get(reverse("portal:published-file", args=[call.slug, attachment.pk])).status_code == 404
    assert client.get(reverse("portal:published-file",
                              args=[call.slug, hidden.attachments.get().pk])).status_code == 404


@pytest.mark.parametrize(("role", "landing"), [
    (CallRole.TRIAGER, "staff:inbox"), (CallRole.EDITOR, "staff:evidence"), (CallRole.MANAGER, "staff:call-setup"),
])
def test_each_role_lands_where_its_work_starts(client, call, role, landing):
    client.force_login(staff_on(call, f"lander-{role}", role))
    assert client.get(reverse("start"))["Location"] == reverse(landing, args=[call.slug])


def test_someone_on_several_calls_lands_on_the_list(client, call, other_call):
    person = staff_on(call, "both")
    from submissions.services.team import set_membership

    set_membership(other_call, person, CallRole.TRIAGER, actor_label="test")
    client.force_login(person)
    assert client.get(reverse("start"))["Location"] == reverse("staff:home")
