"""Page furniture and letter formalities, in the six UN languages: never evidence.

A submission is usually a letter or a note verbale: letterhead, reference and
date, subject line, salutation, the opening and closing courtesy formulas, a
signature, running headers, page numbers, headings. They say nothing about a
theme, so they are kept out of evidence (but stay in the stored text). ``kind``
names what a paragraph or sentence is; ``"sentence"`` is the only kind that is
evidence.
"""
from __future__ import annotations

import re

from synthesis.wordcount import count_words_upto

SENTENCE = "sentence"
SUBJECT = "subject"
SALUTATION = "salutation"
COURTESY = "courtesy"  # opening and closing formulas, sign-offs
PAGE = "page"  # page numbers, running headers and footers
LETTERHEAD = "letterhead"  # senders' names, addresses, references, datelines, contacts
HEADING = "heading"
LETTERHEAD_LINE = "letterhead-line"  # a reference, dateline or contact line (a line on its own)

_I = re.IGNORECASE

_SUBJECT = re.compile(
    r"^\s*(?:subject|re|objet|asunto|assunto|тема|предмет|事由|主题|主旨|标题|الموضوع|موضوع)\s*[:：.]", _I)

_SALUTATION = re.compile(
    r"^\s*(?:dear\b|to whom it may concern|excellenc|your excellency|hello\b|madam\b|sir\b|"
    r"(?:madame|monsieur|mesdames|messieurs|cher|chère|chers)\b|"
    r"(?:estimad[oa]s?|señora?|distinguid[oa]s?|excelentísim[oa])\b|"
    r"(?:уважаем|многоуважаем|дорог)\w*|"
    r"尊敬的|亲爱的|"
    r"(?:السيد|السيدة|سعادة|معالي|حضرة|عزيز)\S*)", _I)

# Courtesy formulas (one alternative each of ``_COURTESY``), each with the markers it always holds one
# of (lower case). The large case-insensitive pattern is searched only in a text holding a marker,
# and then only the formulas with the markers found (issue 15: it was a tenth of processing outside
# the encoder, tried at every character of every paragraph and sentence). Every formula holds one
# of its markers as literal characters, so a text without any cannot match it
# (``tests/synthesis/test_processing_same_answers.py`` checks it on the parsed formulas).
_COURTESY_FORMULAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"avails? (?:itself|himself|herself) of this opportunity", ("opportun",)),
    (r"assurances? of (?:its|his|her|my|our) highest consideration", ("consid",)),
    (r"presents? (?:its|his|her) compliments", ("compliments",)),
    (r"has the honou?r to (?:transmit|submit|forward|refer)", ("hono",)),
    (r"highest consideration", ("consid",)),
    (r"yours (?:sincerely|faithfully|truly)", ("yours ",)),
    (r"^\s*(?:sincerely|best regards|kind regards|with (?:best|kind) regards|regards|respectfully)\b",
     ("sincerely", "regards", "respectfully")),
    (r"saisit cette occasion", ("occasion",)),
    (r"(?:plus )?haute considération", ("consid",)),
    (r"présente ses compliments", ("compliments",)),
    (r"a l'honneur de", ("honneur",)),
    (r"veuillez (?:agréer|recevoir)", ("veuillez",)),
    (r"je vous prie d'agréer", ("agréer",)),
    (r"^\s*cordialement\b", ("cordial",)),
    (r"salutations distinguées", ("distinguées",)),
    (r"aprovecha (?:la|esta) oportunidad", ("oportunidad",)),
    (r"(?:más )?alta (?:y distinguida )?consideración", ("consid",)),
    (r"saluda (?:atentamente|muy atentamente)", ("saluda ",)),
    (r"tiene el honor de", ("hono",)),
    (r"^\s*(?:atentamente|cordialmente|saludos cordiales)\b", ("atentamente", "cordial")),
    (r"пользуется (?:этой возможностью|случаем)", ("пользуется",)),
    (r"уверения в .{0,40}уважении", ("уважени",)),
    (r"свидетельствует (?:свое|своё) уважение", ("уважени",)),
    (r"имеет честь", ("честь",)),
    (r"^\s*с (?:уважением|наилучшими пожеланиями)", ("уважени", "пожелания")),
    (r"уважении\.\s*$", ("уважени",)),
    (r"顺致崇高的敬意", ("敬意",)),
    (r"顺致最崇高的敬意", ("敬意",)),
    (r"借此机会", ("借此机会",)),
    (r"谨向.{0,40}致意", ("致意",)),
    (r"向.{0,60}致意", ("致意",)),
    (r"^\s*此致", ("此致",)),
    (r"^\s*敬礼", ("敬礼",)),
    (r"تغتنم .{0,80}هذه الفرصة", ("الفرصة",)),
    (r"هذه الفرصة لتعرب", ("الفرصة",)),
    (r"أسمى آيات التقدير", ("التقدير",)),
    (r"فائق (?:تقديرها|التقدير|الاحترام)", ("فائق ",)),
    (r"وتفضلوا بقبول", ("وتفضلوا",)),
    (r"تهدي .{0,120}تحياتها", ("تحياتها",)),
    (r"أطيب تحياتها", ("تحياتها",)),
    (r"تتشرف بأن", ("تتشرف",)),
    (r"^\s*(?:مع )?(?:خالص|وافر) (?:التحية|التقدير|الاحترام)", ("خالص", "وافر")),
)
_COURTESY = re.compile("|".join(formula for formula, _ in _COURTESY_FORMULAS), _I)
_COURTESY_MARKERS = tuple(dict.fromkeys(marker for _, markers in _COURTESY_FORMULAS for marker in markers))
_COURTESY_BY_MARKER = tuple(
    (marker, re.compile("|".join(formula for formula, markers in _COURTESY_FORMULAS if marker in markers), _I))
    for marker in _COURTESY_MARKERS)
