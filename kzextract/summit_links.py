"""Which summit mention a document can belong to, and what date the text
states for a summit across its mentions: plain functions over mentions and
token texts, used by `document_attrs.DocumentAttributes.adopting_summit`.
"""

from __future__ import annotations

from typing import Callable, Collection, Optional, Sequence

from .adoption import earlier_than_published, later_than_published, opened_by
from .document_dates import HELD_WORDS
from .mention import Mention, MentionIndex
from .ordinals import SINCE_WORDS
from .vocab import listed


_OTHER_SUMMIT = listed("OTHER_MEETING_WORDS")


def sentence_years(index: MentionIndex, mentions: Sequence[Mention], sentence: tuple[int, int]) -> frozenset[str]:
    """The years the dates of a sentence name ("In 2010, a declaration was signed")."""
    return frozenset(mentions[j].norm[:4] for j in index.between("DATE", *sentence) if mentions[j].norm and mentions[j].norm[:4].isdigit())


def own_city_first(document: Mention, summits: Sequence[Mention], ids: Sequence[int]) -> Optional[int]:
    """The first of the possible summits held in the city a title is named
    after ("the Jeddah Joint Statement" → "the Jeddah summit", not "the first
    Central Asia – China summit" named nearer), else `own_organization_first`."""
    first = own_organization_first(document, summits, ids)
    named_after = [j for summit, j in zip(summits, ids) if _named_after(document.text, summit.attrs.get("place"))]
    if first is None or not named_after or first in named_after:
        return first
    # only over a summit held elsewhere: the nearest mention of the same summit stays
    return named_after[0] if summits[ids.index(first)].attrs.get("place") else first


def _named_after(title: str, place: Optional[str]) -> bool:
    return bool(place) and (title == place or title.startswith(place + " "))


def _signed_in(document: Mention, words: Sequence[str], place: Optional[str]) -> bool:
    """"the OSCE Declaration in Budapest": the city written right after the title."""
    if not place or document.last >= len(words) or words[document.last].lower() != "in":
        return False
    return " ".join(words[document.last + 1 : document.last + 1 + len(place.split())]) == place


def signed_elsewhere(
    document: Mention, words: Sequence[str], place: Optional[str], city_at: Callable[[Sequence[str], int], Optional[str]], adoption_verbs: Collection[str]
) -> bool:
    """"The Treaty on the Eurasian Economic Union itself was signed by Belarus,
    Kazakhstan and Russia in Astana on 29 May 2014" in a report of the Minsk
    summit: the clause that adopts the title names another city."""
    city = signed_in(document, words, city_at, adoption_verbs)
    return bool(place) and city is not None and city != place


def signed_in(document: Mention, words: Sequence[str], city_at: Callable[[Sequence[str], int], Optional[str]], adoption_verbs: Collection[str]) -> Optional[str]:
    """The city the clause after a title adopts it in ("…, both adopted in Berlin, …")."""
    adopted = False
    for k in range(document.last, min(len(words), document.last + SIGNED_IN_REACH)):
        word = words[k].lower()
        if word in {".", ";", ":"}:
            return None
        adopted = adopted or word in adoption_verbs
        if adopted and word in {"in", "at"}:
            city = city_at(words, k + 1)
            if city is not None:
                return city
    return None


SIGNED_IN_REACH = 16  # "… was signed by Belarus, Kazakhstan and Russia in Astana"


def own_organization_first(document: Mention, summits: Sequence[Mention], ids: Sequence[int]) -> Optional[int]:
    """The first of the possible summits, in the order they were found; but
    when the document states its organization, the first summit held by that
    organization goes before a summit held by none ("the Second China –
    Central Asia Summit" named between the EAEU summit and its decisions)."""
    org = document.attrs.get("org")
    if org:
        for summit, j in zip(summits, ids):
            if summit.attrs.get("org") == org:
                return j
    return ids[0] if ids else None


_EARLIER_SUMMIT = frozenset({"previous", "last", "preceding", "past"})
_ADOPTED_AT = frozenset({"adopted", "signed", "approved", "endorsed"})


def adopted_at_the_previous_summit(words: Sequence[str], end: int) -> bool:
    """"the Astana Statement …, adopted at the previous summit": the title
    ending at token `end` was adopted at the summit before the one the text
    is about, which the text names as an earlier one, if at all."""
    k = end + 1 if end < len(words) and words[end] == "," else end
    piece = [w.lower() for w in words[k : k + 5]]
    return len(piece) == 5 and piece[0] in _ADOPTED_AT and piece[1:3] == ["at", "the"] and piece[3] in _EARLIER_SUMMIT and piece[4] in {"summit", "summits"}


