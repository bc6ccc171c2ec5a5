"""A DOCUMENT's own date, as plain functions over mentions and token texts:
a date right after its title ("of 1999"), in its adoption clause ("…,
approved by the Ministerial Council in Dushanbe on 12 October 2021"),
opening the clause that adopts it ("On 4 November the participants adopted
…"), a bracketed year ("resolution 1373 (2001)") or a year that starts the
title ("the 2002 SCO Charter"). Used by `document_attrs`; tested through
`tests/test_document_adoption.py` and `tests/test_attributes.py`."""

from __future__ import annotations

import re
from typing import Collection, Optional, Sequence

from .adoption import RATIFICATION_VERBS, not_yet
from .layout import Layout
from .mention import Mention, MentionIndex
from .title_tokens import joined_titles
from .words import bracketed_word_at, is_year

_BRACKETED_YEAR = re.compile(r"\((\d{4})\)$")
# A known instrument's year is part of its name ("2030 Agenda").
KB_NAME_RULES = frozenset({"kb-document"})


def adoption_date(
    document: Mention,
    index: MentionIndex,
    mentions: Sequence[Mention],
    words: Sequence[str],
    adoption_verbs: Collection[str],
    layout: Optional[Layout] = None,
) -> Optional[str]:
    """A date right after the title ("of 1999"), in its clause after an
    adoption verb, or opening the clause whose verb adopts it ("On 4 November
    the participants adopted the Doha Declaration")."""
    opening = date_opening_the_adoption(document, index, mentions, words, adoption_verbs) or date_opening_a_passive(document, index, mentions, words, adoption_verbs)
    if opening is not None:
        return opening
    i = document.last
    # "Russia had ratified the Protocol … in 2015": when it was ratified, not adopted
    # "signed the Steppe Treaty on 5 May 2031": `on <date>` after a title its clause adopts
    adopted_on = i < len(words) and words[i].lower() == "on" and any(w.lower() in adoption_verbs for w in words[_clause_start(words, document.first) : document.first])
    if i + 1 < len(words) and (words[i].lower() in {"of", "in"} or adopted_on) and not ratified_before(words, document.first):
        after = index.at_token("DATE", i + 1)
        if after is not None:
            return mentions[after].norm
    saw_verb = False
    first = document.last + 3 if bracketed_word_at(words, document.last) else document.last  # "… for 2021-2030 (ASBP-4) was approved …"
    for j in range(first, min(first + ADOPTION_CLAUSE_TOKENS, len(words))):
        word = words[j]
        if word in {".", ";", "(", ")"}:
            break
        if word.lower() in RATIFICATION_VERBS and not saw_verb:
            break  # "…, which Kazakhstan ratified in 2019"
        if not saw_verb and index.at_token("DOCUMENT", j) is not None and not joined_titles(words, first, j):
            break  # "The Astana Declaration reaffirms the Charter, adopted at …": the clause is the Charter's (not an apposition's)
        if word.lower() in adoption_verbs:
            if not_yet(words, j):
                break  # "…, which the leaders will adopt at the summit on 4 July"
            saw_verb = True
        if saw_verb:
            found = index.at_token("DATE", j)
            if found is not None and _dates_a_summit_or_a_limit(words, mentions, index, mentions[found]):
                continue  # "…, the first text agreed since the Istanbul summit of 1999"
            if found is not None and (layout is None or layout.paragraph_of(mentions[found].start) == layout.paragraph_of(document.start)):
                return mentions[found].norm  # a headline's title does not run on into the dateline below it
    return None


def _dates_a_summit_or_a_limit(words: Sequence[str], mentions: Sequence[Mention], index: MentionIndex, date: Mention) -> bool:
    """A date after `since`/`until`/`before`, or after a summit it dates ("the Istanbul summit of 1999")."""
    before = words[date.first - 1].lower() if date.first else ""
    if before in {"since", "until", "before"}:
        return True
    summit = index.last_before("SUMMIT", date.start)
    return summit is not None and before in {"of", "in"} and mentions[summit].last == date.first - 1


