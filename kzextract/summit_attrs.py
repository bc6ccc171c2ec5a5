"""Attributes of a SUMMIT mention: plain functions over mentions, offsets
and token texts (ANNOTATION.md, SUMMIT attributes; gold/DECISIONS.md).

- org: the organization named in the phrase (rolled up to the organization
  that holds it); else the nearest summit-holding organization of its
  sentence; else the one its paragraph names most; else the last one of the
  paragraph before; else, in a news item whose other summits are all one
  organization's, that one for a summit named by its city or ordinal;
- place: a city in the phrase (not inside an organization's name), else
  `in/at <city>` in its clause;
- date (`summit_dates`): the nearest date of its sentence that is not nearer
  another summit, else, when the sentence has no date, the last date before
  it in its paragraph;
- ordinal: `VI`, `Sixth`, `24th` as the first word.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Callable, Optional, Sequence

from .gazetteer import CityGazetteer
from .kb import OrgKB
from .adoption import in_headline
from .layout import Layout
from .mention import Mention, MentionIndex
from .ordinals import SINCE_WORDS, apposition_ordinal, counted_from_a_person, first_in_a_while, first_of_a_kind, parse_ordinal, summit_ordinal
from .summit_links import counted_since, different_years, offered_to_host
from .summit_spans import joins_two_sides
from .dates import MAX_YEAR, MIN_YEAR
from .vocab import listed
from .words import is_lower, is_year
from .summit_dates import NOT_THE_DAY, TOPIC_BREAKS, summit_date
from .titles import CLAUSE_END


# "the first summit hosted by Kazakhstan since 2017" is not the first summit
# of anything, and 2017 is not its date.
HOST_VERBS = frozenset({"host", "hosts", "hosted", "hosting"})
# "travelled to Kazan for the summit", "gathered in Budapest on 21 May for an informal summit"
TRAVEL_VERBS = frozenset({"travelled", "traveled", "arrived", "went", "came", "flew", "gathered", "meet", "met", "expected"})
FORMAT_JOINTS = frozenset({"–", "—", "-"})
# "the previous summit, held in Astana on 4 July": a participle after the
# comma goes on describing the summit.
DESCRIBING_PARTICIPLES = frozenset({"held", "hosted", "convened", "organized", "organised"})
RELATIVE_AUXILIARIES = frozenset({"will", "be", "is", "was", "being", "been", "has", "had", "to"})


class SummitAttributes:
    def __init__(self, kb: OrgKB, cities: CityGazetteer):
        self.kb = kb
        self.cities = cities

    def __call__(self, mentions: Sequence[Mention], words: Sequence[str], layout: Layout, published_day: Optional[str] = None) -> None:
        """Fill `attrs` of every SUMMIT mention (ORG and DATE norms must be set);
        `published_day`: the day the article is dated to, for "held … today"."""
        index = MentionIndex(mentions)
        orgs = OrgContext(mentions, index, layout, self.kb.holds_summits, self.kb.top_level)
        seen: list[Mention] = []
        unheld: list[Mention] = []  # "the Dushanbe summit", "the first summit": no organization stated or near
        for i in index.of("SUMMIT"):
            summit = mentions[i]
            attrs = {}
            inner = summit.inner_orgs
            phrase = words[summit.first : summit.last]
            if two_party_format(phrase) or joins_two_sides(phrase):
                pass  # "EU–Central Asia summit", "summit of … Central Asia and the GCC": two sides meet, no one organization
            elif inner:
                # The longest name the KB knows, rolled up to the organization that
                # holds the summit ("… of the Council of Heads of State of the OTS").
                known = [name for name in inner if self.kb.top_level(name[2]) in self.kb.by_id]
                start, end, org_id = max(known or inner, key=lambda name: name[1] - name[0])
                attrs["org"] = self.kb.top_level(org_id)
            elif not self.named(phrase):
                org = orgs.nearest(summit)
                if org:
                    attrs["org"] = org
                elif "such" not in phrase:  # "the first such summit": of the format named before
                    unheld.append(summit)
            from_context = bool(attrs.get("org")) and not inner and not two_party_format(phrase)
            if (from_context or not attrs.get("org")) and not inner and summit.first > 0 and words[summit.first - 1].lower() in SERIES_WORDS:
                # "the previous summit in Dushanbe", "the next summit": of the series
                # the summit named before it belongs to, whatever else the paragraph names
                held = next((m.attrs["org"] for m in reversed(seen) if m.attrs.get("org")), None)
                if held:
                    attrs["org"] = held
            described, named_year = described_date(summit, mentions, index, words), _year_in(phrase)
            inside_names = frozenset(k for s, e, _ in inner for k in range(s, e))
            place = (
                self.cities.find_in(words, summit.first, summit.last, skip=inside_names)
                or self.cities.city_after(words, described_from(words, summit.last), CLAUSE_END, window=12)
                or self.host_city(words, summit.first)
            )
            if place:
                attrs["place"] = place
                same_place = next((m for m in reversed(seen) if m.attrs.get("place") == place), None)
                another_year = same_place is not None and different_years(
                    described or _date_right_after(summit, mentions, index, words) or named_year, same_place.attrs.get("date")
                )
                if another_year:
                    # "the Astana summit of July 2005" after the OSCE's Astana Summit of 2010 is
                    # another's, unless its sentence names the series ("the first CICA summit since
                    # the Almaty summit of June 2002")
                    sentence = layout.sentence_of(summit.start)
                    same_sentence = [m for m in seen if sentence[0] <= m.start < sentence[1] and m.attrs.get("org")]
                    same_place = same_sentence[-1] if same_sentence else None
                if from_context and same_place is not None:
                    # "The Jeddah summit" after "the first summit of … Central Asia and the
                    # Gulf Cooperation Council … in Jeddah", "the Yerevan summit" after "the
                    # CSTO summit in Yerevan": that summit again, held by whom it was held by
                    attrs.pop("org", None)
                    if same_place.attrs.get("org"):
                        attrs["org"] = same_place.attrs["org"]
            since = first_in_a_while(_clause_after(words, summit.last))
            def elsewhere(date: Mention, place: Optional[str] = place) -> bool:
                return place is not None and self.city_dating(words, date) not in (None, place)

            date = (
                described
                or (published_day if held_today(words, summit) else None)
                # a summit someone offers to host is not dated by the meeting where it was offered
                or (None if offered_to_host(words, summit.first) else summit_date(i, mentions, index, layout, words, elsewhere, attrs, self.named(phrase), counted_since(summit, words)))
                or named_year
            )
            if date and named_year and not date.startswith(named_year):
                date = named_year  # "since the 2019 summit in Bishkek": the year it names, not the lead's
            if date:
                attrs["date"] = date
            before_summit = words[max(0, summit.first - 2) : summit.first]
            counted_otherwise = since or counted_from_a_person(before_summit) or first_of_a_kind(before_summit, words[summit.last : summit.last + 1])
            ordinal = None if counted_otherwise else summit_ordinal(phrase)
            ordinal = ordinal or apposition_ordinal(words[summit.last : summit.last + 6])
            if ordinal:
                attrs["ordinal"] = ordinal
            summit.attrs = attrs
            seen.append(summit)
        held_by = {m.attrs["org"] for m in seen if m.attrs.get("org")}
        if published_day:
            headline_summit_of_the_lead(seen, layout)
        for summit in unheld if len(held_by) == 1 and published_day else ():
            # A news item about one organization's summits (a speech ranges over many): a
            # summit it names by its city, ordinal or year alone ("the 2019 summit") is another of them.
            if summit.attrs.get("place") or summit.attrs.get("ordinal") or _year_in(words[summit.first : summit.last]):
                summit.attrs.setdefault("org", next(iter(held_by)))

    def named(self, phrase: Sequence[str]) -> bool:
        """A summit with a name of its own ("Summit of the Future", "SDG Summit",
        "Caspian Summit"), not only a place, an ordinal or "summit": who holds
        it is what its name says, not what the paragraph is about."""
        for k, word in enumerate(phrase):
            if is_lower(word) or not word[:1].isalpha() or word.lower() in {"summit", "meeting"}:
                continue
            if parse_ordinal(word) is not None or self.cities.span_at(phrase, k) is not None:
                continue
            if k > 0 and self.cities.span_at(phrase, k - 1) is not None:
                continue  # the second word of "St. Petersburg", "Nur Sultan"
            return True
        return False

    def city_dating(self, words: Sequence[str], date: Mention) -> Optional[str]:
        """The city of "… in Minsk on 27 June": the place of the event that date is of."""
        k = date.first - 1
        if k < 1 or words[k].lower() not in {"on", "in"}:
            return None
        for start in range(k - 1, max(0, k - 4), -1):
            found = self.cities.span_at(words, start)
            if found is not None and found[1] == k and start > 0 and words[start - 1].lower() == "in":
                return found[0]
        return None

    def host_city(self, words: Sequence[str], first: int, reach: int = 8) -> Optional[str]:
        """"Astana hosted the VI CICA Summit", "travelled to Kazan for the 16th
        BRICS summit": the city that hosts it, before it in its clause."""
        for k in range(first - 1, max(-1, first - 1 - reach), -1):
            if words[k] in CLAUSE_END:
                return None
            found = self.cities.span_at(words, k)
            if found is None:
                continue
            city, city_end = found
            between = {w.lower() for w in words[city_end:first]}
            before = words[k - 1].lower() if k else ""
            before2 = words[k - 2].lower() if k > 1 else ""
            if between & HOST_VERBS or (before in {"to", "in"} and before2 in TRAVEL_VERBS and between & {"for", "attend"}):
                return city
        return None