def adopted_at_that_summit(words: Sequence[str], end: int) -> bool:
    """"The Astana Commemorative Declaration, adopted at that summit, …": the
    summit just named, however long ago."""
    k = end + 1 if end < len(words) and words[end] == "," else end
    piece = [w.lower() for w in words[k : k + 4]]
    return len(piece) == 4 and piece[0] in _ADOPTED_AT and piece[1] == "at" and piece[2] in {"that", "this"} and piece[3] in {"summit", "meeting"}


SUBJECT_REACH = 14  # ", held by videoconference in the Kazakh capital on 11 December 2020,"


def adopting_subject(document: Mention, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]) -> Optional[int]:
    """The SUMMIT that is the subject of the verb adopting the document, past
    a `, held …,` clause ("The previous summit, held in Almaty in June 2006,
    adopted the Protocol …"), also for a text coordinated after the first
    ("adopted the Declaration and the Programme …"), or None."""
    k = document.first - 1
    while k >= 0 and words[k].lower() in {"the", "a", "an", "also"}:
        k -= 1
    if k >= 1 and (words[k] == "," or words[k].lower() == "and"):
        # "… adopted the Dushanbe Declaration and the Programme …": the conjunct's subject
        conjunct = next((m for m in mentions if m.label == "DOCUMENT" and m.last == k and m.first < document.first), None)
        return adopting_subject(conjunct, mentions, words, adoption_verbs) if conjunct is not None else None
    if k < 1 or words[k].lower() not in adoption_verbs:
        return None
    k -= 1
    while k >= 0 and words[k].lower() in {"had", "has", "have", "also"}:
        k -= 1
    if k >= 0 and words[k] == ",":
        opening = next((j for j in range(k - 1, max(-1, k - 1 - SUBJECT_REACH), -1) if words[j] in {",", ".", ";", ":"}), None)
        if opening is None or words[opening] != "," or words[opening + 1].lower() not in HELD_WORDS:
            return None
        k = opening - 1
    return next((j for j, m in enumerate(mentions) if m.label == "SUMMIT" and m.last == k + 1), None)


def where_clause_start(words: Sequence[str], first: int, reach: int = 12) -> Optional[int]:
    """Token of ", where" that opens the clause a title at `first` stands in
    ("… the Ufa summit in July 2015, where the leaders adopted the decision
    on …"), or None."""
    for k in range(first - 1, max(0, first - 1 - reach), -1):
        if words[k] in {".", ";", ":"}:
            return None
        if words[k].lower() == "where" and words[k - 1] == ",":
            return k - 1
    return None


def another_summit(summit: Mention, words: Sequence[str]) -> bool:
    """"the next summit", "the previous summit": not the one being reported."""
    return 0 < summit.first <= len(words) and words[summit.first - 1].lower() in _OTHER_SUMMIT


def counted_since(summit: Mention, words: Sequence[str]) -> bool:
    """"the first in-person gathering since the 2019 summit in Bishkek": an
    earlier summit, which adopted only what its own sentence says it did."""
    return opened_by(words, summit.first, SINCE_WORDS)


def compatible_summit(document: Mention, summit: Mention, words: Sequence[str], years: frozenset[str] = frozenset()) -> bool:
    """Whether a document can have been adopted at a summit: not the next or a
    previous one ("Bishkek will host the next summit"), not a summit of another
    organization, not one of another year than the document's own date or the
    years its sentence names."""
    if another_summit(summit, words):
        return False
    org, summit_org = document.attrs.get("org"), summit.attrs.get("org")
    if org and summit_org and org != summit_org:
        return False
    date, summit_date = document.attrs.get("date"), summit.attrs.get("date")
    if date and summit_date and date[:4] != summit_date[:4] and "X" not in date[:4] + summit_date[:4]:
        return False
    if years and summit_date and summit_date[:4] not in years:
        return False
    return True


