"""Attributes of a DOCUMENT mention: plain functions over mentions, offsets
and token texts (ANNOTATION.md, DOCUMENT attributes; gold/DECISIONS.md).

- type: from a well-known instrument, else the first type word of the title,
  else `decision` for an item of an adopted-documents list;
- org: an organization named in the title (rolled up to its top-level body),
  else the issuing body written just before it, else its adopting summit's;
- summit: the adopting summit (`adopting_summit`);
- date: `of <date>` after the title, a date after an adoption verb in its
  clause, a bracketed year, else its adopting summit's date.
Mentions of one title share what any of them states.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Collection, Mapping, Optional, Sequence

from .kb import OrgKB, org_key
from .layout import Layout
from .mention import Mention, MentionIndex
from .words import is_year

_WORDS = re.compile(r"[a-z]+")
_BRACKETED_YEAR = re.compile(r"\((\d{4})\)$")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LIST_ITEM_RULES = frozenset({"list-item"})
NUMBERED_ITEM_RULES = frozenset({"numbered-resolution-item"})
KB_NAME_RULES = frozenset({"kb-document"})
KB_DOCUMENT_ACRONYM_RULES = frozenset({"kb-document-acronym"})
COORDINATED_RULES = frozenset({"coordinated-title"})


class DocumentAttributes:
    def __init__(
        self,
        kb: OrgKB,
        types: Mapping[str, str],
        known_types: Mapping[str, str],
        adoption_verbs: Collection[str],
    ):
        self.kb = kb
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
        lead = lead_date(mentions, index, layout, published_day) if dated_news else None
        drafts = draft_documents(mentions, words)
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
            doc_type = self.type_of(document, words)
            if doc_type:
                attrs["type"] = doc_type
            inner = [self.kb.top_level(org) for _, _, org in document.inner_orgs if org in self.kb.by_id]
            if " between " in document.text:
                inner = []  # "memorandum between the SCO Secretariat and …": two parties, no one organization
            issuer = issuing_org(i, mentions, words, self.adoption_verbs)
            if inner:
                attrs["org"] = inner[0]
            elif issuer:
                attrs["org"] = self.kb.issuing_org_id(issuer)
            date = (
                adoption_date(document, index, mentions, words, self.adoption_verbs)
                or bracketed_year(document.text).get("date")
                or leading_year(document, words, published)
            )
            if date:
                attrs["date"] = date
            document.attrs = attrs
            summit = self.adopting_summit(i, mentions, index, layout, sentence_words, words, published, published_day)
            if i in drafts and document.rule not in LIST_ITEM_RULES:
                # A draft is not adopted yet: the meeting that prepares it gives
                # its organization, not an adopting summit or an adoption date.
                meeting = summit if summit is not None else next(iter(index.between("SUMMIT", *layout.sentence_of(document.start))), None)
                if meeting is not None:
                    attrs.setdefault("org", mentions[meeting].attrs.get("org"))
                document.attrs = {key: value for key, value in attrs.items() if value is not None}
                continue
            if summit is not None:
                attrs.setdefault("org", mentions[summit].attrs.get("org"))
                attrs.setdefault("date", summit_date(summit, mentions, index, words))
            if attrs.get("date") is None and lead and (document.rule in LIST_ITEM_RULES or adopted_in_its_clause(document, words, self.adoption_verbs)):
                # Adopted at the meeting the article reports, dated in its lead
                # ("On 15 September, the heads of state met in Dushanbe …").
                attrs["date"] = lead
            document.attrs = {key: value for key, value in attrs.items() if value is not None}
            document.summit = summit
        share_coordinated_head(mentions, words)
        share_title_attrs(mentions)
        share_list_org(mentions)

    @staticmethod
    def _yet_to_come(
        summit: Mention, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], published: Optional[int], published_day: Optional[str]
    ) -> bool:
        """A summit dated after the article, at this mention or at another of
        the same summit ("the Baku summit" of "the VII CICA Summit … in 2026";
        a mention called the next summit is another one)."""
        if later_than_published(summit.attrs.get("date"), published, published_day):
            return True
        if summit.attrs.get("date"):
            return False
        return any(
            m is not summit
            and not another_summit(m, words)
            and may_be_same_summit(summit.attrs, m.attrs)
            and later_than_published(m.attrs.get("date"), published, published_day)
            for m in (mentions[k] for k in index.of("SUMMIT"))
        )

    def type_of(self, document: Mention, words: Sequence[str]) -> Optional[str]:
        if document.rule in KB_NAME_RULES:
            known = self.known_types.get(org_key(document.text))
            if known:
                return known
        if document.rule in KB_DOCUMENT_ACRONYM_RULES and document.text in self.known_types:
            return self.known_types[document.text]
        if document.rule in LIST_ITEM_RULES and words[document.first].lower() == "on":
            return "decision"  # a decision named by its own title ("On the Interstate Targeted Programme …")
        inside_names = {k for start, end, org in document.inner_orgs if org in self.kb.by_id for k in range(start, end)}
        for k in range(document.first, document.last):
            found = self.types.get(words[k].lower())
            if found and k not in inside_names:  # "… the Collective Security Treaty Organization"
                return found
        # An adopted list item with no instrument word ("Granting Kuwait the status …") is a decision.
        return "decision" if document.rule in LIST_ITEM_RULES else None

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
    ) -> Optional[int]:
        """The SUMMIT mention at which the text says a document was adopted (v2):
        for an item of an adopted list or a document in a sentence with an
        adoption verb, the nearest summit mention of its sentence, else the
        nearest before it in the text, else the nearest after it; never a
        summit the document cannot belong to (`compatible_summit`)."""
        document = mentions[i]
        sentence = layout.sentence_of(document.start)
        if sentence[0] not in cache:
            cache[sentence[0]] = frozenset(_WORDS.findall(layout.text[sentence[0] : sentence[1]].lower()))
        if document.rule not in LIST_ITEM_RULES and not cache[sentence[0]] & self.adoption_verbs:
            return None
        in_sentence = index.between("SUMMIT", *sentence)
        before = [j for j in in_sentence if mentions[j].start < document.start]
        after = [j for j in in_sentence if mentions[j].start > document.start]
        ordered = [*reversed(before), *after]
        # Outside its sentence only an adopted list's item, a sentence that
        # refers back to the meeting ("Following the summit, the leaders
        # signed …"), or a summit named just before, in the paragraph or the
        # one before it.
        listed = document.rule in LIST_ITEM_RULES
        if listed:
            # The list's introduction ("As a result of the VI CICA summit, …:") names it.
            intro = layout.sentence_of(max(0, sentence[0] - 1))
            ordered.extend(reversed(index.between("SUMMIT", intro[0], document.start)))
        refers_back = bool(cache[sentence[0]] & BACK_REFERENCES)
        reach = LIST_LOOK_BACK_CHARS if listed or refers_back else NEAR_LOOK_BACK_CHARS
        named_here = len(ordered)
        k = index.last_before("SUMMIT", sentence[0], sentence[0] - reach)
        while k is not None and len(ordered) < named_here + MAX_SUMMIT_CANDIDATES:
            ordered.append(k)
            k = index.neighbours(k)[0]
            if k is not None and mentions[k].start < sentence[0] - reach:
                k = None
        ordered.extend(index.between("SUMMIT", sentence[1], sentence[1] + LOOK_AHEAD_CHARS)[:1])
        years = sentence_years(index, mentions, sentence)
        possible = [
            j
            for position, j in enumerate(ordered)
            if compatible_summit(document, mentions[j], words, years)
            # A summit named elsewhere in the text and dated before the article
            # was written is an earlier one ("since the Turkmenbashi summit in 2018").
            # A summit after the article was written has adopted nothing yet
            # ("the drafts the heads of state are expected to adopt at the VII CICA Summit in 2026").
            and not self._yet_to_come(mentions[j], mentions, index, words, published, published_day)
            # "The summit adopted …" refers to the summit just named, however long ago.
            and not (
                position >= named_here
                and earlier_than_published(mentions[j].attrs.get("date"), published, None if refers_back and position == named_here else published_day)
            )
        ]
        return own_organization_first(document, [mentions[j] for j in possible], possible)



LIST_LOOK_BACK_CHARS = 3000
NEAR_LOOK_BACK_CHARS = 700
LOOK_AHEAD_CHARS = 400
BACK_REFERENCES = frozenset({"summit", "meeting", "summits"})
MAX_SUMMIT_CANDIDATES = 4
_OTHER_SUMMIT = frozenset({"next", "previous", "last", "upcoming", "coming", "future", "forthcoming", "former"})


LEAD_PARAGRAPHS = 4


SHORT_LINE_CHARS = 60


def prose_paragraphs_before(layout: Layout, offset: int) -> int:
    """How many paragraphs of prose come before the one at `offset`: a web
    page's headline, dateline and "Photo: Akorda" lines do not push the lead down."""
    starts = layout.paragraph_starts
    count = 0
    for k in range(layout.paragraph_of(offset)):
        end = starts[k + 1] if k + 1 < len(starts) else len(layout.text)
        if len(layout.text[starts[k] : end].strip()) >= SHORT_LINE_CHARS:
            count += 1
    return count