def headline_summit_of_the_lead(summits: Sequence[Mention], layout: Layout) -> None:
    """A news item's headline names the summit its lead reports, often by its
    subject ("Aral Sea summit in Dushanbe adopts …" over "The summit of the
    heads of state – founders of IFAS took place …"): with no organization
    of its own, it takes that of the first summit after the headline, when
    their places do not differ; when that one states none, nor does the
    headline's ("First India – Central Asia Summit adopts …" over a lead
    that names it again and a CICA summit paragraphs below)."""
    lead = next((m for m in summits if not in_headline(layout, m.start)), None)
    if lead is None or not lead.attrs.get("org"):
        return
    for summit in summits:
        if not in_headline(layout, summit.start) or summit.attrs.get("org"):
            continue
        place, lead_place = summit.attrs.get("place"), lead.attrs.get("place")
        if not place or not lead_place or place == lead_place:
            summit.attrs["org"] = lead.attrs["org"]


def two_party_format(phrase: Sequence[str]) -> bool:
    """A summit of two sides ("EU–Central Asia", "China – Central Asia")."""
    return any(
        w in FORMAT_JOINTS and 0 < k < len(phrase) - 1 and not is_lower(phrase[k - 1]) and not is_lower(phrase[k + 1])
        for k, w in enumerate(phrase)
    )


