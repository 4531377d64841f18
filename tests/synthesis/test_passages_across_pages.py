"""A sentence that runs over a page break is one passage, cited on the page where it starts."""
from __future__ import annotations

import pytest
from weasyprint import HTML

from submissions.services.intake import IncomingFile
from synthesis.passages import all_passages, submission_passages
from tests.factories import make_call, make_submission

pytestmark = pytest.mark.django_db(transaction=True)

STYLE = ("@page { size: A5; margin: 2cm } body { font-family: 'Noto Sans', 'Noto Sans CJK SC'; font-size: 11pt }"
         " .break { break-before: page }")


FILLER = {"en": "Older persons are among those most exposed to extreme heat, and the national statistics office now "
                "publishes heat-related deaths by age group, sex and disability every summer. ",
          "zh": "老年人是受极端高温影响最严重的群体之一，"
                "国家统计部门每年夏季按年龄组、性别和残疾状况公布与高温有关的死亡人数。"}


def two_pages(first: str, second: str, language: str = "en") -> IncomingFile:
    """A PDF whose first page ends with ``first`` and whose second page starts with ``second``.

    Each page has a few lines of other text, so that its lines read as wrapped, as on a real page.
    """
    filler = FILLER[language]
    html = (f"<html><style>{STYLE}</style><body><p>{filler}{first}</p>"
            f"<p class='break'>{second} {filler}</p></body></html>")
    return IncomingFile(name="two-pages.pdf", data=HTML(string=html).write_pdf())


def texts(submission):
    return [p.quote for p in submission_passages(submission)]


def test_an_english_sentence_over_the_page_break_is_one_passage(eager_celery):
    submission = make_submission(make_call(), text="", files=[two_pages(
        "The Government adopted a national plan on heatwaves in 2023. Municipal services now call older "
        "persons who live alone and",
        "visit them during prolonged outages of electricity. The plan is reviewed every year with civil society.")])
    passages = submission_passages(submission)
    joined = next(p for p in passages if "call older persons" in p.quote)
    assert joined.quote == ("Municipal services now call older persons who live alone and visit them during "
                            "prolonged outages of electricity.")
    assert joined.page == 1
    page_text = submission.attachments.get().pages[0]
    assert "Municipal services" in page_text[joined.start:joined.end]
    assert not any(p.quote.startswith("visit them") for p in all_passages(submission))
    assert "The plan is reviewed every year with civil society." in texts(submission)


def test_a_chinese_sentence_over_the_page_break_is_one_passage(eager_celery):
    submission = make_submission(make_call(), text="", files=[two_pages(
        "国家制定了应对高温热浪的行动计划。社区网格员在高温期间对独居老年人进行电话随访和",
        "上门探视，并设立社区纳凉点。该计划每年与民间社会共同评估一次。", "zh")])
    assert "社区网格员在高温期间对独居老年人进行电话随访和上门探视，并设立社区纳凉点。" in texts(submission)


def test_a_list_item_or_finished_sentence_on_the_next_page_starts_anew(eager_celery):
    submission = make_submission(make_call(), text="", files=[two_pages(
        "The Government adopted a national plan on heatwaves in 2023. It makes the following recommendations",
        "(a) municipal services should call older persons who live alone during heatwaves;")])
    found = texts(submission)
    assert "The Government adopted a national plan on heatwaves in 2023." in found
    assert not any("recommendations (a)" in text for text in found)
