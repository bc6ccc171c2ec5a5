"""Summits a text's own clause names: the clause that opens with the summit
("at the second summit, …, the leaders signed …"), the city its passive
clause adopts it in ("…, both adopted in Berlin"), and a summit that is
another title's ("…, adopted at the 11th Islamic Summit"). Plain functions
over mentions and token texts, used by `document_attrs`; tested in
`tests/test_document_adoption.py`."""

from __future__ import annotations

from typing import Callable, Collection, Optional, Sequence

from .adoption import not_yet
from .mention import Mention, MentionIndex
from .summit_links import different_years, signed_in, summit_date
from .title_tokens import adopted_right_after, joined_titles

OPENING_SUMMIT_REACH = 30  # "at the second summit, held in Almaty on 17 June 2006, the leaders signed"
ANOTHER_TITLE_REACH = 6  # "The Astana Declaration reaffirms the new OIC Charter, adopted at …"


def summit_adopted_in(
    document: Mention,
    mentions: Sequence[Mention],
    index: MentionIndex,
    words: Sequence[str],
    published: Optional[int],
    city_at: Callable[[Sequence[str], int], Optional[str]],
    adoption_verbs: Collection[str],
    by_a_body: Callable[[Sequence[str]], bool],
) -> Optional[int]:
    """The summit held in the city a title's clause adopts it in: its passive
    clause ("…, both adopted in Berlin"), when no body's (`by_a_body` of the
    words after the title), or the phrase opening its clause ("Two years ago,
    in Tashkent, we adopted ECO Vision 2035"); the summit named there before
    the title, when the clause dates the title to no other year."""
    end = document.last + 2 if words[document.last : document.last + 2] in ([",", "both"], [",", "all"]) else document.last
    city = None
    if adopted_right_after(words, end, adoption_verbs) and not by_a_body(words[end : end + 8]):
        city = signed_in(document, words, city_at, adoption_verbs)
    city = city or city_opening_the_adoption(document, words, city_at, adoption_verbs)
    there = [j for j in index.of("SUMMIT") if city and mentions[j].attrs.get("place") == city and mentions[j].start < document.start]
    if not there or different_years(document.attrs.get("date"), summit_date(there[-1], mentions, index, words, published)):
        return None
    return there[-1]


def city_opening_the_adoption(document: Mention, words: Sequence[str], city_at: Callable[[Sequence[str], int], Optional[str]], adoption_verbs: Collection[str]) -> Optional[str]:
    """The city of `in <City>, <subject> adopted <title>` ("in Tashkent, we
    adopted …"): the verb right before the title, a subject of at most three
    words, a comma, and `in <City>` before it."""
    k = document.first - 1
    while k >= 0 and words[k].lower() in {"the", "a", "an", "also"}:
        k -= 1
    if k < 1 or words[k].lower() not in adoption_verbs or not_yet(words, k):
        return None
    comma = next((j for j in range(k - 1, max(-1, k - 5), -1) if words[j] == ","), None)
    if comma is None or any(w in {".", ";"} for w in words[comma:k]):
        return None
    for j in range(comma - 1, max(-1, comma - 4), -1):
        if words[j].lower() == "in":
            # the phrase opens the clause ("Two years ago, in Tashkent, we …"), not "the ministers met in Dushanbe, adopted …"
            opens = j == 0 or words[j - 1] in {",", ".", ";"} or words[j - 1].isspace() or words[j] == "In"
            return city_at(words, j + 1) if opens else None
    return None


def adopts_another_title_first(document: Mention, summit: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], adoption_verbs: Collection[str]) -> bool:
    """"The Astana Declaration reaffirms the OIC Charter, adopted at the 11th
    Islamic Summit …": a summit named after a title, past another title whose
    own passive clause names it, is that title's."""
    if summit.start <= document.end:
        return False
    between = [mentions[k] for k in index.between("DOCUMENT", document.end, summit.start)]
    between = [
        other
        for other in between
        if other.first - document.last <= ANOTHER_TITLE_REACH
        and not joined_titles(words, document.last, other.first)  # "the Declaration and the Programme, adopted at …": both
        and not any(w in {".", ";"} or w.isspace() for w in words[document.last : other.first])
    ]
    return any(adopted_right_after(words, other.last, adoption_verbs) for other in between)


def summit_opening_the_adoption(document: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], adoption_verbs: Collection[str]) -> Optional[int]:
    """The summit of `at the second summit, held in Almaty on 17 June 2006,
    the leaders signed the Protocol …`: the verb right before the title, and
    `at <summit>` opening its clause."""
    k = document.first - 1
    while k >= 0 and words[k].lower() in {"the", "a", "an", "also"}:
        k -= 1
    if k < 1 or words[k].lower() not in adoption_verbs or not_yet(words, k):
        return None  # not "At the Summit of the Future, member states are expected to adopt a Pact …"
    for j in range(k - 1, max(-1, k - OPENING_SUMMIT_REACH), -1):
        if words[j] in {".", ";", ":"} or words[j].isspace():
            return None
        summit = index.at_token("SUMMIT", j)
        if summit is not None:
            before = [w.lower() for w in words[max(0, j - 2) : j]]
            return summit if "at" in before else None
    return None