def list_intro_date(
    first_item: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str], layout: Layout
) -> Optional[str]:
    """"On 4-5 December the Ministerial Council adopted, among others: 1. …":
    the date that opens the adopting clause of a list's introduction dates
    its items."""
    end = first_item.start - 1
    while end > 0 and (layout.text[end].isspace() or layout.text[end] in LIST_MARKS):
        end -= 1  # past the item's bullet or number, to the introduction
    start = layout.sentence_of(end)[0]
    for j in index.between("DATE", start, first_item.start):
        date = mentions[j]
        verb = next((k for k in range(date.last, first_item.first) if words[k].lower() in adoption_verbs), None)
        if date.norm and verb is not None and _opens_a_clause(words, date.first - 1) and not not_yet(words, verb):
            return date.norm
    return None


LIST_MARKS = frozenset("0123456789.)-–—•*")
RATIFIED_REACH = 4


def ratified_before(words: Sequence[str], first: int) -> bool:
    """"had ratified the Protocol …", "the ratification of the Treaty …": the
    clause before the title ratifies it."""
    return any(w.lower() in RATIFICATION_VERBS for w in words[max(0, first - RATIFIED_REACH) : first])


MAX_SUBJECT_TOKENS = 14  # "On 6 June, the Board of IFAS met in Dushanbe and approved …"
# "on 22 October 2004, the foreign ministers of the member states of CICA met in Almaty for their second meeting and adopted"
OPENING_SUBJECT_WORDS = 20
NAMES_LOOK_BACK_CHARS = 600
# ", approved by the Ministerial Council in Dushanbe on 12 October 2021"
ADOPTION_CLAUSE_TOKENS = 16


def date_opening_the_adoption(
    document: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]
) -> Optional[str]:
    """The date of `On <date>[,] <subject> <verb> the <document>`: the verb
    right before the title (past a determiner or `also`), the date a few
    words before the verb, after `on`/`in`, with no clause mark between."""
    k = document.first - 1
    while k >= 0 and words[k].lower() in {"the", "a", "an", "also"}:
        k -= 1
    if k < 1 or words[k].lower() not in adoption_verbs or not_yet(words, k):
        return None  # not "On 21 September we communicated our decision to sign the Act"
    # An organization's name counts as one word of the subject ("On 22 October
    # 2004, the foreign ministers of the Conference on Interaction and … in Asia met … and adopted …").
    in_names = {t for o in index.between("ORG", max(0, document.start - NAMES_LOOK_BACK_CHARS), document.start) for t in range(mentions[o].first + 1, mentions[o].last)}
    counted = 0
    for j in range(k - 1, -1, -1):
        counted += j not in in_names
        if counted > OPENING_SUBJECT_WORDS:
            return None
        if words[j] in {".", ";", ":", "(", ")", "\n"} or words[j].isspace():
            return None
        date = _date_ending_at(index, mentions, j)
        if date is not None:
            held = counted <= MAX_SUBJECT_TOKENS and (_dates_the_meeting_held(words, date.first) or _in_an_opening_meeting_phrase(words, date.first))
            return date.norm if _opens_a_clause(words, date.first - 1) or held else None
        if words[j] == "," and not _date_ending_at(index, mentions, j - 1):
            return None
    return None


CLAUSE_OPENERS = frozenset({",", ".", ";", ":", "and", "that", "when", "but", "then"})


def _opens_a_clause(words: Sequence[str], k: int) -> bool:
    """`on`/`in` at token k starts its clause: "On 4 November the …", "…,
    in 1946, the …", "… that on 26 November the …" (not "the resolution
    adopted by the Assembly on 9 February adopts …")."""
    if k < 0 or words[k].lower() not in {"on", "in"}:
        return False
    return k == 0 or words[k] in {"On", "In"} or words[k - 1].lower() in CLAUSE_OPENERS or words[k - 1].isspace()


