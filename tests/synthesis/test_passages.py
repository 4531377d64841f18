"""Passages: sentence-like spans with offsets that map back onto the stored text."""
from __future__ import annotations

from synthesis.passages import split_text

LATIN = ("First sentence here is long enough to count. Second sentence follows here, also long.\n\n"
         "A new paragraph with five words at least.")
CHINESE = "国际人权合作需要可持续的发展融资。我们呼吁公平获得疫苗，并加强技术援助和能力建设。"


def test_sentences_and_their_offsets():
    passages = split_text(LATIN, source="text")
    assert [p.text for p in passages] == [
        "First sentence here is long enough to count.", "Second sentence follows here, also long.",
        "A new paragraph with five words at least."]
    for passage in passages:
        assert LATIN[passage.start:passage.end] == passage.text


def test_chinese_sentences_end_at_the_full_stop():
    assert [p.text for p in split_text(CHINESE, source="text")] == [
        "国际人权合作需要可持续的发展融资。", "我们呼吁公平获得疫苗，并加强技术援助和能力建设。"]


def test_short_fragments_are_not_passages():
    assert split_text("Yes. No. Maybe so.", source="text") == []


def test_passages_carry_their_file_and_page():
    (passage,) = split_text("The mission supports technical cooperation with all treaty bodies.",
                            source="attachment", attachment_id=7, page=3)
    evidence = passage.as_evidence(0.81234)
    assert (evidence["attachment"], evidence["page"], evidence["score"]) == (7, 3, 0.8123)
