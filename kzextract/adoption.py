"""What a text says about a document's adoption: whether its own clause
adopts it, whether it is only a draft, whether a summit or a date is
before or after the article was written, and the meeting date a news
item's lead gives. Plain functions over mentions, offsets and token texts,
used by `document_attrs`; tested table-driven in `tests/test_attributes.py`.
"""

from __future__ import annotations

import datetime
import re
from typing import Callable, Collection, Optional, Sequence

from .layout import Layout
from .mention import Mention, MentionIndex
from .title_tokens import AUXILIARIES
from .words import bracketed_word_at, is_headline
from .vocab import listed


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
# A paragraph that opens with its dateline: an upper-case place, then the date.
_INLINE_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]*[A-Z][,.]?\s*(?:\(?[A-Za-z]+\)?\s*[,.–-]?\s*)?$")
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)


LEAD_PARAGRAPHS = 4


SHORT_LINE_CHARS = 60


_ON_THE_MARGINS = re.compile(r"\b(?:on|in) the (?:margins|sidelines)\b", re.IGNORECASE)


MARGINS_REACH_CHARS = 40  # "… was signed in the margins"


def signed_on_the_margins(layout: Layout, offset: int, end: int) -> bool:
    """"A memorandum between A and B was signed on the margins", "On the
    margins of the summit, A and B held talks. In the presence of the two
    leaders, the sides signed …": the sentence of the title, or the one
    before it in its paragraph, puts it on a summit's margins (DECISIONS.md:
    such a text is not the summit's outcome)."""
    sentence = layout.sentence_of(offset)
    paragraph = layout.paragraph_bounds(offset)
    start = layout.sentence_of(sentence[0] - 1)[0] if sentence[0] > paragraph[0] else sentence[0]
    if _ON_THE_MARGINS.search(layout.text, max(start, paragraph[0]), offset):
        return True
    after = _ON_THE_MARGINS.search(layout.text, end, min(sentence[1], end + MARGINS_REACH_CHARS))
    return after is not None and "," not in layout.text[end : after.start()]  # not "…, on the margins of the UN summit" of another meeting


def in_headline(layout: Layout, offset: int) -> bool:
    """Whether `offset` is in a page's headline (`words.is_headline`)."""
    return layout.paragraph_of(offset) == 0 and is_headline(layout.text[: layout.paragraph_bounds(offset)[1]])


def prose_paragraphs_before(layout: Layout, offset: int) -> int:
    """How many paragraphs of prose come before the one at `offset`: a web
    page's headline, dateline and "Photo: Akorda" lines do not push the lead
    down, nor does the headline repeated above the body."""
    starts = layout.paragraph_starts
    count = 0
    seen = set()
    for k in range(layout.paragraph_of(offset)):
        end = starts[k + 1] if k + 1 < len(starts) else len(layout.text)
        paragraph = layout.text[starts[k] : end].strip()
        if len(paragraph) >= SHORT_LINE_CHARS and paragraph not in seen:
            count += 1
        seen.add(paragraph)
    return count


def dates_the_writing(layout: Layout, date_start: int) -> bool:
    """A date in the dateline a paragraph opens with ("ASTANA, 14 October
    (Interfax-Kazakhstan) – The CIS summit … on Friday") is when the item was
    written, unless the paragraph says the meeting was held today."""
    paragraph = layout.paragraph_bounds(date_start)
    return bool(_INLINE_DATELINE.match(layout.text[paragraph[0] : date_start])) and not _TODAY.search(layout.text, paragraph[0], paragraph[1])


def lead_date(
    mentions: Sequence[Mention],
    index: MentionIndex,
    layout: Layout,
    published_day: Optional[str] = None,
    dates_another_summit: Callable[[Mention, Mention], bool] = lambda summit, date: False,
) -> Optional[str]:
    """The day the article's event happened, as its lead states it: the first
    date with a day in its first paragraphs that is not a dateline (a
    paragraph that is only the date), nor one that `dates_another_summit`
    (a SUMMIT of its sentence, the date), nor more than a week
    before the article, nor after it."""
    for j in index.of("DATE"):
        date = mentions[j]
        if prose_paragraphs_before(layout, date.start) >= LEAD_PARAGRAPHS:
            return None
        if not date.norm or len(date.norm.split("/")[0]) < 10:
            continue  # a year or a month is no day of a meeting
        paragraph = layout.paragraph_bounds(date.start)
        if paragraph[1] - paragraph[0] < SHORT_LINE_CHARS:
            continue  # "13.10.2022 | 18:20", "16 October 2015, 14:05": when it was written
        if dates_the_writing(layout, date.start):
            continue  # "ASHGABAT, May 24. /TASS/. … met on Friday": when it was written, not when they met
        if any(dates_another_summit(mentions[k], date) for k in index.between("SUMMIT", *layout.sentence_of(date.start))):
            continue  # "on 12-13 October Astana hosted the sixth CICA summit": another summit's days
        if earlier_than_published(date.norm, None, published_day):
            continue  # "the jubilee summit on 16 May" recalled in a November item
        if later_than_published(date.norm, None, published_day):
            continue  # "the summit, which will be held on 3-4 July": not yet happened
        return date.norm
    return None