TOPIC_REACH = 10


def described_from(words: Sequence[str], end: int) -> int:
    """Where the words describing a summit start: right after it (past a
    bracketed acronym or short name and the `on …` topic after it), or past a comma that a participle
    follows ("…, held in Bishkek on 10 May", "…, to be held in Baku in 2026")."""
    if end < len(words) and words[end] == "(":
        close = next((k for k in range(end + 1, min(len(words), end + 6)) if words[k] == ")"), None)
        if close is not None:
            end = close + 1  # "The Fourth Summit of … (CICA) was held in Shanghai …"
            if end < len(words) and words[end].lower() == "on":
                # "… Summit of the Organization of Turkic States (OTS) on disaster management, held in Ankara"
                end = next((k for k in range(end + 1, min(len(words), end + TOPIC_REACH)) if words[k] in {",", ".", ";", ":"}), end)
    if end + 1 < len(words) and words[end] == "," and participle_at(words, end + 1) is not None:
        return end + 1
    return end


def participle_at(words: Sequence[str], k: int) -> Optional[int]:
    """End of "held", "hosted", "to be held", or of a relative clause that
    says the same ("which will be held", "which is being held", "which
    Azerbaijan will host") at token k, or None."""
    if k < len(words) and words[k].lower() == "which":
        j = k + 1
        while j < len(words) and j - k <= 3 and (words[j].lower() in RELATIVE_AUXILIARIES or (words[j][:1].isupper() and words[j].isalpha())):
            j += 1
        if j < len(words) and j > k + 1 and words[j].lower() in DESCRIBING_PARTICIPLES | HOST_VERBS:
            return j + 1
        return None
    if [w.lower() for w in words[k : k + 2]] == ["to", "be"]:
        k += 2
    return k + 1 if k < len(words) and words[k].lower() in DESCRIBING_PARTICIPLES else None