def summit_date(
    j: int, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str] = (), published: Optional[int] = None
) -> Optional[str]:
    """The date the text states for summit j, at it or at another mention of
    the same summit (same organization, no ordinal or place that differ, not
    called the next or the previous one). A mention dated before or after the
    article's year must also share the place or the ordinal: "the CIS
    summit" of 2021 recalled in a report of this year's is another one."""
    summit = mentions[j]
    if summit.attrs.get("date"):
        return summit.attrs["date"]
    same = [
        k
        for k in index.of("SUMMIT")
        if k != j
        and mentions[k].attrs.get("date")
        and _same_summit(summit.attrs, mentions[k].attrs)
        and not another_summit(mentions[k], words)
        # "the first meeting in Astana since the Astana summit of May 2014", written in 2016: an earlier one
        and not (bool(words) and counted_since(mentions[k], words) and different_years(mentions[k].attrs["date"], str(published) if published else None))
        # of another time than the article's, only a mention that shares the place or ordinal
        # ("an informal CIS summit in Moscow in December 2010" in a report of the 2009 one does not date it)
        and (
            not (earlier_than_published(mentions[k].attrs["date"], published) or later_than_published(mentions[k].attrs["date"], published))
            or _shares_place_or_ordinal(summit.attrs, mentions[k].attrs)
        )
    ]
    if not same:
        return None
    return mentions[min(same, key=lambda k: abs(mentions[k].start - summit.start))].attrs["date"]


def _shares_place_or_ordinal(a: dict, b: dict) -> bool:
    return any(a.get(key) is not None and a.get(key) == b.get(key) for key in ("place", "ordinal"))


def _same_summit(a: dict, b: dict) -> bool:
    if not a.get("org") or a.get("org") != b.get("org"):
        return False
    return all(a.get(key) is None or b.get(key) is None or a[key] == b[key] for key in ("ordinal", "place"))


def may_be_same_summit(a: dict, b: dict) -> bool:
    """No organization, ordinal or place that differ, and one of organization
    or place stated alike ("the Baku summit" and "the VIII CICA Summit … in Baku")."""
    if any(a.get(key) is not None and b.get(key) is not None and a[key] != b[key] for key in ("org", "ordinal", "place")):
        return False
    return any(a.get(key) is not None and a.get(key) == b.get(key) for key in ("org", "place"))


MIN_NAMED_SUMMIT_WORDS = 3


def summit_named_in_title(document: Mention, mentions: Sequence[Mention], summit_ids: Sequence[int]) -> Optional[int]:
    """The summit a title names ("the Joint Statement of the First Russia –
    Central Asia Summit"): the nearest mention, before it else after, that
    the title holds word for word; a name of a few words ("SCO summit") is
    not enough."""
    title = " " + " ".join(document.text.lower().split()) + " "
    held = [
        j for j in summit_ids
        if len(mentions[j].text.split()) >= MIN_NAMED_SUMMIT_WORDS and " " + " ".join(mentions[j].text.lower().split()) + " " in title
    ]
    before = [j for j in held if mentions[j].start < document.start]
    after = [j for j in held if mentions[j].start > document.start]
    return before[-1] if before else after[0] if after else None


def continued_from(i: int, mentions: Sequence[Mention], document_ids: Sequence[int], same_paragraph: Callable[[int, int], bool]) -> Optional[int]:
    """The summit of the texts adopted just before document i in its
    paragraph, with no other summit named between ("… adopted decisions on
    …. They also approved the Regulations on …"), or None."""
    before = [j for j in document_ids if j < i]
    if not before:
        return None
    previous = mentions[before[-1]]
    if previous.summit is None or not same_paragraph(previous.start, mentions[i].start):
        return None
    if any(m.label == "SUMMIT" for m in mentions[before[-1] + 1 : i]):
        return None
    return previous.summit


PREVIOUS_SUMMIT_CHARS = 40  # ", adopted at the previous summit"


def earlier_summit_before(
    document: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], published: Optional[int], published_day: Optional[str]
) -> Optional[int]:
    """The nearest summit named before the document that the text dates
    before the article ("the sixth CICA summit, held in Astana in October
    2022"), where "adopted at the previous summit" points; or the phrase's
    own `summit` when the text makes it a mention ("… at the previous
    summit in June 2018")."""
    for j in index.between("SUMMIT", document.end, document.end + PREVIOUS_SUMMIT_CHARS):
        if mentions[j].first <= document.last + 6:
            return j
    for j in reversed(index.between("SUMMIT", 0, document.start)):
        date = summit_date(j, mentions, index, words, published)
        org, summit_org = document.attrs.get("org"), mentions[j].attrs.get("org")
        if (not org or not summit_org or org == summit_org) and earlier_than_published(date, published, published_day):
            return j  # the previous summit may be called so: no `another_summit` test
    return None


