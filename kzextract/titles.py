"""Where a document title ends: plain functions over token texts.

A title found by its head word ("Declaration", "Charter", …) runs on
through its `on …`/`of …`/`for …`/`until …` complement; these functions
decide where that complement stops. Tested table-driven in
`tests/test_titles.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Optional, Sequence

from .gazetteer import CityGazetteer
from .vocab import listed
from .title_lists import FUNCTION_WORDS, comma_inside_list
from .title_tokens import PERIOD_BOUND_TYPES, opens_a_period, period_end_at, COORDINATORS, MAX_QUOTED_TOKENS, and_a_verb, two_party_name_start, and_the_lower_word, bracketed_acronym_at, coordinated_on, dates_the_text, joins_a_party, party_formula_end, with_something_else
from .words import CLAUSE_END, CLOSING_QUOTES, OPENING_QUOTES, is_lower, is_punct, is_year, shape

MAX_COMPLEMENT_TOKENS = 45
MAX_CONJUNCTS = 8
# "a draft ministerial declaration": these bound a title's modifiers as a determiner does.
DETERMINER_LIKE = frozenset({"draft", "updated", "new"})
# "… Rules of Procedure for adoption at the next meeting": what is to be done with the text, not its title.
PURPOSE_NOUNS = frozenset({"adoption", "approval", "signing", "signature", "consideration", "ratification"})
TIME_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "decade", "decades", "day", "days", "time"})
# A lower-case word followed by one of these is read as a finite verb ("… the
# Paris Agreement remains the basis"): the title ended before it.
# "the Protocol … relating to …", "the Concluding Document of the Madrid meeting after …": -ing words that are no verb of the clause
ING_NOT_VERBS = frozenset({"relating", "concerning", "regarding", "pertaining", "governing", "meeting", "building", "funding", "financing", "training", "understanding", "planning", "beginning", "spending", "belonging", "finding", "making", "keeping", "peacekeeping", "peacebuilding", "being", "setting", "housing", "sitting"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "no", "up", "out"})
ORDINAL_SHAPES = listed("ORDINAL_SHAPES")
OTHER_MEETING_WORDS, MEETING_NOUNS = listed("OTHER_MEETING_WORDS"), listed("MEETING_NOUNS")


@dataclass(frozen=True)
class TitleGrammar:
    complement_preps: frozenset[str]
    stopwords: frozenset[str]
    types: Mapping[str, str]  # head word (lower case) -> document type
    cities: CityGazetteer
    adoption_verbs: frozenset[str] = frozenset()
    by_heads: frozenset[str] = frozenset()  # "Statement by …", "Declaration by …"
    modifier_stopwords: frozenset[str] = frozenset()  # "a new plan", "the corresponding plan"
    prepositions: frozenset[str] = frozenset()  # never a finite verb
    relative_words: frozenset[str] = frozenset()  # "last year", "next month" end a title
    topic_heads: frozenset[str] = frozenset()  # "the regulation of armaments": a topic as often as a text
    sending_verbs: frozenset[str] = frozenset()  # "submit the programme to the Board": `to` is where it goes
    role_nouns: frozenset[str] = frozenset()  # "the election of A as President of B": `as` goes on

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, Sequence[str]], types: Mapping[str, str], cities: CityGazetteer) -> "TitleGrammar":
        return cls(
            complement_preps=frozenset(lexicons["TITLE_COMPLEMENT_PREPS"]),
            stopwords=frozenset(lexicons["TITLE_STOPWORDS"]),
            types=types,
            cities=cities,
            adoption_verbs=frozenset(lexicons["TEXT_ADOPTION_VERBS"]),
            by_heads=frozenset(lexicons["TITLE_BY_HEADS"]),
            modifier_stopwords=frozenset(lexicons["TITLE_MODIFIER_STOPWORDS"]),
            prepositions=frozenset(lexicons["PREPOSITIONS"]),
            relative_words=frozenset(lexicons["RELATIVE_YEAR_WORDS"]),
            topic_heads=frozenset(lexicons["TOPIC_NOUN_HEADS"]),
            sending_verbs=frozenset(lexicons["SENDING_VERBS"]),
            role_nouns=frozenset(lexicons["TITLE_ROLE_NOUNS"]),
        )

    def extend(
        self,
        words: Sequence[str],
        end: int,
        date_starts: Collection[int] = frozenset(),
        breaks: Collection[int] = frozenset(),
        head: Optional[str] = None,
    ) -> int:
        """End of the complement of a title whose head ends at token `end`
        (or is `head`, for a coordinated complement); it stops before `of
        <date>`/`in <place>`, which date or place the text, and at a
        paragraph start (`breaks`)."""
        n = len(words)
        if end < n and end not in breaks and is_year(words[end]) and not is_lower(words[end - 1]) and words[end - 1].lower() in self.types:
            return end + 1  # "OIC … Agenda 2026", "Strategy 2050": the year names the text
        if end + 1 < n and words[end] == "-" and words[end + 1].isdigit() and len(words[end + 1]) <= 2 and not is_lower(words[end - 1]) and words[end - 1].lower() in self.types:
            return end + 2  # "Aral Sea Basin Programme-4" (TOKENIZER_INFIXES split off "-4"): its number names it
        if end >= n or end in breaks or dates_the_text(words, end, date_starts):
            return end
        by = words[end].lower() == "by" and words[end - 1].lower() in self.by_heads
        # "Agreement Establishing the …", "Interim Agreement Leading to …": a title-case participle goes on with the title
        participle = words[end].endswith("ing") and words[end].istitle() and not is_lower(words[end - 1])
        if words[end].lower() not in self.complement_preps and not by and not participle:
            return end
        if words[end].lower() == "to" and end + 2 < n and words[end + 1].lower() in DETERMINERS and (is_lower(words[end + 2]) or self._sent_on(words, end)):
            # "from the 2030 Agenda to a world without …", "submit the draft
            # programme to the Board": a destination, not an infinitive nor the
            # text it adds to ("Optional Protocol to the Covenant", "an appeal to the United Nations")
            return end
        if self._relative_time(words, end) or with_something_else(words, end):
            return end  # "in international law for the first time", "strengthen the Convention with a protocol"
        if self._place_at(words, end):
            return end  # a headline's "sign friendship treaty in Bishkek": where, not what
        sent = self._sent_on(words, end, lowercase_head=False)
        j = end + 1
        last_word = end
        limit = min(n, end + MAX_COMPLEMENT_TOKENS)
        on_complement = words[end].lower() == "on"
        # A decision's `in <year>` is the period it is about, part of its title (ANNOTATION.md v2).
        decision = self.types.get((head or words[end - 1]).lower()) == "decision"
        while j < limit:
            if j in breaks:
                break
            word = words[j]
            lower = word.lower()
            if on_complement and coordinated_on(words, j) is not None:
                break  # "statements on A, on B and on C": one title each
            decision_period = decision and lower == "in"  # "decisions on the OSCE Chairpersonship in 2026"
            if (dates_the_text(words, j, date_starts) and not decision_period) or self._place_at(words, j):
                break  # "the Almaty Act of 2002", "Declaration in Budapest": date and place are not title
            if word == "," and comma_inside_list(words, j, self.stopwords, self.complement_preps):
                j += 1
                continue
            if word == "(" and bracketed_acronym_at(words, j, self.complement_preps):
                j += 3  # "… Turkic Culture (TURKSOY) on joint cultural projects"
                continue
            formula_end = party_formula_end(words, j) if word == "," else None
            if formula_end is not None:
                j = last_word = formula_end  # ", of the one part, and B, of the other part"
                continue
            if joins_a_party(words, end, j):
                j += 2  # "between the Union and its Member States"
                continue
            if word.isspace() or (is_punct(word) and word not in {"-", "–"}) or word in CLAUSE_END:
                break
            if lower == "as" and not is_lower(words[j + 1] if j + 1 < n else "") and any(w.lower() in self.role_nouns for w in words[end:j]):
                j += 1  # "decision on the election of the President of Tajikistan as President of IFAS"
                continue
            infinitive_in_title = not is_lower(word) and words[j - 1].lower() == "to"  # "Programme of Actions to Provide Assistance"
            # "an action plan for its implementation", not "… for their next meeting"
            implementing = lower in {"its", "their"} and words[j - 1].lower() == "for" and self.types.get((head or words[end - 1]).lower()) in PERIOD_BOUND_TYPES and j + 1 < n and is_lower(words[j + 1]) and words[j + 1].endswith(("tion", "ment", "sion"))
            if (lower in self.stopwords and not infinitive_in_title and not implementing) or self._finite_verb(words, j) or self._relative_time(words, j) or self._past_verb_after_name(words, j):
                break
            if with_something_else(words, j):
                break
            if lower == "and" and (self.starts_another_title(words, j + 1) or and_the_lower_word(words, j) or and_a_verb(words, j, self.types)):
                break
            if sent and lower == "to" and j + 2 < n and words[j + 1].lower() in DETERMINERS and not is_lower(words[j + 2]):
                break  # "submit the draft decision on the Year of … in the CIS | to the Council of Heads of State"
            if lower not in FUNCTION_WORDS:
                last_word = j + 1
            period_end = period_end_at(words, j) if is_lower(words[end - 1]) and opens_a_period(words, j) else None
            if period_end is not None and (period_end >= n or words[period_end].lower() not in {"on", "of"}):
                last_word = period_end
                break  # "a plan of measures for 2029-2030 | to carry out …": the period closes a lower-case title, unless its subject follows
            j += 1
        return last_word if last_word > end else end

    def _place_at(self, words: Sequence[str], k: int) -> bool:
        """"in Budapest" at token k: where the text was signed, not its title."""
        return words[k].lower() == "in" and k + 1 < len(words) and self.cities.match_at(words, k + 1) is not None

    def _sent_on(self, words: Sequence[str], end: int, reach: int = 4, lowercase_head: bool = True) -> bool:
        """A (lower-case) head ending at `end` that a verb of sending governs
        ("submit the draft programme | to the Board")."""
        if lowercase_head and not is_lower(words[end - 1]):
            return False
        return any(w.lower() in self.sending_verbs for w in words[max(0, end - 1 - reach) : end - 1])

    def coordinated_complements(
        self,
        words: Sequence[str],
        end: int,
        date_starts: Collection[int] = frozenset(),
        breaks: Collection[int] = frozenset(),
        head: Optional[str] = None,
    ) -> list[tuple[int, int]]:
        """The `on …` complements coordinated after a title that ends at token
        `end` and shares its `head` (ANNOTATION.md v2: "Statements on water
        security, on digital connectivity and on youth policy"; "decisions on
        A, on the Year of Youth in 2025 and on B": a decision's period is in it)."""
        pieces = []
        k = coordinated_on(words, end)
        while k is not None and k not in breaks:
            piece_end = self.extend(words, k, date_starts, breaks, head=head)
            if piece_end == k:
                break
            pieces.append((k, piece_end))
            k = coordinated_on(words, piece_end)
        return pieces

    def _finite_verb(self, words: Sequence[str], j: int) -> bool:
        """"… Declaration on Future Generations make up the package", "… Europe and
        sets the goal": a lower-case word before a determiner, not a gerund or an
        infinitive ("on combating the trade", "plan to implement the concept")."""
        word = words[j]
        if not word.isalpha() or not is_lower(word) or word in FUNCTION_WORDS | self.complement_preps | self.prepositions:
            return False
        if word.endswith("ing") or words[j - 1].lower() == "to" or j + 1 >= len(words):
            return False
        if words[j - 1].lower() in {"the", "a", "an"} and words[j + 1].lower() in {"up", "out"}:
            return False  # after an article it is a noun: "for the period up to 2045"
        return words[j + 1].lower() in DETERMINERS

    def _past_verb_after_name(self, words: Sequence[str], j: int) -> bool:
        """"… Summit on the Information Society reviewed progress", "a joint
        statement on Afghanistan calling for …": a lower-case `-ed` or `-ing`
        word right after a capitalized word of the title is a verb."""
        word, before = words[j], words[j - 1]
        after = words[j + 1].lower() if j + 1 < len(words) else ""
        # "the Turkic-speaking states" (the text view writes the hyphen as a space) is no verb: a verb governs what follows
        governs = word.endswith("ed") or (word not in ING_NOT_VERBS and (after in DETERMINERS or after in self.prepositions or after in self.complement_preps))
        return (
            is_lower(word)
            and word.endswith(("ed", "ing"))
            and governs
            and word not in self.types
            and before.isalpha()
            and not is_lower(before)
            and before.lower() not in FUNCTION_WORDS
        )

    def _relative_time(self, words: Sequence[str], j: int) -> bool:
        """"… on cybercrime last year", "… two years ago", "… for the first
        time", "… for the next summit": a relative time after a title is not in it."""
        following = [w.lower() for w in words[j : j + 4]]
        if following[1:2] and following[1] in TIME_UNITS and following[0] in self.relative_words:
            return True
        if following[2:3] == ["ago"] and following[1] in TIME_UNITS:
            return True  # "two years ago", "18 months ago"
        if following[:2] == ["for", "the"] and following[3:4] == ["time"]:
            return True
        if following[1:2] == ["the"] and following[0] in {"for", "at"} and following[2:3] and following[2] in OTHER_MEETING_WORDS and following[3:4] and following[3] in MEETING_NOUNS:
            return True  # "prepare an agreement on trade for the next summit": when, not what
        # "… in the near future", "… in the coming years", "… for adoption at the upcoming meeting"
        return following[:3] in (["in", "the", "near"], ["in", "the", "coming"], ["in", "the", "course"]) or (following[:1] == ["for"] and following[1:2] and following[1] in PURPOSE_NOUNS)

    def with_quoted_name(
        self, words: Sequence[str], end: int, breaks: Collection[int] = frozenset(), date_starts: Collection[int] = frozenset()
    ) -> int:
        """"Astana Commemorative Declaration “Towards a Security Community”": a
        quoted name right after a title is part of it, closing quote included,
        and so is the complement after it ("Regional Programme “Green Agenda”
        for Central Asia")."""
        if end >= len(words) or words[end] not in OPENING_QUOTES:
            return end
        for k in range(end + 1, min(len(words), end + MAX_QUOTED_TOKENS)):
            if k in breaks:
                return end
            if words[k] in CLOSING_QUOTES:
                return self.extend(words, k + 1, date_starts, breaks) if k > end + 1 else end
        return end

    def extend_left(self, words: Sequence[str], start: int) -> int:
        """A title's start moved back over what belongs to it: the rest of a
        city's name ("Rio de Janeiro Declaration"), an ordinal ("6th
        Ministerial Declaration"), the first year of a range ("2019-2020
        Program"), a title it is the part of ("Development Strategy's Action Plan")."""
        city_start = self._city_across(words, start)
        if city_start is None and start > 0 and self.cities.span_at(words, start - 1) is not None and self.cities.span_at(words, start - 1)[1] == start:
            city_start = start - 1  # "Xi'an Declaration": a city that is no title-case word
        if city_start is not None:
            # "G20 Rio de Janeiro Leaders' Declaration", "New Delhi Leaders'
            # Declaration": a city's name is whole, with an acronym before it.
            start = city_start
            while start > 0 and words[start - 1][:1].isalnum() and words[start - 1].isupper():
                start -= 1
            return start
        if start >= 1 and shape(words[start - 1]) in ORDINAL_SHAPES:
            return start - 1
        if start >= 2 and words[start - 1] in {"-", "–"} and is_year(words[start - 2]) and is_year(words[start]):
            return start - 2
        if start >= 2 and words[start - 1] in {"'s", "'"} and words[start - 2].lower() in self.types and not is_lower(words[start - 2]):
            k = start - 2
            while k > 0 and not is_lower(words[k - 1]) and not is_punct(words[k - 1]) and words[k - 1].lower() not in FUNCTION_WORDS:
                k -= 1
            return k
        return start

    def _city_across(self, words: Sequence[str], start: int, reach: int = 3) -> Optional[int]:
        """Start of a city's name that a title starting at `start` cuts ("Rio
        de | Janeiro …", "New | Delhi …"), or None."""
        for k in range(start - 1, max(-1, start - 1 - reach), -1):
            found = self.cities.span_at(words, k)
            if found is not None and found[1] > start:
                return k
        return None

    def in_adoption_clause(
        self, words: Sequence[str], i: int, breaks: Collection[int] = frozenset(), reach: int = 8, verbs: Optional[Collection[str]] = None
    ) -> bool:
        """An adoption verb (or one of `verbs`) in the words before token `i`,
        in its clause ("the leaders also issued statements on …", "would draft
        a road map for …", "proposed to draw up a programme of …")."""
        verbs = self.adoption_verbs if verbs is None else verbs
        for k in range(i - 1, max(-1, i - 1 - reach), -1):
            word = words[k].lower()
            if k + 1 in breaks or word in CLAUSE_END:
                return False
            if word in verbs:
                return True
        return False

    def adopted_conjunct(self, words: Sequence[str], start: int, titles_by_end: Mapping[int, int], breaks: Collection[int] = frozenset()) -> bool:
        """"The summit adopted the Gabala Declaration, the decision on …": a title
        joined by `,`/`and`/`as well as` and a determiner to a title before it
        that is in an adoption clause, directly or through its own conjuncts."""
        seen = 0
        while seen < MAX_CONJUNCTS:
            k = start - 1 if start > 0 and words[start - 1].lower() in {"the", "a", "an"} else start
            joint = next((j for j in COORDINATORS if k >= len(j) and tuple(w.lower() for w in words[k - len(j) : k]) == j), None)
            if joint is None or start in breaks:
                return False
            before_joint = k - len(joint)
            previous = titles_by_end.get(before_joint)
            if previous is None and before_joint > 0 and words[before_joint - 1] in CLOSING_QUOTES:
                previous = titles_by_end.get(before_joint - 1)  # 'the document "Turkic World Vision – 2040", the decision on …'
            if previous is None:
                return False
            if self.in_adoption_clause(words, previous - (1 if previous > 0 and words[previous - 1] in OPENING_QUOTES else 0), breaks):
                return True
            start, seen = previous, seen + 1
        return False

    def lowercase_start(self, words: Sequence[str], head: int, reach: int = 4) -> int:
        """Where a lower-case title starts: its lower-case modifiers between a
        determiner and the head belong to it ("a comprehensive convention on
        cybercrime", "the energy cooperation development strategy until 2030",
        a headline's "approve anti-terrorism programme for …"); with neither a
        determiner nor an adoption verb the head starts it."""
        start = head
        while start > 0 and head - start < reach:
            word = words[start - 1]
            lower = word.lower()
            named = two_party_name_start(words, start)
            if named is not None:
                return named  # "an India – Central Asia roadmap on …"
            if not (word.isalpha() or "-" in word) or lower in FUNCTION_WORDS | self.modifier_stopwords | self.stopwords:
                break
            if lower in self.adoption_verbs or (lower.endswith("ed") and is_lower(word)):
                break  # "leaders issued statements on …": a verb, not a modifier
            if not is_lower(word) and not word.isupper() and not (start - 1 > 0 and words[start - 2].lower() in DETERMINERS):
                break  # "the Main directions of …": a capitalized first word after the determiner belongs to it
            start -= 1
        bounded = start > 0 and (words[start - 1].lower() in DETERMINERS | DETERMINER_LIKE | {"'s"} or words[start - 1].lower() in self.adoption_verbs)
        if start < head and not bounded:
            # "a draft ministerial declaration on …": `draft` bounds it as a
            # determiner does, and so does a headline's verb ("approve anti-terrorism programme for …")
            return head
        return start

    def singular(self, head: str) -> bool:
        """A head word that names one text ("strategy", not "strategies")."""
        lower = head.lower()
        return lower in self.types and not (lower.endswith("s") and lower[:-1] in self.types) and not lower.endswith("ies")

    def starts_another_title(self, words: Sequence[str], j: int) -> bool:
        """"… of the SCO and the Shanghai Convention on …": a second title begins."""
        determiner = j < len(words) and words[j].lower() in {"the", "a", "an"}
        if determiner:
            j += 1
            while j < len(words) and words[j].lower() in DETERMINER_LIKE:
                j += 1  # "… and the draft Protocol on …"
        while j < len(words) and (is_year(words[j]) or words[j] in {"-", "–"}):
            j += 1  # "… and the 2019-2020 Program for …"
        for word in words[j : j + 6]:
            if word.lower() in self.types and not is_lower(word):
                return True
            if is_lower(word) or is_punct(word):
                break
        # "… to Hungary and the roadmap for the fund": a lower-case head with
        # its complement, a few lower-case modifiers after the determiner at most.
        if not determiner:
            return False
        for k in range(j, min(len(words) - 1, j + 3)):
            word = words[k]
            if not word.isalpha() or not is_lower(word):
                return False
            if self.singular(word) and word not in self.topic_heads and words[k + 1].lower() in self.complement_preps:
                return True
        return False
