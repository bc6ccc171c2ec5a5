"""Token tests a title's edges depend on: a date that dates the text, a
year range, a coordinated `on …` complement, listed resolution numbers.
Plain functions over token texts, used by `titles.TitleGrammar` and the
DOCUMENT candidates; tested through `tests/test_titles.py`.
"""

from __future__ import annotations

from typing import Collection, Optional, Sequence

from .words import ARTICLES, CLOSING_QUOTES, OPENING_QUOTES, is_headline, is_lower, is_year, shape

MAX_QUOTED_TOKENS = 25
AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "been", "is", "are", "be", "being"})

RESOLUTION_NUMBER_SHAPES = frozenset({"dddd", "ddd", "dd", "dd/d", "dd/dd", "dd/ddd", "ddd/d"})

COORDINATORS = ((",", "as", "well", "as"), ("as", "well", "as"), (",", "and"), ("and",), (",",))

# Texts that run for a period and are carried out ("a programme of cooperation on … for 2029-2033", "an action plan
# for its implementation"); "the decision of France to suspend its tests for 1992" is an act, not a text.
PERIOD_BOUND_TYPES = frozenset({"programme", "plan", "strategy", "concept", "roadmap"})

def coordinated_on(words: Sequence[str], j: int) -> Optional[int]:
    """Where `on` starts a coordinated complement at token j ("…, on B",
    "… and on C", "… as well as on D"), or None."""
    for joint in COORDINATORS:
        k = j + len(joint)
        if k < len(words) and words[k].lower() == "on" and tuple(w.lower() for w in words[j:k]) == joint:
            return k
    return None


PARTY_WORDS = ("one", "first", "other", "second")
MAX_PARTY_TOKENS = 20


def party_formula_end(words: Sequence[str], j: int) -> Optional[int]:
    """End of the treaty formula that names the parties, when the comma at
    token j opens it: "Agreement between A, of the one part, and B, of the
    other part". The formula belongs to the title; without its second part
    it is not the formula, and the title ends at the comma as usual."""
    if not _party_at(words, j):
        return None
    for k in range(j + 5, min(len(words), j + 5 + MAX_PARTY_TOKENS)):
        if words[k] in {".", ";", "\n"} or words[k].isspace():
            return None
        if _party_at(words, k) and words[k + 3].lower() in PARTY_WORDS[2:]:
            return k + 5
    return None


def _party_at(words: Sequence[str], j: int) -> bool:
    """", of the one part" / ", of the other part" at token j."""
    piece = [w.lower() for w in words[j : j + 5]]
    return len(piece) == 5 and piece[:3] == [",", "of", "the"] and piece[3] in PARTY_WORDS and piece[4] == "part"


def joins_a_party(words: Sequence[str], title_start: int, j: int) -> bool:
    """"between the Eurasian Economic Union and its Member States": in the
    `between` complement of a title, `and its`/`and their` before a
    capitalized name joins a second party rather than ending the title."""
    return (
        j + 2 < len(words)
        and words[j].lower() == "and"
        and words[j + 1].lower() in {"its", "their"}
        and not is_lower(words[j + 2])
        and any(w.lower() == "between" for w in words[title_start:j])
    )


FOUNDING_LEADS = (
    ("establishment", "of"),
    ("creation", "of"),
    ("founding", "of"),
    ("establishing",),
)
FOUNDING_HEADS = frozenset({"treaty", "agreement"})
# Before the founding head, these make it a complement of another text's title.
FOUNDING_COMPLEMENT_WORDS = frozenset({"on", "of", "to", "with"})


def founds_the_org(words: Sequence[str], first: int, org_start: int, org_end: int, last: int) -> bool:
    """A treaty or agreement whose complement is the organization it creates:
    "Treaty on the Eurasian Economic Union", "Agreement on the Establishment
    of the International Organization for …", "Agreement Establishing the …".
    That organization did not adopt it, so it is not the document's `org`."""
    if org_end != last:
        return False
    before = [w.lower() for w in words[first:org_start]]
    heads = [k for k, w in enumerate(before) if w in FOUNDING_HEADS]
    if not heads:
        return False  # "Declaration on the Establishment of the SCO" is the SCO's own
    if FOUNDING_COMPLEMENT_WORDS.intersection(before[: heads[-1]]):
        return False  # "Treaty on the Accession of Armenia to the Treaty on the EAEU": the founding treaty is the complement
    if before[-1:] == ["the"]:
        before = before[:-1]
    if any(tuple(before[-len(lead) :]) == lead for lead in FOUNDING_LEADS):
        return True
    return len(before) >= 2 and before[-1] == "on" and before[-2] in FOUNDING_HEADS


def period_complement(words: Sequence[str], end: int) -> bool:
    """`until 2035`, `for 2025-2027`, `for the period 2021-2030` right after a
    head: a text bounded by its period, one particular instrument."""
    if end >= len(words) or words[end].lower() not in {"until", "for"}:
        return False
    k = end + 1
    if [w.lower() for w in words[k : k + 2]] == ["the", "period"]:
        k += 2
    return k < len(words) and is_year(words[k])