# Letters that the case-insensitive pattern takes for a marker's letter but ``str.lower`` does not
# turn into it (dotted and dotless i, long s, old Cyrillic forms): mapped before lowering.
_CASE_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u1c80": "в", "\u1c82": "о",
                             "\u1c83": "с", "\u1c84": "т", "\u1c85": "т"})
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u1c80\u1c82-\u1c85]")
# Case-sensitive literals only: the regular expression engine skips to their first letters.
_ANY_MARKER = re.compile("|".join(map(re.escape, _COURTESY_MARKERS)))


def courtesy(stripped: str) -> bool:
    """Whether ``_COURTESY`` is found in the text: only its formulas whose markers the text holds are searched."""
    lowered = stripped.lower()
    if not stripped.isascii() and _ODD_CASE.search(stripped):  # rare: ``translate`` costs more than the rest
        lowered = stripped.translate(_CASE_FIXES).lower()
    if _ANY_MARKER.search(lowered) is None:
        return False
    return any(marker in lowered and formulas.search(stripped) for marker, formulas in _COURTESY_BY_MARKER)

_PAGE = re.compile(
    r"^\s*(?:(?:page|página|pág\.|страница|стр\.|الصفحة|صفحة)\s*\d+(?:\s*(?:of|sur|de|из|من|/)\s*\d+)?"
    r"|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|[-–—]?\s*\d{1,3}\s*[-–—]?|\d+\s*/\s*\d+)\s*$", _I)

_LETTERHEAD = re.compile(
    r"^\s*(?:(?:ref(?:erence)?|our ref|your ref|no|nº|n°|№|réf|référence|ref\.?|núm|número|исх|"
    r"العدد|المرجع|الرقم|编号|文号)\s*[.:：]|(?:tel|tél|phone|fax|e-?mail|courriel|correo|тел|факс|"
    r"电话|传真|电子邮件|هاتف|فاكس|البريد)\b|www\.|https?://|\S+@\S+\.\w+\s*$)", _I)

_DATELINE = re.compile(
    r"^\s*(?:[A-ZÀ-Ýa-zà-ÿ\u0400-\u04ff\u0600-\u06ff .'’-]{2,30}[,،]\s*(?:le |el |в |في )?)?"
    r"(?:\d{1,2}(?:er)?\s+\S+\s+(?:de\s+)?\d{4}|\S+\s+\d{1,2},?\s+\d{4}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})\s*(?:г\.|года)?\s*$")
_DATELINE_ZH = re.compile(r"^\s*\S{0,12}[，,]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_DATELINE_AR = re.compile(r"^\s*\S{0,20}\s*(?:في|،)\s*\d{1,2}\s+\S+\s+\d{4}\s*$")

_BULLET = re.compile(r"^\s*(?:[-•▪◦*–—]|\(?[a-z0-9]{1,3}[.)])\s")
_TERMINAL = tuple(".!?;؟؛。！？；…\"”»")
HEADING_MAX_WORDS = 14


def kind_of(text: str, *, first_page: bool = False, repeated: bool = False) -> str:
    """What a paragraph (or a sentence) of a submission is; ``"sentence"`` when it is content.

    ``repeated``: the same line is on several pages (running header or footer).
    ``first_page``: short unpunctuated lines there are letterhead rather than headings.
    """
    stripped = " ".join(text.split())
    if not stripped:
        return PAGE
    if repeated or _PAGE.match(stripped):
        return PAGE
    if _SUBJECT.match(stripped):
        return SUBJECT
    if courtesy(stripped):
        return COURTESY
    words = count_words_upto(stripped, HEADING_MAX_WORDS + 1)  # enough for every test below
    if _SALUTATION.match(stripped) and words <= 12 and not stripped.endswith((".", "。")):
        return SALUTATION
    if _LETTERHEAD.match(stripped) or _DATELINE.match(stripped) or _DATELINE_ZH.match(stripped) \
            or _DATELINE_AR.match(stripped):
        return LETTERHEAD_LINE
    if _BULLET.match(stripped) and words >= 5:  # a list item without a full stop is still content
        return SENTENCE
    if not stripped.endswith(_TERMINAL) and words <= HEADING_MAX_WORDS:
        return LETTERHEAD if first_page else HEADING
    return SENTENCE


def is_evidence(kind: str) -> bool:
    return kind == SENTENCE


def sentence_kind(sentence: str) -> str:
    """A sentence inside a content paragraph: a courtesy formula or subject line, else content."""
    stripped = " ".join(sentence.split())
    if _SUBJECT.match(stripped):
        return SUBJECT
    if courtesy(stripped):
        return COURTESY
    return SENTENCE


STARTS_LOWER = re.compile(r"^[\W\d_]*[a-zà-ÿа-яё]")
SENTENCE_ENDS = (".", "!", "?", ";", ":", "…", "。", "！", "？", "；", "：", "؟", "؛",
                 '"', "”", "»", ")", "）", "」", "』")


def fragment(sentence: str) -> bool:
    """Part of a sentence: starts in lower case, or stops without a sentence end (not a list item).

    What reflow could not join — a sentence running over a page break, a line torn out of
    a table — is never quoted.
    """
    stripped = sentence.strip()
    if not stripped or (STARTS_LOWER.match(stripped) and not _BULLET.match(stripped)):
        return True
    return not stripped.endswith(SENTENCE_ENDS) and not _BULLET.match(stripped)
