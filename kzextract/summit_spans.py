"""Where a summit phrase starts and ends: plain functions over token texts.

A summit is named by its head, `summit`, with what is written around it
(ANNOTATION.md, SUMMIT; v2): the organization or body that meets
("24th summit of the Council of Heads of State of the SCO", "summit of the
heads of state of the Caspian littoral states", "jubilee summit of the heads
of state — founders of …"), an organization written in full with its acronym
before it ("Organization of Turkic States (OTS) summit"), and a named
summit's own complement ("World Summit on the Information Society",
"Summit for Democracy", "Summit of the Future"). Trailing place and date
phrases ("in Astana", "on 4 July") stay outside. Tested table-driven in
`tests/test_summits.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Mapping, Optional, Sequence

from .names import DASHES, MEMBER_SUFFIXES
from .words import bracketed_word_at, is_lower, is_punct

WHO_MEETS = (
    ("heads", "of", "state", "and", "government"),
    ("heads", "of", "state"),
    ("heads", "of", "government"),
    ("leaders",),
    ("heads",),  # "summit of the heads of the founding states of IFAS"
)
NAMED_COMPLEMENTS = frozenset({"on", "for", "of"})


@dataclass(frozen=True)
class SummitGrammar:
    apposition: frozenset[str]  # "founders", "members" …
    # End of a title-like complement starting at a token ("on the Information
    # Society"), given the date starts and paragraph starts.
    complement_end: Callable[[Sequence[str], int, Collection[int], Collection[int]], int]
    max_name_run: int = 6
    # Ordinals and lower-case pre-modifiers ("second", "10th", "jubilee") that
    # stand before an organization written in full ("second Cooperation
    # Council of Turkic-Speaking States (CCTS) summit").
    is_premodifier: Callable[[str], bool] = lambda word: False
    # Lower-case compounds the view writes as words ("first in-person CSTO
    # summit" reads "in person"), lower-cased token tuples.
    premodifier_phrases: tuple[tuple[str, ...], ...] = ()

    def extend_right(
        self,
        words: Sequence[str],
        end: int,
        orgs_by_start: Mapping[int, int],
        breaks: Collection[int] = frozenset(),
        named: bool = False,
        date_starts: Collection[int] = frozenset(),
    ) -> int:
        """End of a summit phrase whose head ends at `end`. `orgs_by_start`:
        the end of the longest ORG candidate starting at each token; `named`:
        the head is capitalized ("Summit"), so it may carry its own complement."""
        n = len(words)
        met = False  # a who-meets phrase was read: a name of any kind may follow
        while end + 1 < n and end not in breaks and words[end].lower() == "of":
            k = end + 1
            if words[k].lower() == "the":
                k += 1
            if k >= n or k in breaks or k in date_starts:
                break  # "the Istanbul summit of November 1999": its date, not its name
            step = self._who_meets(words, k)
            if step is not None:
                end, met = step, True
                if end < n and words[end] in DASHES and end + 1 < n and words[end + 1].lower() in self.apposition:
                    end += 2  # "heads of state — founders …"
                    if end < n and words[end].lower() != "of":
                        break
                continue
            group_end = _state_group(words, k) if met else None
            if group_end is not None:
                end = group_end  # "heads of state of the founding countries (of IFAS)"
                end = self._other_side(words, end, orgs_by_start, breaks) or end
                continue
            org_end = orgs_by_start.get(k)
            if org_end is None and (met or not is_lower(words[k])):
                org_end = self._name_run(words, k, breaks)
                if org_end == k:
                    org_end = None
            if org_end is None:
                break
            end = self._after_name(words, org_end)
            if met:
                end = self._other_side(words, end, orgs_by_start, breaks) or end
        if named and end < n and end not in breaks:
            # "Extraordinary Summit of the Organization of Turkic States (OTS) on
            # disaster …": a bracketed acronym ends the name, complement or not.
            start = end
            if start < n and words[start].lower() in NAMED_COMPLEMENTS:
                complement = self.complement_end(words, start, date_starts, breaks)
                if complement > start:
                    end = complement
        return end

    def extend_left(self, words: Sequence[str], start: int, orgs_by_end: Mapping[int, int]) -> int:
        """Start of a summit phrase whose pre-modifiers start at `start`: an
        organization written in full with its acronym before it ("Organization
        of Turkic States (OTS) summit"), a lower-case "heads of state", and a
        lower-case compound with the ordinals before it ("first in-person")."""
        i = start
        phrase = next((p for p in self.premodifier_phrases if i >= len(p) and tuple(w.lower() for w in words[i - len(p) : i]) == p), None)
        if phrase is not None:
            i -= len(phrase)
            while i > 0 and self.is_premodifier(words[i - 1]):
                i -= 1
            return i  # "first in-person CSTO summit"
        for group in WHO_MEETS:
            if i >= len(group) and tuple(w.lower() for w in words[i - len(group) : i]) == group:
                i -= len(group)
                break
        if i >= 3 and _acronym_at(words, i - 3):
            i -= 3
        org_start = orgs_by_end.get(i)
        if org_start is None or org_start >= start:
            return start
        while org_start > 0 and self.is_premodifier(words[org_start - 1]):
            org_start -= 1
        return org_start

    def _who_meets(self, words: Sequence[str], k: int) -> Optional[int]:
        """End of "(Council of (the))? heads of state (and government)" at k."""
        j = k
        if words[j].lower() == "council" and j + 1 < len(words) and words[j + 1].lower() == "of":
            j += 2
            if j < len(words) and words[j].lower() == "the":
                j += 1
        for group in WHO_MEETS:
            if tuple(w.lower() for w in words[j : j + len(group)]) == group:
                return j + len(group)
        return None

    def _other_side(self, words: Sequence[str], end: int, orgs_by_start: Mapping[int, int], breaks: Collection[int]) -> Optional[int]:
        """End of the second party of a two-sided format after the first one
        ends at `end`: "… of Central Asia and the Gulf Cooperation Council",
        "… of Central Asia and the Federal Chancellor of Germany"; else None."""
        if end >= len(words) or end in breaks or words[end].lower() != "and":
            return None
        k = end + 2 if end + 1 < len(words) and words[end + 1].lower() == "the" else end + 1
        if k in orgs_by_start:
            return self._after_name(words, orgs_by_start[k])
        title_end = self._name_run(words, k, breaks)
        if title_end == k or title_end - k > MAX_TITLE_WORDS or title_end + 1 >= len(words) or words[title_end].lower() != "of":
            return None
        name_end = self._name_run(words, title_end + 1, breaks)
        return name_end if name_end > title_end + 1 else None

    def _name_run(self, words: Sequence[str], k: int, breaks: Collection[int]) -> int:
        end = k
        while end < len(words) and end - k < self.max_name_run and (end == k or end not in breaks):
            word = words[end]
            if is_lower(word) or is_punct(word) or word.isdigit():
                break
            end += 1
        return end

    def _after_name(self, words: Sequence[str], end: int) -> int:
        """A member suffix or `format` after a name ("… (SCO) member states",
        "… of the C5+1 format"), with the acronym in brackets before it."""
        after = end + 3 if _acronym_at(words, end) else end
        for suffix in MEMBER_SUFFIXES:
            if tuple(w.lower() for w in words[after : after + len(suffix)]) == suffix:
                return after + len(suffix)
        if after < len(words) and words[after].lower() == "format":
            return after + 1  # "the first summit of the C5+1 format"
        return end


def joins_two_sides(phrase: Sequence[str]) -> bool:
    """A summit phrase whose who-meets part names two sides ("summit of the
    heads of state of Central Asia and the Gulf Cooperation Council"): held
    by no one organization."""
    lower = [w.lower() for w in phrase]
    for k in range(len(lower)):
        group = next((g for g in WHO_MEETS if tuple(lower[k : k + len(g)]) == g), None)
        if group is None:
            continue
        rest = range(k + len(group), len(phrase) - 1)
        # "and the …" opens the second side; "Drought and Development" is one name
        return any(lower[j] == "and" and lower[j + 1] == "the" and not is_lower(phrase[j - 1]) and j + 2 < len(phrase) and not is_lower(phrase[j + 2]) for j in rest)
    return False


STATE_GROUP_NOUNS = frozenset({"states", "countries"})
MAX_TITLE_WORDS = 3  # "the Federal Chancellor of Germany", "the President of the United States"
MAX_STATE_GROUP_TOKENS = 5


def _state_group(words: Sequence[str], k: int) -> Optional[int]:
    """End of "founding countries", "Caspian littoral states", "Turkic-speaking
    states" (the view joins a hyphenated compound's words) at k: up to five
    words, the last of them `states` or `countries`."""
    for end in range(k + 1, min(k + MAX_STATE_GROUP_TOKENS, len(words)) + 1):
        if not words[end - 1].isalpha():
            return None
        if end - k >= 2 and words[end - 1] in STATE_GROUP_NOUNS:
            return end
    return None


def _acronym_at(words: Sequence[str], i: int) -> bool:
    """"(OTS)" at token i."""
    return bracketed_word_at(words, i) and words[i + 1].isupper()
