"""The live learning path: staff decide themes through the real service, the call's other suggestions follow.

``decide_tag`` sends ``theme_decided`` on commit; processing's receiver queues
``refresh_call_suggestions_task`` (run in process here: ``eager_celery``), which
re-scores every undecided suggestion of the call with what staff decided, and
never touches a decided tag.
"""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from submissions.models import Submission, ThemeTag
from submissions.services.tags import add_theme, decide_tag
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

THEMES = [
    {"key": "health", "name": {"en": "Health and vaccines"},
     "description": {"en": "Access to health care, medicines and vaccines."},
     "keywords": {"en": ["vaccine", "health"]}},
    {"key": "finance", "name": {"en": "Development finance"},
     "description": {"en": "Debt, aid and the financing of development."}, "keywords": {"en": ["debt", "finance"]}},
    {"key": "education", "name": {"en": "Right to education"},
     "description": {"en": "Schools, teachers and access to education."}, "keywords": {"en": ["school", "education"]}},
    {"key": "gender", "name": {"en": "Gender equality"},
     "description": {"en": "Women's rights and discrimination against women and girls."},
     "keywords": {"en": ["women", "gender"]}},
    {"key": "cooperation", "name": {"en": "Technical cooperation"},
     "description": {"en": "Technical assistance and capacity-building for national institutions."},
     "keywords": {"en": ["technical assistance"]}},
]
# Every letter also speaks of something else, as real submissions do.
OTHER = [
    "Girls leave school early because there are not enough teachers.",
    "Women face discrimination in access to land and employment.",
    "National institutions need technical assistance and training.",
    "Public debt limits what the State can spend.",
    "Les écoles rurales manquent d'enseignants.",
    "Las mujeres sufren discriminación en el empleo.",
]
# Health care in detention: the machine calls it "health"; this call's staff decide it is not what the theme means.
DETENTION_HEALTH = [
    "Detainees in overcrowded prisons have no doctor and no medicines; tuberculosis spreads in the cells.",
    "Prisoners wait months to see a physician and sick detainees are kept in punishment cells.",
    "Les détenus des prisons surpeuplées n'ont ni médecin ni médicaments et la tuberculose se propage.",
    "Los reclusos esperan meses para ver a un médico y los presos enfermos permanecen en celdas de castigo.",
    "В переполненных тюрьмах у заключённых нет врача и лекарств, в камерах распространяется туберкулёз.",
    "Prison clinics lack medicines and detainees with chronic illness receive no treatment behind bars.",
]
VACCINES = [
    "Equitable access to vaccines is a human rights obligation; patents must not block vaccine production.",
    "Rural clinics need vaccines, nurses and essential medicines so that every child is immunised.",
    "L'accès équitable aux vaccins est une obligation; les brevets ne doivent pas bloquer la production.",
]
DEBT = [
    "Debt service absorbs a third of public revenue and leaves nothing for development.",
    "Official development assistance and debt relief are needed to finance the sustainable development goals.",
]


def tag_of(submission: Submission, key: str) -> ThemeTag | None:
    return ThemeTag.objects.filter(submission=submission, theme__key=key).first()


