"""Where a summit's date comes from in its sentence (ANNOTATION.md, SUMMIT
`date`): the nearest date that is the summit's own, not a period, another
meeting's, a person's, or one past a change of topic."""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from .adoption import dates_the_writing
from .dates import longer_than_a_meeting
from .layout import Layout
from .mention import Mention, MentionIndex, char_distance
from .summit_links import may_be_same_summit
from .titles import MEETING_NOUNS
from .vocab import listed
from .words import ARTICLES

# A date after these words is a limit, not the day of the summit ("until 2040").
NOT_THE_DAY = frozenset({"since", "until", "till", "by", "before", "through"})

# A date in a clause these words open after the summit dates that clause's event.
# "…, after the one held in the Kyrgyz capital in August 2007": so does one
# after `after`, which dates an earlier event.
CLAUSE_LIMITS = (NOT_THE_DAY - {"by", "through"}) | {"after"}
MAIN_CLAUSE_VERBS = listed("MAIN_CLAUSE_VERBS")

# "CIS summit in Dushanbe: … chairmanship in 2026": past a colon or a
# semicolon the sentence is about something else.
TOPIC_BREAKS = frozenset({":", ";"})


def _across_a_break(words: Sequence[str], summit: Mention, date: Mention) -> bool:
    lo, hi = (summit.last, date.first) if date.first >= summit.last else (date.last, summit.first)
    return any(w in TOPIC_BREAKS for w in words[lo:hi])


PERSON_RELATIVES = frozenset({"who", "whose", "whom"})
CLAUSE_RELATIVES = PERSON_RELATIVES | {"which"}
SUMMIT_PREMOD_WORDS = listed("SUMMIT_PREMOD_WORDS")


def _about_a_person(words: Sequence[str], summit: Mention, date: Mention) -> bool:
    """"For Pashinyan, who came to power in May, it was the first CIS summit":
    a date in a `, who …` clause that the summit is not in dates that person;
    so does a `, which …` clause about another noun ("Tajikistan, which is to
    chair the Conference from 2018, offered to host the fifth CICA summit"),
    not one after the summit, which may be about it ("the summit, which took
    place on 5 July")."""
    for k in range(date.first - 1, max(-1, date.first - 12), -1):
        if words[k] in {",", ".", ";", ":"}:
            relative = k + 1 < len(words) and words[k + 1].lower()
            if relative == "which" and summit.first < date.first:
                return False  # "the first C5+1 summit at the level of heads of state, which could take place in September"
            return relative in CLAUSE_RELATIVES and not (k < summit.first < date.first)
    return False


def _dates_a_text(words: Sequence[str], mentions: Sequence[Mention], index: MentionIndex, date: Mention) -> bool:
    """"… reaffirmed the principles of the Helsinki Final Act of 1975": the
    date a title's `of` takes is the text's."""
    if date.first < 2 or words[date.first - 1].lower() != "of":
        return False
    return any(mentions[j].last == date.first - 1 for j in index.between("DOCUMENT", max(0, date.start - 400), date.start))


def in_a_limiting_clause(words: Sequence[str], summit_end: int, date_start: int, predicate: bool = False) -> bool:
    """"The New Delhi summit was the first hosted by India since it joined
    the SCO in 2017": a date after the summit, in a since- or until-clause,
    dates that clause's event. "The first summit since the pandemic was held
    on 5 July": the main verb closes that clause first, unless the summit is
    the predicate of a main verb before it (`predicate`: "It was the first CIS
    summit since Georgia's withdrawal took effect in August")."""
    for k in range(date_start - 1, summit_end - 1, -1):
        word = words[k].lower()
        participle = word in PASSIVE_PARTICIPLES and not (k > 0 and words[k - 1].lower() in MAIN_CLAUSE_VERBS)  # "the one held in …"
        if word in {",", ";", ":", "."} or (word in MAIN_CLAUSE_VERBS and not participle and not predicate):
            return False
        if word in CLAUSE_LIMITS:
            return True
    return False


PASSIVE_PARTICIPLES = frozenset({"held", "convened"})  # a main verb only after "was", "has been" …
COPULAS = frozenset({"was", "is", "became", "becomes", "remains", "remained"})


def a_predicate(words: Sequence[str], first: int) -> bool:
    """"It was the first CIS summit …": the summit follows its main verb."""
    return first >= 2 and words[first - 1].lower() in ARTICLES and words[first - 2].lower() in COPULAS


def _dates_another_meeting(words: Sequence[str], summit: Mention, date: Mention) -> bool:
    """"… at the summit, as at the 2021 jubilee meeting": a date that
    premodifies a meeting noun outside the summit dates that meeting; so does
    one that follows a meeting named by its city ("the Astana summit
    completed the chairmanship, which began at the Minsk session in November
    2017")."""
    k = date.last
    while k < min(len(words), date.last + 3) and words[k].lower() in SUMMIT_PREMOD_WORDS:
        k += 1
    if k < len(words) and words[k].lower() in MEETING_NOUNS and not summit.first <= k < summit.last:
        return True
    return _after_a_named_meeting(words, summit, date.first)


