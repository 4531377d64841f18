"""Whole sentences (issue 10): reflow, sentence boundaries, furniture, Arabic PDFs, garbled text."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from synthesis import furniture
from synthesis.extraction import extract_pdf
from synthesis.passages import garbled, split_text
from synthesis.reflow import reflow

ROOT = Path(__file__).resolve().parents[2]


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


WRAPPED = {
    "en": ("India believes that non-selectivity, impartiality and objectivity must remain\n"
           "paramount in international cooperation in the field of human rights. Cooperation\n"
           "should be based on dialogue and mutual respect among all States concerned.\n"
           "Short line.",
           "India believes that non-selectivity, impartiality and objectivity must remain paramount in "
           "international cooperation in the field of human rights."),
    "fr": ("La France soutient le renforcement de la coopération technique avec les États qui\n"
           "en font la demande, dans le respect de leurs priorités nationales et des mandats.\n"
           "Elle encourage aussi la participation de la société civile à tous les niveaux.\n"
           "Fin.",
           "La France soutient le renforcement de la coopération technique avec les États qui en font la "
           "demande, dans le respect de leurs priorités nationales et des mandats."),
    "ar": ("تؤكد جمهورية العراق أهمية أن تحترم وكالات الأمم المتحدة وآلياتها ولاياتها احتراماً كاملاً عند\n"
           "التعاون مع الدول في مجال حقوق الإنسان، وأن تعمل في إطار الولايات الممنوحة لها دون تجاوز.\n"
           "ويدعو العراق إلى أن يبقى مجلس حقوق الإنسان منبراً للحوار البناء وتبادل الخبرات والتجارب.\n"
           "شكراً.",
           "تؤكد جمهورية العراق أهمية أن تحترم وكالات الأمم المتحدة وآلياتها ولاياتها احتراماً كاملاً عند "
           "التعاون مع الدول في مجال حقوق الإنسان، وأن تعمل في إطار الولايات الممنوحة لها دون تجاوز."),
    "zh": ("国际人权合作需要可持续的发展融资，发达国家应当履行官方发展援助承诺，\n"
           "帮助发展中国家落实可持续发展目标。我们呼吁公平获得疫苗，并加强技术援\n"
           "助和能力建设，尊重各国根据本国国情选择的发展道路和人权保障模式。\n"
           "谢谢。",
           "国际人权合作需要可持续的发展融资，发达国家应当履行官方发展援助承诺，帮助发展中国家落实可持续发展目标。"),
}


@pytest.mark.parametrize("language", sorted(WRAPPED))
def test_a_wrapped_pdf_paragraph_reflows_into_whole_sentences(language):
    text, first_sentence = WRAPPED[language]
    passages = split_text(text, source="attachment", page=2, language=language)
    assert passages[0].quote == first_sentence
    # Offsets still point into the stored text, across its line breaks.
    stored = text[passages[0].start:passages[0].end]
    assert "\n" in stored and squash(stored) == squash(first_sentence)


def test_hyphenation_is_joined_and_offsets_map_back():
    text = ("The Special Rapporteur recalled that the international community has a shared respon-\n"
            "sibility to support the States that request technical assistance and capacity-building.\n"
            "End.")
    flowed = reflow(text)
    assert "shared responsibility to support" in flowed.text
    assert "capacity-building" in flowed.text  # a real hyphen inside a line stays
    start = flowed.text.index("responsibility")
    begin, end = flowed.span(start, start + len("responsibility"))
    assert text[begin:end] == "respon-\nsibility"


def test_paragraph_breaks_and_list_items_are_kept():
    text = ("1. The first recommendation is long enough to fill a whole line of the page here\n"
            "and goes on.\n"
            "2. The second recommendation starts a new item on its own line of the page.\n\n"
            "A new paragraph after a blank line.")
    assert reflow(text).text.split("\n\n") == [
        "1. The first recommendation is long enough to fill a whole line of the page here and goes on.",
        "2. The second recommendation starts a new item on its own line of the page.",
        "A new paragraph after a blank line."]


@pytest.mark.parametrize(("line", "kind"), [
    ("Subject: Input to the report of the Secretary-General", furniture.SUBJECT),
    ("Objet : Contribution à l'appel du HCDH sur la résolution 74/151", furniture.SUBJECT),
    ("Asunto: Aporte de México a la resolución 74/151", furniture.SUBJECT),
    ("Тема: Вклад в доклад Генерального секретаря", furniture.SUBJECT),
    ("事由：关于第74/151号决议的材料", furniture.SUBJECT),
    ("الموضوع: مساهمة في تقرير الأمين العام", furniture.SUBJECT),
    ("Dear High Commissioner,", furniture.SALUTATION),
    ("Madame la Haute-Commissaire,", furniture.SALUTATION),
    ("Estimada Alta Comisionada:", furniture.SALUTATION),
    ("Уважаемая г-жа Верховный комиссар!", furniture.SALUTATION),
    ("尊敬的高级专员：", furniture.SALUTATION),
    ("The Permanent Mission of India avails itself of this opportunity to renew to the Office the assurances "
     "of its highest consideration.", furniture.COURTESY),
    ("La Mission permanente saisit cette occasion pour renouveler au Haut-Commissariat les assurances de sa "
     "haute considération.", furniture.COURTESY),
    ("La Misión Permanente aprovecha la oportunidad para reiterar a la Oficina las seguridades de su más alta "
     "consideración.", furniture.COURTESY),
    ("Постоянное представительство пользуется случаем, чтобы возобновить уверения в своем весьма высоком "
     "уважении.", furniture.COURTESY),
    ("常驻代表团借此机会向人权高专办顺致崇高的敬意。", furniture.COURTESY),
    ("وتغتنم البعثة الدائمة هذه الفرصة لتعرب للمفوضية عن أسمى آيات التقدير.", furniture.COURTESY),
    ("Page 1 of 1", furniture.PAGE),
    ("Página 2 de 3", furniture.PAGE),
    ("Страница 1 из 2", furniture.PAGE),
    ("الصفحة 1 من 1", furniture.PAGE),
    ("第 1 页，共 2 页", furniture.PAGE),
    ("Geneva, 26 March 2021", furniture.LETTERHEAD_LINE),
    ("Ref.: SERV/CS/2025-0311", furniture.LETTERHEAD_LINE),
    ("العدد: 5/4/231", furniture.LETTERHEAD_LINE),
    ("Gender equality and women's rights", furniture.HEADING),
    ("The mission supports technical cooperation with all treaty bodies.", furniture.SENTENCE),
])
def test_furniture_is_recognised_in_six_languages(line, kind):
    assert furniture.kind_of(line) == kind


def test_furniture_is_never_evidence_but_the_letter_body_is():
    letter = ("Permanent Mission of Sweden\nGeneva, 26 March 2021\n"
              "Subject: Input to the report on resolution 74/151\n\nDear Colleagues,\n\n"
              "Sweden pursues a feminist foreign policy that puts gender equality at the centre of cooperation.\n\n"
              "The Permanent Mission avails itself of this opportunity to renew the assurances of its highest "
              "consideration.\n\nPage 1 of 1")
    assert [p.quote for p in split_text(letter, source="text", language="en")] == [
        "Sweden pursues a feminist foreign policy that puts gender equality at the centre of cooperation."]


@pytest.mark.parametrize(("text", "reason"), [
    ("The State supports cooperation \ufffd\ufffd with all treaty bodies and mechanisms.", "replacement glyphs"),
    ("Тhe Stаte suppоrts cooperation with all treaty bodies and mechanisms.", "mixed scripts in one word"),
    ("ةيلودلا تامظنملاو ةدحتملا ممألا بتكم ىدل ةمئادلا ةثعبلا ةيروهمج", "reversed words"),
])
def test_garbled_text_needs_checking_and_is_not_evidence(text, reason):
    assert garbled(text) == reason
    assert split_text(text + ".", source="text") == []
    (flagged,) = split_text(text + ".", source="text", everything=True)
    assert flagged.needs_checking and not flagged.citable


def test_normal_text_in_six_languages_is_not_garbled():
    for _, (text, _) in WRAPPED.items():
        assert garbled(text) == ""
    assert garbled("Постоянное представительство Российской Федерации поддерживает диалог.") == ""


@pytest.mark.parametrize("folder", ["ms-iraq", "ms-syria"])
def test_the_arabic_demo_pdfs_read_as_their_source(folder):
    """Every paragraph of the source wording is in the extracted text, in order (spacing aside)."""
    pdf = next((ROOT / "demo" / "submissions" / folder).glob("*.pdf"))
    extracted = squash(reflow(extract_pdf(pdf.read_bytes()).text).text)
    source = (ROOT / "demo" / "tools" / "texts" / f"{folder}.txt").read_text()
    position = 0
    for paragraph in (p for p in source.split("\n\n") if p.strip()):
        found = extracted.find(squash(paragraph), position)
        assert found >= 0, paragraph[:60]
        position = found