# "took place in Moscow today", "was held in Samarkand today": the lead puts the meeting on the article's day;
# "… today took part in the meeting of the Council of Heads of State": so does a leader's part in it today.
_HELD_TODAY = re.compile(
    r"\b(?:took place|held|hosted|opened|ended|closed|met|convened|took part|participated|chaired)\b[^.;!?]{0,120}?\btoday\b"
    r"|\btoday\s+(?:took part|participated|chaired|attended|hosted|held)\b",
    re.IGNORECASE,
)
# How many prose paragraphs may come before the one that says so.
HELD_TODAY_PARAGRAPHS = 2


def held_today_in_lead(layout: Layout, published_day: Optional[str]) -> Optional[str]:
    """The article's day, when its lead says the meeting it reports took
    place today; the date for what that meeting adopted when no date of the
    lead gives it."""
    if not published_day or len(published_day) < 10:
        return None
    starts = layout.paragraph_starts
    for k, start in enumerate(starts):
        if prose_paragraphs_before(layout, start) >= HELD_TODAY_PARAGRAPHS:
            break
        end = starts[k + 1] if k + 1 < len(starts) else len(layout.text)
        if _HELD_TODAY.search(layout.text, start, end):
            return published_day
    return None


# A news item reports a meeting within days; a summit dated longer before it is an earlier one.
REPORTING_DAYS = 7


def earlier_than_published(summit_date: Optional[str], published: Optional[int], published_day: Optional[str] = None) -> bool:
    """Whether a summit's date is before the article was written: an earlier
    year, or, when the article is dated to the day, a day or a whole month
    that ended more than a week before ("the Central Asia – China summit in
    Xi'an in May" in a September report is another one)."""
    years, days = _before_published(summit_date, published, published_day)
    if days is None:
        days = _days_since_month_ended(summit_date, published_day)
    return (years is not None and years > 0) or (days is not None and days > REPORTING_DAYS)


def _days_since_month_ended(date: Optional[str], published_day: Optional[str]) -> Optional[int]:
    if not date or not published_day or not _ISO_MONTH.fullmatch(date) or not _ISO_DAY.match(published_day):
        return None
    year, month = int(date[:4]), int(date[5:7])
    if not 1 <= month <= 12:
        return None
    month_end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return (datetime.date.fromisoformat(published_day[:10]) - month_end).days


def later_than_published(summit_date: Optional[str], published: Optional[int], published_day: Optional[str] = None) -> bool:
    """Whether a summit's date is after the article was written: a later
    year, a later month of the year the article is dated to ("the summit in
    October" in a July item), or, when both are dated to the day, a later day."""
    years, days = _before_published(summit_date, published, published_day)
    return (years is not None and years < 0) or (days is not None and days < 0) or _later_month(summit_date, published_day)


def _later_month(date: Optional[str], published_day: Optional[str]) -> bool:
    date, published_day = date or "", published_day or ""
    if len(date) < 7 or len(published_day) < 7 or not (date[:7].replace("-", "").isdigit() and published_day[:7].replace("-", "").isdigit()):
        return False
    return date[:7] > published_day[:7]


def _before_published(date: Optional[str], published: Optional[int], published_day: Optional[str]) -> tuple[Optional[int], Optional[int]]:
    """How many years, and days when both are dated to the day, `date` is
    before the article's publication (negative: after it); None where unknown."""
    date = date or ""
    years = published - int(date[:4]) if published is not None and date[:4].isdigit() else None
    if not published_day or not _ISO_DAY.match(date) or not _ISO_DAY.match(published_day):
        return years, None
    return years, (datetime.date.fromisoformat(published_day[:10]) - datetime.date.fromisoformat(date[:10])).days


# Words before an adoption verb that say it has not happened ("could be signed", "will adopt").
NOT_YET = frozenset({"could", "will", "would", "may", "might", "should", "to", "shall", "expected", "not"})


CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "(", ")", "—"})


AUXILIARY_WORDS = AUXILIARIES | {"also"}


def referred_to_in_its_clause(document: Mention, words: Sequence[str], reference_words: Collection[str], adoption_verbs: Collection[str], reach: int = 8) -> bool:
    """The document's own clause refers back to it, not adopting it: "…,
    adopted at the Astana summit, reaffirmed the principles of the Helsinki
    Final Act", "links them to the 2030 Agenda", "held on the 20th
    anniversary of the Collective Security Treaty"."""
    for k in range(document.first - 1, max(-1, document.first - 1 - reach), -1):
        word = words[k].lower()
        if word in CLAUSE_BREAKS or word == "," or word in adoption_verbs:
            return False
        if word in reference_words:
            return True
    return False


def adopted_in_its_clause(document: Mention, words: Sequence[str], adoption_verbs: Collection[str], reach: int = 10) -> bool:
    """The text says the document was adopted in its own clause: an adoption
    verb before it ("the participants adopted the Doha Declaration") or a
    passive right after it ("The Astana Declaration was signed"), not one
    that has not happened ("could be signed next year") nor another
    clause's ("…, which reaffirms the Copenhagen Declaration")."""
    for k in range(document.first - 1, max(-1, document.first - 1 - reach), -1):
        word = words[k].lower()
        if word in CLAUSE_BREAKS or (word == "," and k < document.first - 1 and words[k + 1].lower() in {"which", "that", "who"}):
            return False
        if word in adoption_verbs:
            # "resolution 2231 (2015), which endorsed the JCPOA": another text's act
            relative_subject = k > 0 and words[k - 1].lower() in {"which", "that"}
            return not not_yet(words, k) and word not in RATIFICATION_VERBS and not relative_subject
    k = document.last
    while k < len(words) and k - document.last < 4 and (words[k] == "," or words[k].lower() in AUXILIARY_WORDS):
        k += 1
    return k < len(words) and words[k].lower() in adoption_verbs and not not_yet(words, k) and words[k].lower() not in RATIFICATION_VERBS


# Ratification and accession are not adoption (DECISIONS.md): they name a
# text (the finders read them as adoption verbs) but do not date it.
RATIFICATION_VERBS = listed("RATIFICATION_VERBS")


def not_yet(words: Sequence[str], verb: int) -> bool:
    """"could be signed", "will adopt", "to be approved"; not "referring to
    the treaty signed in …" (lower case: "May" is a month)."""
    before = words[max(0, verb - 3) : verb]
    if any(w in NOT_YET and w != "to" for w in before):
        return True
    return before[-1:] == ["to"] or before[-2:] == ["to", "be"]


DRAFT_WORDS = frozenset({"draft", "drafts"})


DRAFT_JOINTS = frozenset({"and", "of", "the", "a", "an", ",", "as", "well"})


PREPARATION_OF = [["preparation", "of"], ["drafting", "of"], ["elaboration", "of"]]  # "the preparation of ASBP-4 was ordered"
PAST_ADOPTIONS = frozenset({"adopted", "signed", "approved"})


def draft_documents(mentions: Sequence[Mention], words: Sequence[str]) -> frozenset[int]:
    """The DOCUMENT mentions the text calls drafts ("the draft Astana
    Declaration", "the first drafts of the Baku Declaration and of the
    Statement on …", "the preparation of ASBP-4"): `draft` just before, or
    joined to a draft before it.
    An item of a list of adopted documents that says `the draft …` is
    adopted all the same (ANNOTATION.md v2), so callers leave those."""
    found = set()
    previous: Optional[int] = None
    for i, m in enumerate(mentions):
        if m.label != "DOCUMENT":
            continue
        before = [w.lower() for w in words[max(0, m.first - 3) : m.first]]
        near = before[-1:] if before else []
        preparing = before[-2:] in PREPARATION_OF or before[-3:-1] in PREPARATION_OF and before[-1] == "the"
        # "… the preparation of the Convention, which was adopted by the General Assembly in 1979": adopted since
        preparing = preparing and not any(w.lower() in PAST_ADOPTIONS for w in words[m.last : m.last + 6])
        if before[-2:-1] == ["draft"] or near == ["draft"] or (before[-3:-1] == ["drafts", "of"] or before[-2:] == ["drafts", "of"]) or preparing:
            found.add(i)
        elif previous is not None and previous in found:
            joint = [w.lower() for w in words[mentions[previous].last : m.first]]
            if joint and len(joint) <= 4 and all(w in DRAFT_JOINTS | DRAFT_WORDS for w in joint):
                found.add(i)
        previous = i
    return frozenset(found)


