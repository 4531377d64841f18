"""Call-level scoring reads each submission's stored passages instead of cutting it again (issue 15).

What is written must not depend on the store: the suggestions (scores and evidence)
are the same when every submission is cut afresh and when its stored passages are
read; a changed text or file is cut again; reading the call is a fixed number of
queries, whatever its size.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Submission, SubmissionStatus, ThemeTag
from submissions.models.files import ExtractionStatus
from submissions.models.tags import TagOrigin
from submissions.services.intake import IncomingFile
from synthesis.models import PassageVectors
from synthesis.passages import submission_passages
from synthesis.services.suggestions import refresh_call
from tests.factories import make_call, make_submission
from tests.synthesis.test_learning_live import THEMES as LEARNING_THEMES

pytestmark = pytest.mark.django_db

THEMES = LEARNING_THEMES[:3]  # health, finance, education
TEXTS = [
    "Equitable access to vaccines is a human rights obligation. Rural clinics need nurses and essential medicines.",
    "Debt service absorbs a third of public revenue. Debt relief is needed to finance the development goals.",
    "Girls leave school early because there are not enough teachers. Rural schools have no books at all.",
    "Les écoles rurales manquent d'enseignants et de manuels. L'accès aux vaccins reste inégal dans le pays.",
    "Public debt limits what the State can spend on health. Hospitals lack medicines and trained staff.",
    "Las escuelas rurales no tienen maestros suficientes. La deuda pública limita el gasto en educación.",
]
PAGES = [
    "Annual report\n\nThe ministry closed forty rural schools last year, and teachers were not paid for months.",
    "Annual report\n\nVaccine stocks ran out in the northern provinces and clinics turned patients away.",
]


def scored_call(count: int = len(TEXTS), slug: str = "cache-call"):
    """A call whose submissions are processed (scored), one with a two-page file."""
    call = make_call(slug=slug, themes=THEMES)
    submissions = [make_submission(call, name=f"NGO {i}", text=TEXTS[i % len(TEXTS)]) for i in range(count)]
    with_file = make_submission(call, name="Ministry watch", text="Our report on schools and vaccines is attached.",
                                files=[IncomingFile("report.txt", b"placeholder")])
    with_file.attachments.update(pages=PAGES, extracted_text="\n\n".join(PAGES),
                                 extraction_status=ExtractionStatus.DONE)
    submissions.append(with_file)
    Submission.objects.filter(call=call).update(status=SubmissionStatus.READY)
    return call, list(Submission.objects.filter(call=call).order_by("pk"))


def suggestions(call) -> dict:
    return {(t.submission_id, t.theme.key): (t.score, t.evidence)
            for t in ThemeTag.objects.filter(submission__call=call, origin=TagOrigin.AUTO).select_related("theme")}


def forget_suggestions(call) -> None:
    """Undecided machine tags gone, so the next refresh writes every one (no tolerance kept from before)."""
    ThemeTag.objects.filter(submission__call=call, origin=TagOrigin.AUTO, accepted__isnull=True).delete()


def forget_stored_passages(call) -> None:
    PassageVectors.objects.filter(call=call).update(source_hash="", passages=[], folded_text="")


def test_suggestions_are_the_same_from_stored_passages_as_from_passages_cut_afresh():
    call, submissions = scored_call()
    refresh_call(call)  # nothing stored yet: every submission is cut and embedded
    # The reference: passages cut afresh, as before they were stored. (Vectors from the store in both:
    # stored as float16, they move a score in the fourth decimal against the ones just embedded.)
    forget_stored_passages(call)
    forget_suggestions(call)
    refresh_call(call)
    fresh = suggestions(call)
    assert {row.source_hash != "" for row in PassageVectors.objects.filter(call=call)} == {True}
    # Not trivial: several submissions have suggestions, with evidence, some of it on a page of the file.
    assert len({s for s, _ in fresh}) >= 4
    evidence = [e for _, found in fresh.values() for e in found]
    assert evidence and any(e["page"] == 2 for e in evidence)

    forget_suggestions(call)
    refresh_call(call)  # the whole call from the store
    assert suggestions(call) == fresh

    for submission in submissions:  # each as an arrival: the others from the store, its own passages too
        forget_suggestions(call)
        refresh_call(call, only=submission)
        assert suggestions(call) == {k: v for k, v in fresh.items() if k[0] == submission.pk}

    forget_stored_passages(call)  # and once more without the store: cut afresh, as before it existed
    forget_suggestions(call)
    refresh_call(call)
    assert suggestions(call) == fresh


def test_the_stored_passages_are_the_ones_cutting_gives():
    call, _ = scored_call()
    refresh_call(call)
    for submission in Submission.objects.filter(call=call).prefetch_related("attachments"):
        row = PassageVectors.objects.get(submission=submission)
        cut = submission_passages(submission)
        assert [tuple(p) for p in row.passages] == [tuple(vars(p).values()) for p in cut]
        assert row.count == len(cut)


def test_a_changed_text_or_file_is_cut_again():
    call, submissions = scored_call()
    refresh_call(call)
    typed, with_file = submissions[0], submissions[-1]
    before = PassageVectors.objects.get(submission=typed).source_hash

    Submission.objects.filter(pk=typed.pk).update(
        text="Teachers in rural schools have not been paid for six months and many have left the profession.")
    with_file.attachments.update(extraction_status=ExtractionStatus.FAILED)  # the file is no longer usable
    refresh_call(call)

    row = PassageVectors.objects.get(submission=typed)
    assert row.source_hash != before
    assert [p[0] for p in row.passages] == [
        "Teachers in rural schools have not been paid for six months and many have left the profession."]
    assert row.count == 1
    quoted = [e["text"] for (pk, _), (_, found) in suggestions(call).items() if pk == typed.pk for e in found]
    assert not any("vaccines" in text for text in quoted)
    file_row = PassageVectors.objects.get(submission=with_file)
    assert all(p[1] == "text" for p in file_row.passages)  # nothing from the file any more
    assert file_row.count == len(file_row.passages)


def test_an_arrival_reads_the_call_in_the_same_number_of_queries_whatever_its_size():
    def queries_for_an_arrival(count: int, slug: str) -> int:
        call, submissions = scored_call(count, slug)
        refresh_call(call)  # everything stored
        with CaptureQueriesContext(connection) as context:
            refresh_call(call, only=submissions[0])
        return sum("synthesis_passagevectors" in q["sql"] or "submissions_attachment" in q["sql"]
                   for q in context.captured_queries)

    small, large = queries_for_an_arrival(3, "small-call"), queries_for_an_arrival(9, "large-call")
    assert small == large <= 3