def described_date(summit: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], reach: int = 12) -> Optional[str]:
    """"the VIII CICA Summit, to be held in Baku in 2032": the date of the
    participle clause that describes the summit."""
    k = described_from(words, summit.last)
    end = participle_at(words, k)
    if end is None:
        return None
    for t in range(end, min(len(words), end + reach)):
        if words[t] in CLAUSE_END or words[t].lower() in SINCE_WORDS or index.at_token("SUMMIT", t) is not None:
            return None  # "hosted by Russia since the Yekaterinburg summit of June 2009": another summit's date
        j = index.at_token("DATE", t)
        if j is not None and mentions[j].norm and words[t - 1].lower() not in NOT_THE_DAY:
            return mentions[j].norm
    return None


def held_today(words: Sequence[str], summit: Mention, reach: int = 12) -> bool:
    """"The seventh summit … (Turkic Council) was held in Baku today": the
    describing clause says the summit is on the day the article is dated."""
    k = described_from(words, summit.last)
    held = False
    for t in range(k, min(len(words), k + reach)):
        word = words[t].lower()
        if words[t] in CLAUSE_END:
            return False
        held = held or word in DESCRIBING_PARTICIPLES or word in {"opened", "place", "began"}  # "took place"
        if word == "today":
            return held
    return False


def _date_right_after(summit: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str]) -> Optional[str]:
    """"the Astana summit of July 2005", "… in June 2011": the date written right after it."""
    if summit.last + 1 < len(words) and words[summit.last].lower() in {"of", "in", "on"}:
        k = index.at_token("DATE", summit.last + 1)
        return mentions[k].norm if k is not None else None
    return None


def _year_in(phrase: Sequence[str]) -> Optional[str]:
    """"2025 SCO Summit": a year written in the phrase is its date."""
    return next((w for w in phrase if is_year(w) and MIN_YEAR <= int(w) <= MAX_YEAR), None)


def _clause_after(words: Sequence[str], end: int, reach: int = 8) -> list[str]:
    out = []
    for k in range(end, min(len(words), end + reach)):
        if words[k] in CLAUSE_END:
            break
        out.append(words[k])
    return out