def lead_date(mentions: Sequence[Mention], index: MentionIndex, layout: Layout, published_day: Optional[str] = None) -> Optional[str]:
    """The day the article's event happened, as its lead states it: the first
    date with a day in its first paragraphs that is not a dateline (a
    paragraph that is only the date) nor more than a week before the article."""
    for j in index.of("DATE"):
        date = mentions[j]
        if prose_paragraphs_before(layout, date.start) >= LEAD_PARAGRAPHS:
            return None
        if not date.norm or len(date.norm.split("/")[0]) < 10:
            continue  # a year or a month is no day of a meeting
        paragraph = layout.paragraph_bounds(date.start)
        if paragraph[1] - paragraph[0] < SHORT_LINE_CHARS:
            continue  # "13.10.2022 | 18:20", "16 October 2015, 14:05": when it was written
        if earlier_than_published(date.norm, None, published_day):
            continue  # "the jubilee summit on 16 May" recalled in a November item
        return date.norm
    return None


def sentence_years(index: MentionIndex, mentions: Sequence[Mention], sentence: tuple[int, int]) -> frozenset[str]:
    """The years the dates of a sentence name ("In 2010, a declaration was signed")."""
    return frozenset(mentions[j].norm[:4] for j in index.between("DATE", *sentence) if mentions[j].norm and mentions[j].norm[:4].isdigit())