def date_opening_a_passive(
    document: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]
) -> Optional[str]:
    """The date of `In <date>, a <document> was signed`: the title is the
    subject of a passive adoption verb right after it, and a date opening
    its clause stands just before it (past a determiner and a comma)."""
    k = document.last
    if k + 1 >= len(words) or words[k].lower() not in {"was", "were"}:
        return None
    verb = k + 2 if words[k + 1].lower() == "also" else k + 1
    if verb >= len(words) or words[verb].lower() not in adoption_verbs:
        return None
    j = document.first - 1
    if j >= 0 and words[j].lower() in {"a", "an", "the"}:
        j -= 1
    if j >= 0 and words[j] == ",":
        j -= 1
    date = _date_ending_at(index, mentions, j) if j >= 0 else None
    return date.norm if date is not None and _opens_a_clause(words, date.first - 1) else None


HELD_WORDS = frozenset({"held", "convened"})
MEETING_PHRASE_OPENERS = frozenset({"at", "during", "following"})


def _in_an_opening_meeting_phrase(words: Sequence[str], first: int) -> bool:
    """The date of `At their Moscow session on 10 December 2030, the heads of
    state signed …`, `…; at the session held by videoconference on 10
    January, the leaders adopted …`: the phrase that opens the sentence names
    the meeting the date is in."""
    k = first - 1
    while k > 0 and first - k <= MAX_SUBJECT_TOKENS and words[k - 1] not in {",", ".", ";", ":", "(", ")"} and not words[k - 1].isspace():
        k -= 1
    opens = k == 0 or words[k - 1] in {".", ";"} or words[k - 1].isspace()
    return opens and words[k].lower() in MEETING_PHRASE_OPENERS


def _dates_the_meeting_held(words: Sequence[str], first: int) -> bool:
    """The date of `<meeting>, held … on <date>, adopted the <document>`
    ("The previous session of the Council, held by videoconference on 11
    December 2020, had adopted …"): the clause the date is in opens with
    `held` right after a comma."""
    for k in range(first - 1, max(-1, first - 1 - MAX_SUBJECT_TOKENS), -1):
        if words[k] == ",":
            return k + 1 < first and words[k + 1].lower() in HELD_WORDS
        if words[k] in {".", ";", ":", "(", ")"}:
            return False
    return False


def _date_ending_at(index: MentionIndex, mentions: Sequence[Mention], j: int) -> Optional[Mention]:
    for first in range(j, max(-1, j - 6), -1):
        found = index.at_token("DATE", first)
        if found is not None:
            return mentions[found] if mentions[found].last == j + 1 else None
    return None


def bracketed_year(title: str) -> dict[str, str]:
    """"resolution 1540 (2004)": the year in brackets is the adoption year."""
    m = _BRACKETED_YEAR.search(title)
    return {"date": m.group(1)} if m else {}


def leading_year(document: Mention, words: Sequence[str], published: Optional[int]) -> Optional[str]:
    """"the 2002 SCO Charter", "the 2014 Treaty on …": a year that starts the
    title and is not after the article's year is its date; "the 2030 Agenda"
    names a goal, and "2026-2028 Program" a period."""
    if document.first >= len(words) or published is None or document.rule in KB_NAME_RULES:
        return None  # a known instrument's year is part of its name ("2030 Agenda")
    first = words[document.first]
    following = words[document.first + 1] if document.first + 1 < len(words) else ""
    if not is_year(first) or following in {"-", "–"} or int(first) > published:
        return None
    return first


def same_day_date(document: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], layout: Layout) -> Optional[str]:
    """"… signed on 15 June 2031, the same day as the Steppe Declaration":
    the day dated before it in its sentence."""
    before = " ".join(w.lower() for w in words[max(0, document.first - SAME_DAY_REACH) : document.first])
    if "same day as" not in before:
        return None
    days = [j for j in index.between("DATE", layout.sentence_of(document.start)[0], document.start) if _is_day(mentions[j].norm)]
    return mentions[days[-1]].norm if days else None


SAME_DAY_REACH = 6


def _is_day(norm: Optional[str]) -> bool:
    return bool(norm) and len(norm.split("/")[0]) >= 10


def _clause_start(words: Sequence[str], first: int, reach: int = 30) -> int:
    """The first token of the sentence a title is in, looking back at most `reach` tokens."""
    k = first
    while k > max(0, first - reach) and words[k - 1] not in {".", "!", "?", ";"} and not words[k - 1].isspace():
        k -= 1
    return k