class OrgContext:
    """The summit-holding organizations named around an offset."""

    def __init__(
        self,
        mentions: Sequence[Mention],
        index: MentionIndex,
        layout: Layout,
        holds_summits: Callable[[str], bool],
        top_level: Callable[[str], str] = lambda norm: norm,
    ):
        self.layout = layout
        main = [i for i in index.of("ORG") if mentions[i].norm and holds_summits(top_level(mentions[i].norm))]
        self.offsets = [mentions[i].start for i in main]
        self.norms = [top_level(mentions[i].norm) for i in main]
        # Organizations named inside the titles of texts ("the Agreement on the Status of IFAS …");
        # not the UN, whose Charter and strategies every organization's texts name.
        in_titles = [
            (mentions[i].start, top_level(org))
            for i in index.of("DOCUMENT")
            for _, _, org in mentions[i].inner_orgs
            if org and holds_summits(top_level(org)) and top_level(org) not in NAMED_IN_EVERY_TITLE
        ]
        self.title_offsets = [offset for offset, _ in in_titles]
        self.title_norms = [norm for _, norm in in_titles]
        self._by_paragraph: dict[int, Optional[str]] = {}

    def _range(self, lo: int, hi: int) -> range:
        return range(bisect_left(self.offsets, lo), bisect_left(self.offsets, hi))

    def nearest(self, summit: Mention) -> Optional[str]:
        """The organization named nearest in the summit's sentence, not past a
        colon or semicolon; for a headline's summit with none in its clause,
        the one its lead names ("Minsk summit: Armenia signs accession treaty,
        EurAsEC to be wound up" over "The meeting of the Supreme Eurasian
        Economic Council … was held in Minsk today"); else the paragraph's."""
        at = summit.start
        sentence = self.layout.sentence_of(at)
        in_sentence = self._range(*sentence)
        if len(in_sentence):
            closest = sorted((abs(self.offsets[k] - at), k) for k in _closest(in_sentence, self.offsets, at))
            in_clause = [k for _, k in closest if not self._across_a_break(summit, self.offsets[k])]
            if in_clause:
                return self.norms[in_clause[0]]
            lead = self._lead_org() if in_headline(self.layout, at) else None
            return lead or self.norms[closest[0][1]]
        paragraph = self.layout.paragraph_of(at)
        if paragraph not in self._by_paragraph:
            self._by_paragraph[paragraph] = self._paragraph_org(self.layout.paragraph_bounds(at))
        return self._by_paragraph[paragraph]

    def _across_a_break(self, summit: Mention, offset: int) -> bool:
        between = self.layout.text[summit.end : offset] if offset >= summit.end else self.layout.text[offset : summit.start]
        return any(mark in between for mark in TOPIC_BREAKS)

    def _lead_org(self) -> Optional[str]:
        """The organization the first paragraphs after the headline name most."""
        for paragraph in range(1, min(LEAD_PARAGRAPHS + 1, len(self.layout.paragraph_starts))):
            bounds = self.layout.paragraph_bounds(self.layout.paragraph_starts[paragraph])
            if len(self._range(*bounds)):
                return self._paragraph_org(bounds)
        return None

    def _paragraph_org(self, bounds: tuple[int, int]) -> Optional[str]:
        counts = Counter(self.norms[k] for k in self._range(*bounds))
        if not counts:
            # with no organization named in the paragraph, the one its texts' titles name
            # ("… at the Ashgabat summit of April 1999, where the heads of state signed the Agreement on the Status of IFAS …")
            counts = Counter(self.title_norms[k] for k in range(bisect_left(self.title_offsets, bounds[0]), bisect_left(self.title_offsets, bounds[1])))
        if not counts:
            if bounds[0] == 0:
                return None
            before = self._range(*self.layout.paragraph_bounds(bounds[0] - 1))
            return self.norms[before[-1]] if len(before) else None
        ranked = counts.most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None  # two organizations equally present: not unambiguous
        return ranked[0][0]


SERIES_WORDS = frozenset({"previous", "next", "last", "upcoming", "forthcoming", "coming"})
LEAD_PARAGRAPHS = 4  # headline, dateline, "Photo: Akorda", then the lead
NAMED_IN_EVERY_TITLE = listed("ORGS_NAMED_IN_EVERY_TITLE")


def _closest(candidates: range, offsets: list[int], at: int) -> list[int]:
    """The candidates on either side of `at` (the nearest is among them)."""
    k = bisect_left(offsets, at, candidates.start, candidates.stop)
    return [j for j in (k - 1, k) if candidates.start <= j < candidates.stop]