# A news item reports a meeting within days; a summit dated longer before it is an earlier one.
REPORTING_DAYS = 7


def earlier_than_published(summit_date: Optional[str], published: Optional[int], published_day: Optional[str] = None) -> bool:
    """Whether a summit's date is before the article was written: an earlier
    year, or, when both are dated to the day, more than a week before."""
    date = summit_date or ""
    if published is not None and date[:4].isdigit() and int(date[:4]) < published:
        return True
    if not published_day or not _ISO_DAY.match(date) or not _ISO_DAY.match(published_day):
        return False
    return (datetime.date.fromisoformat(published_day[:10]) - datetime.date.fromisoformat(date[:10])).days > REPORTING_DAYS


def later_than_published(summit_date: Optional[str], published: Optional[int], published_day: Optional[str] = None) -> bool:
    """Whether a summit's date is after the article was written: a later
    year, or, when both are dated to the day, a later day."""
    date = summit_date or ""
    if published is not None and date[:4].isdigit() and int(date[:4]) > published:
        return True
    if not published_day or not _ISO_DAY.match(date) or not _ISO_DAY.match(published_day):
        return False
    return datetime.date.fromisoformat(date[:10]) > datetime.date.fromisoformat(published_day[:10])


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


# Words before an adoption verb that say it has not happened ("could be signed", "will adopt").
NOT_YET = frozenset({"could", "will", "would", "may", "might", "should", "to", "shall", "expected", "not"})
CLAUSE_BREAKS = frozenset({".", ";", ":", "!", "?", "(", ")", "—"})
AUXILIARY_WORDS = frozenset({"was", "were", "is", "are", "been", "has", "have", "had", "be", "being", "also"})


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
            return not _not_yet(words, k)
    k = document.last
    while k < len(words) and k - document.last < 4 and (words[k] == "," or words[k].lower() in AUXILIARY_WORDS):
        k += 1
    return k < len(words) and words[k].lower() in adoption_verbs and not _not_yet(words, k)


def _not_yet(words: Sequence[str], verb: int) -> bool:
    return any(w in NOT_YET for w in words[max(0, verb - 3) : verb])  # lower case: "May" is a month


def another_summit(summit: Mention, words: Sequence[str]) -> bool:
    """"the next summit", "the previous summit": not the one being reported."""
    return 0 < summit.first <= len(words) and words[summit.first - 1].lower() in _OTHER_SUMMIT


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


def summit_date(j: int, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str] = ()) -> Optional[str]:
    """The date the text states for summit j, at it or at another mention of
    the same summit (same organization, no ordinal or place that differ, not
    called the next or the previous one)."""
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
    ]
    if not same:
        return None
    return mentions[min(same, key=lambda k: abs(mentions[k].start - summit.start))].attrs["date"]


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


def issuing_org(i: int, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]) -> Optional[str]:
    """"Security Council resolution 1373", "the Council's resolution", "the
    Security Council adopted resolutions …": the ORG just before issued it."""
    if i == 0 or mentions[i - 1].label != "ORG":
        return None
    org, document = mentions[i - 1], mentions[i]
    between = [w.lower() for w in words[org.last : document.first]]
    if not between or between in (["'s"], ["'"]) or (len(between) == 1 and between[0] in adoption_verbs):
        return org.norm
    return None


def adoption_date(
    document: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]
) -> Optional[str]:
    """A date right after the title ("of 1999") or in its clause after an adoption verb."""
    i = document.last
    if i + 1 < len(words) and words[i].lower() in {"of", "in"}:
        after = index.at_token("DATE", i + 1)
        if after is not None:
            return mentions[after].norm
    saw_verb = False
    for j in range(document.last, min(document.last + 10, len(words))):
        word = words[j]
        if word in {".", ";", "(", ")"}:
            break
        if word.lower() in adoption_verbs:
            saw_verb = True
        if saw_verb:
            found = index.at_token("DATE", j)
            if found is not None:
                return mentions[found].norm
    return None


