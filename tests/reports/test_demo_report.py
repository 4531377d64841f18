"""The demo call's draft report, built as the contract says, in Chinese and English.

Checks the PDF the way a reader would: its text (pdftotext), its fonts (pdffonts)
and where things sit on page 1 (pdftotext -bbox-layout).
"""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)
DEMO = Path(settings.BASE_DIR) / "demo"


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def fonts(path: Path) -> list[dict]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "embedded": parts[-5] == "yes"})
    return rows


def page_one_words(path: Path) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Words of page 1 with their top-left position, and the page size."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    width, height = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html).groups())
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    words = [(m.group(5), float(m.group(1)), float(m.group(2))) for m in re.finditer(pattern, html)]
    return width, height, words


@pytest.fixture
def demo_call(eager_celery):
    call_command("import_call", str(DEMO), stdout=io.StringIO())


def test_demo_report_in_chinese_and_english_follows_the_seed_structure(demo_call, tmp_path):
    zh, en = tmp_path / "report-zh.pdf", tmp_path / "report-en.pdf"
    out = io.StringIO()
    call_command("build_report", "intl-cooperation-hr-2021", "--lang", "zh", "--output", str(zh), stdout=out)
    call_command("build_report", "intl-cooperation-hr-2021", "--lang", "en", "--output", str(en), stdout=out)
    assert zh.stat().st_size > 10_000 and en.stat().st_size > 10_000

    text_zh = pdftotext(zh)
    for expected in ("联合国", "大会", "第七十六届会议", "临时议程*项目75 (b)", "秘书长的报告", "摘要",
                     "一.", "导言", "会员国", "政府间组织", "非政府组织", "结论和建议", "* A/76/150。"):
        assert expected in text_zh, expected
    # The Member State list, official Chinese names in force on the report date (2021: Turkey = 土耳其).
    states = ["阿塞拜疆", "科特迪瓦", "厄瓜多尔", "印度", "伊拉克", "马尔代夫", "墨西哥", "沙特阿拉伯", "瑞典",
              "阿拉伯叙利亚共和国", "土耳其"]
    flat = re.sub(r"\s+", "", text_zh)
    assert "收到了下列会员国提供的投入：" + "、".join(states[:-1]) + "和" + states[-1] in flat

    # Undo line-end hyphenation ("In-\ndia") before reading running text.
    text_en = re.sub(r"(\w)[\u2010-]\n\s*(\w)", r"\1\2", pdftotext(en))
    for expected in ("United Nations", "General Assembly", "Distr.: General", "20 July 2021", "Original: English",
                     "Seventy-sixth session", "Item 75 (b) of the provisional agenda*",
                     "Report of the Secretary-General", "Summary", "Introduction", "Member States",
                     "Conclusions and recommendations", "* A/76/150."):
        assert expected in text_en, expected
    assert ("Azerbaijan, Côte d'Ivoire, Ecuador, India, Iraq, Maldives, Mexico, Saudi Arabia, Sweden, "
            "the Syrian Arab Republic and Turkey.") in " ".join(text_en.split())
    # Consecutive paragraph numbers from 1, and real footnotes citing submissions.
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\.\s{1,}\S", text_en, re.MULTILINE)]
    numbered = sorted(set(numbers))
    assert numbered[:5] == [1, 2, 3, 4, 5] and numbered == list(range(1, numbered[-1] + 1))
    assert numbered[-1] >= 25
    # Footnotes cite the submission by reference, not the State behind a view (issue 10).
    assert re.search(r"Submission ICH21-\d{4}", text_en)
    assert "United Nations Development Programme" in " ".join(text_en.split())

    # Fonts: all embedded; Chinese set in Noto Serif CJK SC (not the Japanese forms).
    zh_fonts = fonts(zh)
    assert all(font["embedded"] for font in zh_fonts)
    assert any("Noto-Serif-CJK-SC" in font["name"] for font in zh_fonts)
    assert not any("CJK-JP" in font["name"] for font in zh_fonts + fonts(en))

    # Page 1 layout: symbol top right, body name top left, job number and summary in place.
    width, height, words = page_one_words(en)
    by_text = {}
    for word, x, y in words:
        by_text.setdefault(word, (x, y))
    symbol_x, symbol_y = by_text["A/76/xxx"]
    assert symbol_x > width * 0.6 and symbol_y < height * 0.1
    general_x, general_y = by_text["General"]
    assert general_x < width * 0.3 and general_y < height * 0.15
    assert by_text["Summary"][1] > by_text["Report"][1] > general_y
    job = [(x, y) for word, x, y in words if re.fullmatch(r"21-\d{5}", word)]
    assert job and job[0][1] > height * 0.8  # the job-number footer at the bottom of page 1
    # Later pages carry the running head and n/N page numbers.
    page_two = pdftotext(en, "-f", "2", "-l", "2")
    assert "A/76/xxx" in page_two and re.search(r"\b2/\d+\b", page_two)