def test_staff_decisions_through_decide_tag_rescore_the_rest_of_the_call_and_stay_as_decided(eager_celery,
                                                                                          monkeypatch):
    from synthesis import learning
    from synthesis.services import suggestions

    languages_seen: list[list[str]] = []

    def recording_adapt(*args, **kwargs):  # the real learner; only the languages it is given are noted
        languages_seen.append(list(kwargs.get("languages") or []))
        return learning.adapt(*args, **kwargs)

    monkeypatch.setattr(suggestions, "adapt", recording_adapt)
    call = make_call(slug="learning-call", themes=THEMES)
    detention = [make_submission(call, name=f"Prison monitor {i}", text=f"{t} {OTHER[i]}")
                 for i, t in enumerate(DETENTION_HEALTH)]
    vaccines = [make_submission(call, name=f"Health NGO {i}", text=f"{t} {OTHER[-i - 1]}")
                for i, t in enumerate(VACCINES)]
    [make_submission(call, name=f"Finance NGO {i}", text=f"{t} {OTHER[i + 2]}") for i, t in enumerate(DEBT)]
    from synthesis.services.suggestions import refresh_call

    refresh_call(call)  # an import's settled state: every submission scored with the whole call
    staff = get_user_model().objects.create_user("eddie")
    # Held out: the Russian translation of a letter staff will reject "health" on. (The last detention
    # letter, on prison clinics lacking medicines, is nearer the accepted vaccine letters than the two
    # rejected ones on this theme: the learner follows the letters staff decided, so it is not asserted.)
    held_out = detention[4:5]
    before = {s.pk: tag_of(s, "health") for s in held_out}
    assert all(t is not None and t.accepted is None for t in before.values()), "health was not suggested at first"

    # Staff work through four detention letters and the vaccine letters (the real service): "health" is
    # rejected on detention letters, everything else they were suggested is accepted.
    decided: dict[int, tuple[bool, float | None]] = {}
    for submission in [*detention[:4], *vaccines]:
        for tag in ThemeTag.objects.filter(submission=submission).select_related("theme"):
            accepted = not (tag.theme.key == "health" and submission in detention)
            decide_tag(tag, accepted=accepted, actor=staff)
            decided[tag.pk] = (accepted, tag.score)
    assert len(decided) >= 6 and False in {a for a, _ in decided.values()}

    # The held-out detention letters were re-scored: their undecided "health" fell (or was withdrawn).
    for submission in held_out:
        after = tag_of(submission, "health")
        old = before[submission.pk]
        assert old is not None and old.score is not None
        assert after is None or (after.accepted is None and after.score is not None
                                 and after.score < old.score - 0.03), (submission.text, old.score, after)
    # Staff decisions are never overwritten: same verdict, same score, still there.
    for pk, (accepted, score) in decided.items():
        tag = ThemeTag.objects.get(pk=pk)
        assert tag.accepted is accepted and tag.score == score and tag.decided_by == staff
    # The learner was given each scored letter's language (to centre its sentences on it).
    scored = sorted(s.language for s in call.submissions.all())
    assert sorted(languages_seen[-1]) == scored and "ru" in scored


def test_including_a_submission_settles_its_themes_every_theme_not_accepted_counts_as_rejected(eager_celery):
    from submissions.models import SubmissionStatus
    from submissions.services.status import change_status
    from submissions.signals import themes_settled
    from synthesis.services.suggestions import staff_decisions

    call = make_call(slug="settled-call", themes=THEMES)
    included = make_submission(call, name="Health NGO", text=f"{VACCINES[0]} {OTHER[0]}")
    pending = make_submission(call, name="Finance NGO", text=f"{DEBT[0]} {OTHER[3]}")
    staff = get_user_model().objects.create_user("ines")
    health = call.themes.get(key="health")
    add_theme(included, health, actor=staff)  # accepted (or confirmed, if it was suggested)
    keys = list(call.themes.order_by("order").values_list("key", flat=True))
    submissions = [Submission.objects.get(pk=included.pk), Submission.objects.get(pk=pending.pk)]
    before = staff_decisions(submissions, keys)
    assert before[0, keys.index("health")] is True
    assert all((1, t) not in before for t in range(len(keys)))  # nothing decided on the other one yet

    settled = []
    themes_settled.connect(lambda sender, **kwargs: settled.append(kwargs["submission_id"]), weak=False,
                           dispatch_uid="test-settled")
    try:
        change_status(included, SubmissionStatus.INCLUDED, actor=staff)
    finally:
        themes_settled.disconnect(dispatch_uid="test-settled")
    assert settled == [included.pk]  # sent once the change committed: the call's model learns
    submissions = [Submission.objects.get(pk=included.pk), Submission.objects.get(pk=pending.pk)]
    after = staff_decisions(submissions, keys)
    assert {t: after[0, t] for t in range(len(keys))} == {t: keys[t] == "health" for t in range(len(keys))}
    assert all((1, t) not in after for t in range(len(keys)))  # a submission still in triage teaches only its tags