def bracketed_year(title: str) -> dict[str, str]:
    """"resolution 1540 (2004)": the year in brackets is the adoption year."""
    m = _BRACKETED_YEAR.search(title)
    return {"date": m.group(1)} if m else {}


def share_title_attrs(mentions: Sequence[Mention]) -> None:
    """One instrument named twice in a text is one instrument: what one
    mention of a title states (org, date, adopting summit) holds for all."""
    by_title: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.label == "DOCUMENT" and m.last - m.first > 1:
            by_title.setdefault(org_key(m.text), []).append(m)
    for group in by_title.values():
        if len(group) < 2:
            continue
        known: dict[str, Any] = {}
        summit = next((m.summit for m in group if m.summit is not None), None)
        for m in group:
            for key, value in m.attrs.items():
                known.setdefault(key, value)
        for m in group:
            m.attrs = {**known, **m.attrs}
            if m.summit is None:
                m.summit = summit


DRAFT_WORDS = frozenset({"draft", "drafts"})
DRAFT_JOINTS = frozenset({"and", "of", "the", "a", "an", ",", "as", "well"})


def draft_documents(mentions: Sequence[Mention], words: Sequence[str]) -> frozenset[int]:
    """The DOCUMENT mentions the text calls drafts ("the draft Astana
    Declaration", "the first drafts of the Baku Declaration and of the
    Statement on …"): `draft` just before, or joined to a draft before it.
    An item of a list of adopted documents that says `the draft …` is
    adopted all the same (ANNOTATION.md v2), so callers leave those."""
    found = set()
    previous: Optional[int] = None
    for i, m in enumerate(mentions):
        if m.label != "DOCUMENT":
            continue
        before = [w.lower() for w in words[max(0, m.first - 3) : m.first]]
        near = before[-1:] if before else []
        if before[-2:-1] == ["draft"] or near == ["draft"] or (before[-3:-1] == ["drafts", "of"] or before[-2:] == ["drafts", "of"]):
            found.add(i)
        elif previous is not None and previous in found:
            joint = [w.lower() for w in words[mentions[previous].last : m.first]]
            if joint and len(joint) <= 4 and all(w in DRAFT_JOINTS | DRAFT_WORDS for w in joint):
                found.add(i)
        previous = i
    return frozenset(found)


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


def share_coordinated_head(mentions: Sequence[Mention], words: Sequence[str]) -> None:
    """"Statements on A, on B and on C": a coordinated `on …` complement is a
    text of the head it shares, so it takes that head's type, and what the
    head states (org, date, adopting summit) unless it states its own."""
    previous: Optional[Mention] = None
    for m in mentions:
        if m.label != "DOCUMENT":
            continue
        if previous is not None and shares_head(previous, m, words):
            if previous.attrs.get("type"):
                m.attrs = {**m.attrs, "type": previous.attrs["type"]}
            m.attrs = {**{k: v for k, v in previous.attrs.items() if k != "type"}, **m.attrs}
            if m.summit is None:
                m.summit = previous.summit
        previous = m


def shares_head(previous: Mention, document: Mention, words: Sequence[str]) -> bool:
    """A coordinated complement: found as one, or a list item `on …` joined to
    the item before it by `,`/`and`/`as well as` only."""
    if document.rule in COORDINATED_RULES:
        return True
    if document.rule not in LIST_ITEM_RULES or document.first >= len(words) or words[document.first].lower() != "on":
        return False
    joint = tuple(w.lower() for w in words[previous.last : document.first])
    return joint in {(",",), ("and",), (",", "and"), ("as", "well", "as"), (",", "as", "well", "as")}


def share_list_org(mentions: Sequence[Mention]) -> None:
    """The items of one list of adopted documents were adopted under one
    organization: when the items that state an organization all state the
    same one, the others take it ("– On approval of the Plan … of the CSTO
    member states; – To approve the Programme of cooperation of the member
    states …"). A run of list items with no other DOCUMENT between them is one list."""
    documents = [m for m in mentions if m.label == "DOCUMENT"]
    run: list[Mention] = []
    for m in [*documents, None]:
        if m is not None and m.rule in LIST_ITEM_RULES:
            run.append(m)
            continue
        orgs = {item.attrs["org"] for item in run if item.attrs.get("org")}
        if len(orgs) == 1 and len(run) > 1:
            org = orgs.pop()
            for item in run:
                if " between " not in item.text:  # two parties, no one organization
                    item.attrs.setdefault("org", org)
        run = []