def dates_the_text(words: Sequence[str], j: int, date_starts: Collection[int]) -> bool:
    """`of 2002`, `of 12 February 2015`, `on 4 July`: a date after a title
    dates the text; `in 2024-2026` is a period, which belongs to the title
    ("decision on the chairmanship in 2024-2026"): a text is adopted on a day."""
    if words[j].lower() not in {"of", "in", "on"} or j + 1 >= len(words):
        return False
    if words[j].lower() == "in" and year_range_at(words, j + 1):
        return False
    return is_year(words[j + 1]) or j + 1 in date_starts


def year_range_at(words: Sequence[str], k: int) -> bool:
    """"2024-2026" as one token, or "2024 – 2026"."""
    first, _, last = words[k].replace("–", "-").partition("-")
    if is_year(first) and last.isdigit() and len(last) in (2, 4):
        return True
    return is_year(words[k]) and k + 2 < len(words) and words[k + 1] in {"-", "–"} and is_year(words[k + 2])


def listed_numbers(words: Sequence[str], i: int) -> list[tuple[int, int]]:
    """"resolutions 822 (1993), 853 (1993) and 884 (1993)": the later numbers,
    each with its bracketed year, are resolutions too."""
    items = []
    n = len(words)
    while i < n:
        j = i
        while j < n and words[j].lower() in {",", "and"}:
            j += 1
        if j == i or j >= n or shape(words[j]) not in RESOLUTION_NUMBER_SHAPES:
            break
        end = j + 1
        if end + 2 < n and words[end] == "(" and is_year(words[end + 1]) and words[end + 2] == ")":
            end += 3
        items.append((j, end))
        i = end
    return items


def has_name_word(words: Sequence[str]) -> bool:
    """A capitalized word or a year: what makes "… Declaration" a title
    (a name with an apostrophe, "Xi'an", is a word too)."""
    return any(w.replace("'", "").replace("’", "").isalpha() and not is_lower(w) for w in words) or any(is_year(w) for w in words)


def and_the_lower_word(words: Sequence[str], j: int) -> bool:
    """"… for Central Asia and the budget": `and` at token j + article + a
    lower-case word after a capitalized title starts another noun phrase."""
    return (
        j + 2 < len(words)
        and words[j + 1].lower() in {"the", "a", "an"}
        and is_lower(words[j + 2])
        and words[j + 2].isalpha()
        and not is_lower(words[j - 1])
    )


def bracketed_acronym_at(words: Sequence[str], j: int, complement_preps: Collection[str]) -> bool:
    """"(ACRONYM)" at token j with the title's complement going on after it
    ("… Turkic Culture (TURKSOY) on joint cultural projects")."""
    return (
        j + 3 < len(words)
        and words[j + 2] == ")"
        and words[j + 1][:1].isupper()
        and sum(c.isupper() for c in words[j + 1]) >= 2
        and words[j + 3].lower() in complement_preps
    )


def quoted_titles(
    words: Sequence[str],
    breaks: Collection[int],
    intro_words: Collection[str],
    adoption_verbs: Collection[str],
    positions: Optional[Sequence[int]] = None,
) -> list[tuple[int, int]]:
    """Titles written wholly in quotes, spanned without them: after a word
    that introduces one ("the document “…”", "entitled “…”") or adopted
    right after ("“Turkic Vision 2040” has been approved")."""
    found = []
    n = len(words)
    for k in range(n) if positions is None else positions:
        if words[k] not in OPENING_QUOTES:
            continue
        close = next((m for m in range(k + 1, min(n, k + MAX_QUOTED_TOKENS)) if words[m] in CLOSING_QUOTES or m in breaks), None)
        if close is None or close in breaks or close == k + 1:
            continue
        before = k - 1
        while before >= 0 and words[before] == ",":
            before -= 1
        introduced = before >= 0 and words[before].lower() in intro_words
        j = close + 1
        while j < n and j - close <= 3 and words[j].lower() in AUXILIARIES:
            j += 1
        adopted = j < n and words[j].lower() in adoption_verbs
        if introduced or adopted:
            found.append((k + 1, close))
    return found


def adopted_right_after(words: Sequence[str], end: int, adoption_verbs: Collection[str]) -> bool:
    """A passive adoption right after a title that ends at token `end`: "The
    decision on … was adopted by …", "the Initiative on …, endorsed by the
    ministers"; not one that has not happened ("could be signed")."""
    k = end
    if k < len(words) and words[k] == ",":
        k += 1
    while k < len(words) and k - end < 4 and (words[k].lower() in AUXILIARIES or words[k].lower() == "also"):
        k += 1
    return k < len(words) and words[k].lower() in adoption_verbs and words[k].lower().endswith("ed")