def yet_to_come(
    summit: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], published: Optional[int], published_day: Optional[str]
) -> bool:
    """A summit dated after the article, at this mention or at another of
    the same summit ("the Baku summit" of "the VII CICA Summit … in 2026";
    a mention called the next summit is another one)."""
    if later_than_published(summit.attrs.get("date"), published, published_day):
        return True
    if summit.attrs.get("date"):
        return False
    if offered_to_host(words, summit.first):
        return True  # "He also offered to host the first OIC summit on science in Astana": not held yet
    # The dated mentions it may be; the nearest of them decides ("the first
    # SCO summit hosted by Russia …" after "the 15th summit … on July 9-10",
    # not "the SCO summit in June 2016" of the last paragraph).
    dated = [
        m
        for m in (mentions[k] for k in index.of("SUMMIT"))
        if m is not summit and m.attrs.get("date") and not another_summit(m, words) and may_be_same_summit(summit.attrs, m.attrs)
    ]
    if not dated:
        return False
    nearest = min(dated, key=lambda m: abs(m.start - summit.start))
    return later_than_published(nearest.attrs.get("date"), published, published_day)


def offered_to_host(words: Sequence[str], first: int, reach: int = 5) -> bool:
    """"offered to host the first … summit", "was ready to hold the Tehran
    summit", "proposed to convene a summit": a summit someone offers to hold
    (not one a host "will host … in June", which the text dates)."""
    before = [w.lower() for w in words[max(0, first - reach) : first]]
    return any(a in OFFER_WORDS and b == "to" and c in HOSTING_VERBS for a, b, c in zip(before, before[1:], before[2:]))


OFFER_WORDS = frozenset({"offered", "offers", "proposed", "proposes", "suggested", "suggests", "ready", "readiness", "willingness"})
HOSTING_VERBS = frozenset({"host", "hold", "convene", "organize", "organise"})


def held_in_its_city(document: Mention, mentions: Sequence[Mention], summit_ids: Sequence[int], words: Sequence[str]) -> Optional[int]:
    """The nearest summit, anywhere in the text, held in the city a title is
    named after ("Minsk Declaration" -> "the Minsk summit") or written in
    right after it ("the Declaration in Budapest"), not one called
    the next or a previous one; None when the title names no such city."""
    held = [
        j for j in summit_ids
        if (_named_after(document.text, mentions[j].attrs.get("place")) or _signed_in(document, words, mentions[j].attrs.get("place")))
        and not another_summit(mentions[j], words)
    ]
    return min(held, key=lambda j: abs(mentions[j].start - document.start)) if held else None


def nearest_mention_of(j: int, document: Mention, mentions: Sequence[Mention], summit_ids: Sequence[int], published: Optional[int] = None) -> int:
    """The mention of summit j that a document links to (ANNOTATION.md v2):
    the nearest mention of that summit before the document, else the nearest
    after it. A mention is of that summit when both state its organization
    and its ordinal, place or date alike, and nothing differs ("First CICA
    summit" in the headline, "the first summit of the CICA, held in Almaty"
    in the lead), or the other states only the organization ("it was the
    last CIS summit as head of state"); an undated mention is of the
    article's year ("EAEU summit in Astana" is not "the Astana summit of May
    2014" the lead counts from)."""
    same = [k for k in summit_ids if k == j or _one_event(mentions[j].attrs, mentions[k].attrs, published)]
    before = [k for k in same if mentions[k].start < document.start]
    return before[-1] if before else min(same, key=lambda k: mentions[k].start)


def _one_event(a: dict, b: dict, published: Optional[int] = None) -> bool:
    """One organization stated alike, and an ordinal, place or date too, none differing."""
    year = str(published) if published else None
    if not a.get("org") or a.get("org") != b.get("org") or not may_be_same_summit(a, b) or different_years(a.get("date") or year, b.get("date") or year):
        return False
    if not any(b.get(key) for key in ("ordinal", "place", "date")):
        return True  # "it was the last CIS summit as head of state": a mention that states only the organization
    return any(a.get(key) is not None and a.get(key) == b.get(key) for key in ("ordinal", "place", "date"))


def different_years(a: Optional[str], b: Optional[str]) -> bool:
    """Two ISO dates (or ranges) both stated, of different years."""
    return bool(a and b and a[:4].isdigit() and b[:4].isdigit() and a[:4] != b[:4])