SEQUENCE_VERBS = frozenset({"preceded", "followed"})


def _preceded_or_followed(words: Sequence[str], first: int) -> bool:
    """"The Chisinau summit was preceded on 8 October by a session of the
    heads of government": the date of the event before or after it."""
    before = [w.lower() for w in words[max(0, first - 2) : first]]
    return bool(before) and (before[-1] in SEQUENCE_VERBS or (len(before) == 2 and before[0] in SEQUENCE_VERBS and before[1] in {"on", "in"}))


def _after_a_named_meeting(words: Sequence[str], summit: Mention, date_first: int) -> bool:
    noun = date_first - 2
    if noun < 1 or words[date_first - 1].lower() not in {"in", "on"} or words[noun].lower() not in MEETING_NOUNS:
        return False
    name = words[noun - 1]
    return not summit.first <= noun < summit.last and name[:1].isupper() and name.lower() not in {"the", "a", "this", "that"}


def summit_date(
    i: int,
    mentions: Sequence[Mention],
    index: MentionIndex,
    layout: Layout,
    words: Sequence[str] = (),
    elsewhere: Callable[[Mention], bool] = lambda date: False,
    own_attrs: Optional[dict] = None,
    named: bool = False,
    counted_from: bool = False,
) -> Optional[str]:
    """The date of summit i from its sentence: the nearest date, no period
    longer than a meeting, not nearer to another summit, not across a colon,
    not `since …`, and not one that `elsewhere` says dates an event in another place ("Ten days after the
    summit in Astana, he took part in a meeting held in Minsk on 27 June")."""
    summit = mentions[i]
    own_attrs = own_attrs if own_attrs is not None else summit.attrs

    def since(j: int) -> bool:
        first = mentions[j].first
        return bool(words) and first > 0 and words[first - 1].lower() in NOT_THE_DAY

    for j in index.between("DATE", summit.start, summit.end):
        if mentions[j].norm:
            return mentions[j].norm
    sentence = layout.sentence_of(summit.start)
    before, after = (
        mentions[j] if j is not None and sentence[0] <= mentions[j].start < sentence[1] else None
        for j in index.neighbours(i)
    )
    # A date beyond the neighbouring summits of the sentence is nearer to them.
    lo = before.start if before else sentence[0]
    hi = after.end if after else sentence[1]
    best: Optional[tuple[int, str]] = None
    for j in index.between("DATE", lo, min(hi, sentence[1])):
        date = mentions[j]
        if (
            not date.norm
            or since(j)
            or _across_a_break(words, summit, date)
            or elsewhere(date)
            or _about_a_person(words, summit, date)
            or (bool(words) and _dates_a_text(words, mentions, index, date))
            or longer_than_a_meeting(date.norm)
            or _dates_another_meeting(words, summit, date)
            or (bool(words) and _preceded_or_followed(words, date.first))
            or (bool(words) and in_a_limiting_clause(words, summit.last, date.first, a_predicate(words, summit.first)))
            or dates_the_writing(layout, date.start)
        ):
            continue
        distance = char_distance(date, summit)
        if any(other is not None and char_distance(date, other) < distance for other in (before, after)):
            continue  # that date belongs to another summit of the sentence
        if best is None or distance < best[0]:
            best = (distance, date.norm)
    if best:
        return best[1]
    if counted_from and before is not None:
        return None  # "The Taraz summit was the first gathering since the Osh summit": not the Taraz summit's days
    paragraph = layout.paragraph_bounds(summit.start)
    # "The 10th Summit … took place on 3 November. It was the first summit
    # hosted by Kazakhstan since 2015": the summit named before it, again.
    for k in reversed(index.between("SUMMIT", paragraph[0], summit.start) if not named else ()):
        bare = not any(own_attrs.get(key) for key in ("org", "place", "ordinal"))
        if mentions[k].attrs.get("date") and (bare or may_be_same_summit(own_attrs, mentions[k].attrs)):
            return mentions[k].attrs["date"]
    if index.between("DATE", *sentence):
        return None  # "… since 2013", "… who was sworn in on 12 June. It was the first SCO summit …"
    j = index.last_before("DATE", summit.start, paragraph[0])
    if j is None or _dates_a_summit_elsewhere(mentions, index, layout, mentions[j], own_attrs.get("place")):
        return None  # "… the founding summit in Shanghai in June 2001. The Tashkent summit changed that"
    return mentions[j].norm


def _dates_a_summit_elsewhere(mentions: Sequence[Mention], index: MentionIndex, layout: Layout, date: Mention, place: Optional[str]) -> bool:
    """A date whose sentence names a summit held in another place than `place`."""
    others = (mentions[k].attrs.get("place") for k in index.between("SUMMIT", *layout.sentence_of(date.start)))
    return place is not None and any(other is not None and other != place for other in others)