def proposed_documents(mentions: Sequence[Mention], words: Sequence[str], proposal_verbs: Collection[str], adoption_verbs: Collection[str], reach: int = 8) -> frozenset[int]:
    """The DOCUMENT mentions the text only proposes ("Tokayev proposed to
    develop the Concept …", "called for a programme of cooperation … to be
    drawn up"): a proposal verb before it in its clause, with no adoption
    verb nearer. Like drafts, they are not adopted yet. "Kazakhstan proposed
    the Astana Statement" at a summit proposes a text the summit adopted."""
    found = set()
    for i, m in enumerate(mentions):
        if m.label != "DOCUMENT":
            continue
        for k in range(m.first - 1, max(-1, m.first - 1 - reach), -1):
            word = words[k].lower()
            if word in CLAUSE_BREAKS:
                break
            if _proposes_a_new_text(words, k, proposal_verbs):
                found.add(i)
                break
            if word in adoption_verbs and word not in _DRAFTING_GERUNDS:
                break  # "proposed drafting a …": the drafting is what is proposed
    return frozenset(found)


_SAYING_PROPOSALS = frozenset({"proposed", "proposes", "propose", "suggested", "suggests"})
_DRAFTING_GERUNDS = frozenset({"drafting", "developing", "elaborating", "preparing", "drawing"})


def _proposes_a_new_text(words: Sequence[str], k: int, proposal_verbs: Collection[str]) -> bool:
    """"proposed to develop …", "called for …", "draw up …" at token k."""
    word = words[k].lower()
    following = words[k + 1].lower() if k + 1 < len(words) else ""
    if word == "called":
        return following == "for"
    if word in _SAYING_PROPOSALS:
        # "suggested that the Secretariat prepare a strategy …", "proposed drafting a programme …"
        return following in {"to", "that"} or following in _DRAFTING_GERUNDS
    return word in proposal_verbs


def named_after_title(
    mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], document: Mention, label: str, preposition: str, adoption_verbs: Collection[str]
) -> Optional[int]:
    """The `label` mention named in the adoption phrase right after a title
    ("…, adopted by the General Assembly …", "… (ASBP-4) was approved by the
    Board of IFAS", "…, signed at the Dushanbe summit …"), or None."""
    k = document.last
    if bracketed_word_at(words, k):
        k += 3
    if k < len(words) and words[k] == ",":
        k += 1
    while k < len(words) and words[k].lower() in {"was", "were", "had", "been", "is", "has"}:
        k += 1
    if not (k + 1 < len(words) and words[k].lower() in adoption_verbs and words[k].lower().endswith("ed") and words[k + 1].lower() == preposition):
        return None
    k += 2
    if k < len(words) and words[k].lower() == "the":
        k += 1
    return index.at_token(label, k)


TIME_CONJUNCTIONS = frozenset({"after", "since", "before", "until"})


def opened_by(words: Sequence[str], first: int, openers: Collection[str]) -> bool:
    """The word before token `first`, or before its article, is one of
    `openers` ("after the Treaty", "since the 2019 summit")."""
    before = [w.lower() for w in words[max(0, first - 2) : first]]
    return bool(before) and (before[-1] in openers or (before[-1] == "the" and len(before) == 2 and before[0] in openers))


def recalled_after(words: Sequence[str], first: int) -> bool:
    """"five years after the Treaty … was signed", "since the Charter was
    adopted": a title that opens a clause of time is recalled, not adopted
    at the meeting the sentence is about."""
    return opened_by(words, first, TIME_CONJUNCTIONS)


BACK_REFERENCES = frozenset({"summit", "meeting", "summits", "presence"})  # "… was signed in the presence of the leaders"
WORD_RUNS = re.compile(r"[a-z]+")  # the lower-case words of a lower-cased text


def documents_in(mentions: Sequence[Mention], index: MentionIndex, span: tuple[int, int]) -> list[Mention]:
    return [mentions[j] for j in index.between("DOCUMENT", *span)]


def refers_back_to_a_meeting(text: str, sentence: tuple[int, int], mention_spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence refers back to a meeting in its own words ("The
    summit adopted …", "… signed in the presence of the leaders"), not in a
    title ("the Joint Declaration of the Berlin Summit")."""
    pieces, at = [], sentence[0]
    for start, end in sorted(mention_spans):
        pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at : sentence[1]])
    return bool(frozenset(WORD_RUNS.findall(" ".join(pieces).lower())) & BACK_REFERENCES)
