"""Attributes of a DOCUMENT mention: plain functions over mentions, offsets
and token texts (ANNOTATION.md, DOCUMENT attributes; gold/DECISIONS.md).

- type: from a well-known instrument, else the first type word of the title,
  else `decision` for an item of an adopted-documents list;
- org: what the text names (`document_orgs`), else its adopting summit's;
- summit: the adopting summit (`adopting_summit`);
- date (`document_dates`): `of <date>` after the title, a date after an adoption verb in its
  clause, a bracketed year, else its adopting summit's date.
Mentions of one title, coordinated complements and the items of one list
share what any of them states (`shared_attrs`).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Collection, Mapping, Optional, Sequence

from .adopters import NonSummitBodies, adopted_by_body_words, adopting_body_word
from .adoption import BACK_REFERENCES, in_headline, referred_to_in_its_clause, WORD_RUNS, documents_in, refers_back_to_a_meeting, recalled_after, adopted_in_its_clause, draft_documents, held_today_in_lead, named_after_title, not_yet, proposed_documents, earlier_than_published, lead_date, signed_on_the_margins
from .layout import Layout
from .mention import Mention, MentionIndex
from .orgids import organization_of
from .summit_links import (adopting_subject, nearest_mention_of, earlier_summit_before, yet_to_come, adopted_at_that_summit, adopted_at_the_previous_summit, another_summit, compatible_summit, counted_since,
                           continued_from, different_years, held_in_its_city, may_be_same_summit, own_city_first, sentence_years, signed_elsewhere, summit_date, summit_named_in_title, where_clause_start)
from .shared_attrs import share_acronym_attrs, share_entitled_attrs, share_headline_conjuncts, LIST_ITEM_RULES, adopted_lists, two_party, share_coordinated_head, share_list_org, share_list_summit, share_title_attrs
from .clause_summits import adopts_another_title_first, summit_adopted_in, summit_opening_the_adoption
from .document_kinds import document_type
from .document_dates import adoption_date, bracketed_year, leading_year, list_intro_date, same_day_date
from .document_orgs import DocumentOrgs

_TOKENS = re.compile(r"\w+|[^\w\s]")
NUMBERED_ITEM_RULES = frozenset({"numbered-resolution-item"})


class DocumentAttributes:
    def __init__(
        self,
        orgs: DocumentOrgs,
        types: Mapping[str, str],
        known_types: Mapping[str, str],
        adoption_verbs: Collection[str],
        proposal_verbs: Collection[str] = frozenset(),
        non_summit_bodies: Collection[str] = frozenset(),
        list_verbs: Collection[str] = frozenset(),
        reference_words: Collection[str] = frozenset(),
        city_at: Callable[[Sequence[str], int], Optional[str]] = lambda words, k: None,
    ):
        self.orgs = orgs
        self.city_at = city_at  # the city written at a token, or None
        self.reference_words = frozenset(reference_words)  # "reaffirmed", "the anniversary of": a text referred to, not adopted
        self.kb = orgs.kb
        self.list_verbs = frozenset(list_verbs)  # "signed", "adopted": what an adopted list's introduction says
        self.bodies = NonSummitBodies(orgs.kb, adoption_verbs, non_summit_bodies)
        self.proposal_verbs = frozenset(proposal_verbs)
        self.types = types  # title head word -> type
        self.known_types = known_types  # org_key of a known instrument's name, or its acronym -> type
        self.adoption_verbs = frozenset(adoption_verbs)

    def __call__(
        self,
        mentions: Sequence[Mention],
        words: Sequence[str],
        layout: Layout,
        published: Optional[int] = None,
        dated_news: bool = False,
        published_day: Optional[str] = None,
    ) -> None:
        """Fill `attrs` and `summit` of every DOCUMENT mention (after the
        SUMMITs'); `published` is the year the text was written, if known;
        `dated_news`: the text is dated to the day (a news item), so its lead
        dates the meeting it reports."""
        index = MentionIndex(mentions)
        sentence_words: dict[int, frozenset[str]] = {}
        last_resolutions: Optional[Mention] = None
        today = held_today_in_lead(layout, published_day) if dated_news else None
        leads: dict[Optional[int], Optional[str]] = {}

        def lead(summit: Optional[int]) -> Optional[str]:
            if summit not in leads:
                adopted_at = None if summit is None else mentions[summit].attrs

                def another(other: Mention, date: Mention) -> bool:
                    return other.attrs.get("date") == date.norm and (adopted_at is None or not may_be_same_summit(other.attrs, adopted_at))

                leads[summit] = today or lead_date(mentions, index, layout, published_day, another)
            return leads[summit]

        drafts = draft_documents(mentions, words) | proposed_documents(mentions, words, self.proposal_verbs, self.adoption_verbs - self.proposal_verbs)
        list_org = self.orgs.list_orgs(mentions)
        lists = adopted_lists(mentions)
        list_ends = {id(item): run[-1].end for run in lists for item in run}
        intro_dates = [list_intro_date(run[0], index, mentions, words, self.adoption_verbs, layout) for run in lists]
        list_dates = {id(item): date for run, date in zip(lists, intro_dates) if date for item in run}
        body_lists = self.bodies.adopted_lists(mentions, index, words, layout)
        for i in index.of("DOCUMENT"):
            document = mentions[i]
            if document.rule in NUMBERED_ITEM_RULES:
                # "853 (1993)" in "resolutions 822 (1993), 853 (1993)": as the list's first item.
                base = last_resolutions.attrs if last_resolutions else {"type": "resolution"}
                document.attrs = {**base, **bracketed_year(document.text)}
                continue
            if document.text.lower().startswith("resolutions"):
                last_resolutions = document
            attrs: dict[str, Any] = {}
            doc_type = document_type(document, words, self.types, self.known_types, self.kb)
            if doc_type:
                attrs["type"] = doc_type
            founding = self.orgs.founding(document, words)
            org = self.orgs.named_org(i, mentions, index, words, list_org, founding)
            if org:
                attrs["org"] = org
            date = (
                same_day_date(document, index, mentions, words, layout)
                or adoption_date(document, index, mentions, words, self.adoption_verbs, layout)
                or bracketed_year(document.text).get("date")
                or leading_year(document, words, published)
                or list_dates.get(id(document))
            )
            if date:
                attrs["date"] = date
            document.attrs = attrs
            if recalled_after(words, document.first):
                # "five years after the Treaty on the EAEU was signed in Astana": not at this meeting
                document.attrs = {key: value for key, value in attrs.items() if value is not None}
                continue
            if id(document) in body_lists:
                # adopted by a ministers' or officials' body: its organization, no summit
                summit, org_of_another_year = None, body_lists[id(document)]
            else:
                summit, org_of_another_year = self.adopting_summit(
                    i, mentions, index, layout, sentence_words, words, published, published_day, list_ends.get(id(document))
                )
            if org_of_another_year and not founding:
                attrs.setdefault("org", org_of_another_year)
            if i in drafts and document.rule not in LIST_ITEM_RULES:
                # A draft is not adopted yet: the meeting that prepares it gives
                # its organization, not an adopting summit or an adoption date.
                meeting = summit if summit is not None else next(iter(index.between("SUMMIT", *layout.sentence_of(document.start))), None)
                if meeting is not None:
                    attrs.setdefault("org", mentions[meeting].attrs.get("org"))
                if not bracketed_year(document.text):
                    attrs.pop("date", None)  # not adopted yet, so no adoption date
                document.attrs = {key: value for key, value in attrs.items() if value is not None}
                continue
            if summit is not None and signed_on_the_margins(layout, document.start, document.end):
                # others' text signed on the summit's margins: its day, not its outcome
                attrs.setdefault("date", summit_date(summit, mentions, index, words, published) or lead(summit))
                summit = None
            if summit is not None:
                if not founding:  # a founding text is no organization's, whoever's summit saw it signed
                    attrs.setdefault("org", mentions[summit].attrs.get("org"))
                attrs.setdefault("date", summit_date(summit, mentions, index, words, published))
            reported_summit = summit is not None and not another_summit(mentions[summit], words)
            if (
                dated_news
                and attrs.get("date") is None
                and (reported_summit or document.rule in LIST_ITEM_RULES or adopted_in_its_clause(document, words, self.adoption_verbs))
                and lead(summit)
            ):
                # Adopted at the meeting the article reports, dated in its lead
                # ("On 15 September, the heads of state met in Dushanbe …"), or at
                # a summit the text does not date otherwise ("the 18th SCO summit").
                attrs["date"] = lead(summit)
            document.attrs = {key: value for key, value in attrs.items() if value is not None}
            document.summit = summit
        share_coordinated_head(mentions, words)
        share_title_attrs(mentions, words)
        share_acronym_attrs(mentions, words)
        share_entitled_attrs(mentions, words)
        share_headline_conjuncts(mentions, words)
        share_list_summit(mentions)
        share_list_org(mentions)
        for i in index.of("DOCUMENT"):
            summit = mentions[i].summit
            if summit is not None and layout.sentence_of(mentions[summit].start) != layout.sentence_of(mentions[i].start):
                # a summit named in the text's own sentence stays ("…, adopted at the Astana summit, reaffirmed …")
                mentions[i].summit = nearest_mention_of(summit, mentions[i], mentions, index.of("SUMMIT"), published)
            if two_party(mentions[i].text):
                # a two-party instrument has no one organization, whatever summit saw it signed
                mentions[i].attrs.pop("org", None)

    def _continues_a_list_intro(self, layout: Layout, sentence: tuple[int, int], cache: dict) -> bool:
        """"… the leaders signed and approved 23 documents. Among them are the Ufa
        Declaration …; the SCO Development Strategy …": a sentence that lists
        what the sentence before it says was adopted."""
        opening = tuple(WORD_RUNS.findall(layout.text[sentence[0] : sentence[0] + 24].lower())[:2])
        if opening not in LIST_CONTINUATIONS or sentence[0] == 0:
            return False
        previous = layout.sentence_of(sentence[0] - 1)
        if previous[0] not in cache:
            cache[previous[0]] = frozenset(WORD_RUNS.findall(layout.text[previous[0] : previous[1]].lower()))
        return bool(cache[previous[0]] & self.adoption_verbs)

    def adopting_summit(
        self,
        i: int,
        mentions: Sequence[Mention],
        index: MentionIndex,
        layout: Layout,
        cache: dict,
        words: Sequence[str],
        published: Optional[int] = None,
        published_day: Optional[str] = None,
        list_end: Optional[int] = None,
    ) -> tuple[Optional[int], Optional[str]]:
        """`_adopting_summit`, unless the title names a summit of another
        organization or format ("the Joint Statement of the First Russia –
        Central Asia Summit" after "the sixth CICA summit"): then that one.
        With none, a text adopted in its clause right after texts of the same
        paragraph adopted at a summit was adopted there too ("They also
        approved the Regulations on …"); with none still, a title named after
        a city goes to the summit held there, adoption verb or not: summits
        name their declarations after their host city ("CSTO leaders adopt
        Minsk Declaration" over "the Minsk summit" paragraphs below, "The key
        outcome document was the Samarkand Declaration")."""
        found = self._adopting_summit(i, mentions, index, layout, cache, words, published, published_day, list_end)
        if found[0] is not None and adopts_another_title_first(mentions[i], mentions[found[0]], mentions, index, words, self.adoption_verbs):
            found = None, None  # "The Astana Declaration reaffirms the Charter, adopted at the 11th Summit": the Charter's summit
        opening = summit_opening_the_adoption(mentions[i], mentions, index, words, self.adoption_verbs)
        if opening is not None:
            found = opening, None
        held_there = summit_adopted_in(
            mentions[i], mentions, index, words, published, self.city_at, self.adoption_verbs, lambda after: adopted_by_body_words(after, self.adoption_verbs, self.bodies.non_summit_bodies)
        )
        if held_there is not None and (found[0] is None or mentions[found[0]].attrs.get("place") != mentions[held_there].attrs.get("place")):
            found = held_there, None  # "The Joint Declaration …, both adopted in Berlin": at the Berlin summit named before
        if found == (None, None) and adopted_in_its_clause(mentions[i], words, self.adoption_verbs):
            # "The leaders also endorsed …" may open the paragraph after the list it adds to.
            before = [w.lower() for w in words[max(0, mentions[i].first - ALSO_REACH) : mentions[i].first]]
            also = any(w == "also" and after in self.list_verbs for w, after in zip(before, before[1:]))
            reach = 1 if also else 0
            previous = continued_from(i, mentions, index.of("DOCUMENT"), lambda a, b: 0 <= layout.paragraph_of(b) - layout.paragraph_of(a) <= reach)
            after = words[mentions[i].last : mentions[i].last + 8]
            if previous is not None and not adopted_by_body_words(after, self.adoption_verbs, self.bodies.non_summit_bodies):
                found = previous, None  # not one "…, adopted by the foreign ministers in Riyadh"
        if found[0] is None:
            city = held_in_its_city(mentions[i], mentions, index.of("SUMMIT"), words)
            held_then = city is not None and not different_years(
                mentions[i].attrs.get("date"), summit_date(city, mentions, index, words, published) or (str(published) if published else None)
            )  # not "the Kokshetau Act of 2002" at this year's summit in Kokshetau
            if held_then and compatible_summit(mentions[i], mentions[city], words) and not yet_to_come(mentions[city], mentions, index, words, published, published_day):
                found = city, None
        named = summit_named_in_title(mentions[i], mentions, index.of("SUMMIT"))
        if named is None or (found[0] is not None and mentions[found[0]].attrs.get("org") == mentions[named].attrs.get("org")):
            return found  # the nearest mention of a summit of the same organization stays
        return named, None

    def _adopting_summit(
        self,
        i: int,
        mentions: Sequence[Mention],
        index: MentionIndex,
        layout: Layout,
        cache: dict,
        words: Sequence[str],
        published: Optional[int] = None,
        published_day: Optional[str] = None,
        list_end: Optional[int] = None,
    ) -> tuple[Optional[int], Optional[str]]:
        """The SUMMIT mention at which the text says a document was adopted (v2):
        for an item of an adopted list or a document in a sentence with an
        adoption verb, the nearest summit mention of its sentence, else the
        nearest before it in the text, else the nearest after it; never a
        summit the document cannot belong to (`compatible_summit`) nor one of
        another year than the document's own date. With it, the organization
        of such a summit of another year when that is all there was."""
        document = mentions[i]
        if adopted_at_the_previous_summit(words, document.last):
            return earlier_summit_before(document, mentions, index, words, published, published_day), None
        if adopted_at_that_summit(words, document.last):
            return index.last_before("SUMMIT", document.start), None
        subject = adopting_subject(document, mentions, words, self.adoption_verbs - self.proposal_verbs)
        if subject is not None:
            return subject, None  # "The previous summit, held in Almaty in June 2006, adopted the Protocol …"
        at = named_after_title(mentions, index, words, document, "SUMMIT", "at", self.adoption_verbs)
        if at is not None and not another_summit(mentions[at], words):
            return at, None  # "…, signed at the Dushanbe summit on 12 September 2014"
        if referred_to_in_its_clause(document, words, self.reference_words, self.adoption_verbs):
            return None, None  # "… reaffirmed the principles of the Helsinki Final Act": recalled, not adopted
        comma = where_clause_start(words, document.first)
        verb = next((k for k in range(comma or 0, document.first) if words[k].lower() in self.adoption_verbs), None) if comma is not None else None
        if comma is not None and verb is not None and not not_yet(words, verb):
            # "…, where the leaders adopted …": the summit the clause is of, named just before it
            named = next((j for j in reversed(index.between("SUMMIT", 0, document.start)) if comma - 8 <= mentions[j].last <= comma), None)
            if named is not None:
                return named, None
        sentence = layout.sentence_of(document.start)
        if sentence[0] not in cache:
            cache[sentence[0]] = frozenset(WORD_RUNS.findall(layout.text[sentence[0] : sentence[1]].lower()))
        listed = document.rule in LIST_ITEM_RULES or self._continues_a_list_intro(layout, sentence, cache)
        if not listed and not cache[sentence[0]] & self.adoption_verbs:
            return None, None
        clause_start = layout.sentence_of(max(0, sentence[0] - 1))[0] if listed else sentence[0]
        body = self.bodies.named_before_the_verb(mentions, index, words, clause_start, document)
        if body is not None:
            return None, organization_of(body.norm or "", self.kb)
        word, subject = adopting_body_word(_TOKENS.findall(layout.text[clause_start : document.start]), self.adoption_verbs, self.bodies.non_summit_bodies)
        if word is not None:
            return None, self.bodies.members_org(word, mentions, index, document.start) if subject else None
        in_sentence = index.between("SUMMIT", *sentence)
        before = [j for j in in_sentence if mentions[j].start < document.start]
        after = [j for j in in_sentence if mentions[j].start > document.start]
        ordered = [*reversed(before), *after]
        own_sentence = len(ordered)
        # Outside its sentence only an adopted list's item, a sentence that
        # refers back to the meeting ("Following the summit, the leaders
        # signed …"), or a summit named just before, in the paragraph or the
        # one before it.
        if listed:
            # The list's introduction ("As a result of the VI CICA summit, …:") names it.
            intro = layout.sentence_of(max(0, sentence[0] - 1))
            ordered.extend(reversed(index.between("SUMMIT", intro[0], document.start)))
        refers_back = bool(cache[sentence[0]] & BACK_REFERENCES)
        # "The summit adopted …" points to the summit just named, however long ago; "the Declaration of the Berlin Summit" does not
        in_own_words = refers_back and refers_back_to_a_meeting(layout.text, sentence, [(m.start, m.end) for m in documents_in(mentions, index, sentence)])
        reach = LIST_LOOK_BACK_CHARS if listed or refers_back else NEAR_LOOK_BACK_CHARS
        named_here = len(ordered)
        k = index.last_before("SUMMIT", sentence[0], sentence[0] - reach)
        while k is not None and len(ordered) < named_here + MAX_SUMMIT_CANDIDATES:
            ordered.append(k)
            k = index.neighbours(k)[0]
            if k is not None and mentions[k].start < sentence[0] - reach:
                k = None
        ahead = max(sentence[1], layout.sentence_of(list_end - 1)[1]) if listed and list_end is not None else sentence[1]
        # An org-less summit named just after an adopted list is the list's ("…; 6. …. After the Minsk summit, …").
        looked_back = len(ordered) if listed else len(ordered) + 1
        # With no summit named before it, a news item's adopted list may name its summit anywhere after (v2: "else the nearest after");
        # a speech ranges over too many meetings for that.
        news_item = published_day is not None and len(published_day) >= 10
        # and so may a headline's adopted text, named in the lead ("… approves gas market plan" over "the first EAEU summit")
        unbounded = news_item and (listed or in_headline(layout, document.start))
        # a summit named before that the text counts from, or dated before the article, is no candidate ("since the Tashkent summit of November 2019")
        earlier_only = all(
            counted_since(mentions[k], words) or earlier_than_published(mentions[k].attrs.get("date"), published, published_day)
            for k in index.between("SUMMIT", 0, document.start)
        )
        horizon = len(layout.text) if unbounded and earlier_only else ahead + LOOK_AHEAD_CHARS
        ordered.extend(index.between("SUMMIT", sentence[1], horizon)[:1])
        years = sentence_years(index, mentions, sentence)
        candidates = [
            j
            for position, j in enumerate(ordered)
            if compatible_summit(document, mentions[j], words, years)
            # A summit named elsewhere in the text and dated before the article
            # was written is an earlier one ("since the Turkmenbashi summit in 2018").
            # A summit after the article was written has adopted nothing yet
            # ("the drafts the heads of state are expected to adopt at the VII CICA Summit in 2026").
            and not yet_to_come(mentions[j], mentions, index, words, published, published_day)
            # Named outside its sentence, a summit the text counts from is an earlier one
            # ("the first gathering since the 2019 summit in Bishkek"), in a list's introduction too.
            and not (position >= own_sentence and counted_since(mentions[j], words))
            # Named further back, a summit must be of the document's own organization
            # (the EAEU decisions do not go to "the first Central Asia – China summit" named paragraphs before).
            and not (named_here <= position < looked_back and document.attrs.get("org") and mentions[j].attrs.get("org") != document.attrs.get("org"))
            # "The summit adopted …" refers to the summit just named, however long ago.
            and not (
                position >= named_here
                and earlier_than_published(mentions[j].attrs.get("date"), published, None if in_own_words and position == named_here else published_day)
            )
        ]
        # "the Treaty … was signed in Astana on 29 May 2014" was not adopted at
        # the 2019 summit; an undated summit is taken for one of the article's year.
        # Nor one of another city than the clause that signs it names (the organization's all the same).
        possible = [
            j
            for j in candidates
            if not signed_elsewhere(document, words, mentions[j].attrs.get("place"), self.city_at, self.adoption_verbs)
            and not different_years(document.attrs.get("date"), summit_date(j, mentions, index, words, published) or (str(published) if published and not another_summit(mentions[j], words) else None))
        ]
        if candidates and not possible:
            # "the Declaration of Principles … of 1999 and the Almaty Act of 2002",
            # named with a CICA meeting: the organization's texts all the same
            return None, mentions[candidates[0]].attrs.get("org")
        return own_city_first(document, [mentions[j] for j in possible], possible), None


ALSO_REACH = 5  # "The heads of state also adopted the"
LIST_LOOK_BACK_CHARS = 3000
NEAR_LOOK_BACK_CHARS = 700
LOOK_AHEAD_CHARS = 400
MAX_SUMMIT_CANDIDATES = 4
LIST_CONTINUATIONS = frozenset({("among", "them"), ("among", "these"), ("they", "include"), ("these", "include"), ("they", "are"), ("these", "are")})