def headline_end(words: Sequence[str], breaks: Collection[int]) -> int:
    """Where a page's headline (`words.is_headline`) ends: its first line; 0 when the first line is none."""
    end = min((b for b in breaks if b > 0), default=len(words))
    return end if is_headline(" ".join(w for w in words[:end] if not w.isspace())) else 0


def headline_subject_start(
    words: Sequence[str], head: int, adoption_verbs: Collection[str], skip: Collection[str], reach: int = 5
) -> Optional[int]:
    """A headline names a text by its subject in lower case ("sign
    e-commerce agreement, interregional programme in Minsk", "adopts
    declaration and new basin programme"): where the subject words before
    the singular `head` start, when a verb before it adopts it, directly or
    through `,`/`and` after another adopted text; None for a bare kind
    ("declaration") or a kind with only a generic word (`skip`: "joint
    statement", "new programme")."""
    start = head
    while start > 0 and head - start < reach:
        word = words[start - 1]
        if not is_lower(word) or not (word.isalpha() or "-" in word) or word.lower() in skip or word.lower() in adoption_verbs:
            break
        start -= 1
    if start == head:
        return None
    k = start - 1
    while k >= 0 and words[k].lower() in skip:
        k -= 1  # "new basin programme": `new` stays outside
    if k < 0:
        return None
    if words[k].lower() in adoption_verbs:
        return start
    if words[k] == "," or words[k].lower() == "and":
        return start if any(w.lower() in adoption_verbs for w in words[:k]) else None
    return None


QUOTED_TITLE_LEADS = frozenset({"entitled", "titled", "called", ","})


def quoted_title_kind(words: Sequence[str], first: int, types: dict[str, str]) -> Optional[str]:
    """The kind a title written wholly in quotes takes from the word before
    them: 'the initiative "On World Unity …"', 'resolution 67/104 entitled
    "Promotion of …"' (past `entitled` and the text's number); else None."""
    k = first - 1
    if k < 0 or words[k] not in OPENING_QUOTES:
        return None
    k -= 1
    while k >= 0 and words[k].lower() in QUOTED_TITLE_LEADS:
        k -= 1
    if k >= 0 and any(c.isdigit() for c in words[k]) and not words[k].isalpha():
        k -= 1  # "resolution 67/104 entitled"
    if k < 0 or words[k] == "agenda":
        return None  # "an item on our agenda, entitled …": a session's agenda is no text
    return types.get(words[k].lower())


def with_something_else(words: Sequence[str], j: int) -> bool:
    """"… Convention with a legally binding protocol": `with a` adds another
    thing to the title ("Agreement with the Republic of …" names a party)."""
    return words[j].lower() == "with" and j + 1 < len(words) and words[j + 1].lower() in {"a", "an"}


def and_a_verb(words: Sequence[str], j: int, types: Collection[str]) -> bool:
    """"… and to hold a forum", "… for 2024-2026 and called on the Fund …":
    `and` then an infinitive or a past-tense verb starts another clause."""
    following = words[j + 1] if j + 1 < len(words) else ""
    return following == "to" or (is_lower(following) and following.endswith("ed") and following not in types)


PARTY_DASHES = frozenset({"–", "-", "—"})


def two_party_name_start(words: Sequence[str], start: int, reach: int = 6) -> Optional[int]:
    """"an India – Central Asia roadmap on …": two names joined by a dash,
    right after a determiner and before a lower-case title, are its modifier;
    where they start, or None."""
    k, dash = start - 1, False
    while k >= 0 and start - k <= reach and (words[k] in PARTY_DASHES or words[k][:1].isupper()):
        dash = dash or words[k] in PARTY_DASHES
        k -= 1
    if not dash or k < 0 or k == start - 1 or words[k].lower() not in ARTICLES:
        return None
    return k + 1 if words[k + 1] not in PARTY_DASHES and words[start - 1] not in PARTY_DASHES else None


def opens_a_period(words: Sequence[str], j: int) -> bool:
    """Token j follows `for`/`until`, or `for the period`."""
    before = [w.lower() for w in words[max(0, j - 3) : j]]
    return before[-1:] in (["for"], ["until"]) or before in (["for", "the", "period"], ["until", "the", "period"])


def period_end_at(words: Sequence[str], j: int) -> Optional[int]:
    """End of the year or range of years at token j ("2029-2033" as one token, "2029 – 2033", "1991 to 2000")."""
    if j + 2 < len(words) and is_year(words[j]) and words[j + 1].lower() in {"-", "–", "—", "to", "through"} and is_year(words[j + 2]):
        return j + 3
    if year_range_at(words, j) or is_year(words[j]):
        return j + 1
    return None


def joined_titles(words: Sequence[str], end: int, start: int) -> bool:
    """Whether the words between a title ending at `end` and one starting at
    `start` only join them ("the Algiers Declaration and Programme of
    Action", "…, as well as the …"): one clause adopts both."""
    return all(w.lower() in TITLE_JOINERS for w in words[end:start])


TITLE_JOINERS = frozenset({"and", "or", ",", "as", "well", "the", "a", "an", "its", "their"})
