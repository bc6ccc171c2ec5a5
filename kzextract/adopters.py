"""Who adopts a text, when the text names the adopter before the verb: an
ORG whose members adopt in its name ("CSTO leaders adopt Minsk
Declaration"), or a body that is no summit, named as an ORG ("the
Ministerial Council adopted the following documents:") or by its members
("the heads of government approved …"): then the texts take its
organization and no summit link."""

from __future__ import annotations

import re
from typing import Collection, Optional, Sequence

from .kb import OrgKB
from .layout import Layout
from .mention import Mention, MentionIndex
from .orgids import organization_of
from .shared_attrs import adopted_lists
from .vocab import listed
from .words import ARTICLES, OPENING_QUOTES

_TOKENS = re.compile(r"\w+|[^\w\s]")


def past_met(words: Sequence[str], k: int, limit: int, reach: int = 10) -> int:
    """Past "met in Dushanbe and" / "met in Gabala on 14 October," after a
    body's name: where the verb that adopts its texts stands."""
    if k >= len(words) or words[k].lower() != "met":
        return k
    for t in range(k + 1, min(limit, k + reach)):
        if words[t].lower() == "and" or words[t] == ",":
            return t + 1
        if words[t] in {".", ";", ":"}:
            break
    return k


def adopted_by_body_words(words: Sequence[str], adoption_verbs: Collection[str], body_words: Collection[str], reach: int = 4) -> bool:
    """Whether the words of a clause hold an adoption by a body that is no
    summit, named by its members rather than by an ORG, passive ("the
    documents adopted by the ministers", "approved by the senior officials")
    or active ("the heads of government approved the following documents:")."""
    return adopting_body_word(words, adoption_verbs, body_words, reach) != (None, False)


def adopting_body_word(words: Sequence[str], adoption_verbs: Collection[str], body_words: Collection[str], reach: int = 4) -> tuple[Optional[str], bool]:
    """The body word of `adopted_by_body_words` ("ministers", "government")
    and whether it is the verb's subject (not a by-phrase, which may be about
    another text of the clause), or (None, False)."""
    for k in range(len(words)):
        if words[k].lower() not in adoption_verbs:
            continue
        subject = _body_subject_before(words, k, body_words)
        if subject is not None:
            return subject, True
        if k + 1 < len(words) and words[k + 1].lower() == "by":
            for t in range(k + 2, min(len(words), k + 2 + reach)):
                if words[t].lower() in body_words:
                    return words[t].lower(), False
                if not words[t].isalpha():
                    break
    return None, False


def _body_subject_before(words: Sequence[str], verb: int, body_words: Collection[str]) -> Optional[str]:
    """"the heads of government signed", "the foreign ministers also
    adopted": the members of a body that is no summit, as the verb's
    subject; not "the heads of state and government signed"."""
    k = verb - 1
    while k >= 0 and (words[k].lower() in SUBJECT_VERB_FILLERS or (words[k].endswith("ly") and words[k].isalpha())):
        k -= 1
    if k < 0 or words[k].lower() not in body_words or "state" in (w.lower() for w in words[max(0, k - 2) : k]):
        return None
    return words[k].lower()


SUBJECT_VERB_FILLERS = frozenset({"also", "have", "has", "had", "jointly"})


def issuing_org(i: int, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]) -> Optional[str]:
    """"Security Council resolution 1373", "the Council's resolution", "the
    Security Council adopted resolutions …", "CSTO leaders adopt Minsk
    Declaration", "CIS prime ministers approve …", "the General Assembly on
    22 September adopted …": the ORG just before (past a date) issued it."""
    j = i - 1
    while j > 0 and mentions[j].label == "DATE":
        j -= 1  # "The General Assembly on 22 September adopted the Pact …"
    if i == 0 or mentions[j].label != "ORG":
        return None
    org, document = mentions[j], mentions[i]
    dated = {k for m in mentions[j + 1 : i] for k in range(m.first - (words[m.first - 1].lower() in DATE_PREPOSITIONS), m.last)}
    between = _without_how(_without_entitling_head(_without_participle_clause([words[k].lower() for k in range(org.last, document.first) if k not in dated])))
    if between[-1:] and between[-1] in ORDINAL_WORDS:
        between = between[:-1]  # "UN General Assembly adopts first resolution on …"
    if between[-1:] in (["the"], ["a"], ["an"]) and len(between) > 1 and between[-2] in adoption_verbs and between[-2] not in PARTY_VERBS:
        between = between[:-1]  # "… adopted the Pact for the Future"; "the Government of X signed the Convention" is a party's act
    if between and between[-1] in adoption_verbs:
        # "the Assembly adopted", "… unanimously adopted", "… has adopted", "SCO heads of state adopt", "… today adopted"
        between = [
            w for w in between[:-1] if not (w.endswith("ly") and w.isalpha()) and w not in ISSUER_AUXILIARIES | ISSUER_MEMBER_WORDS | ISSUER_TIME_WORDS
        ]
    if not between or between in (["'s"], ["'"], [",", "whose"], ["whose"]):
        return org.norm  # also "the Organisation of Islamic Cooperation, whose Astana Declaration …"
    return None


def _without_participle_clause(between: list[str]) -> list[str]:
    """"The CSTO Collective Security Council, held by videoconference today,
    adopted …", "The Council, meeting in Taraz, adopted …": a clause between
    commas that opens with a participle describes the issuer."""
    if between[:1] == [")"]:
        between = between[1:]  # "… Organization (CSTO), held by videoconference today, adopted …"
    participle = between[1].endswith(("ed", "ing")) or between[1] in {"held", "met"} if len(between) > 1 else False
    if len(between) < 3 or between[0] != "," or not participle or "," not in between[2:]:
        return between
    return between[between.index(",", 2) + 1 :]


def _without_entitling_head(between: list[str]) -> list[str]:
    """"… adopted a resolution entitled “Strengthening …”": the head the quoted
    title is named by is the title's own, not words between issuer and text."""
    if between[-1:] and between[-1] in OPENING_QUOTES:
        between = between[:-1]
    if len(between) >= 2 and between[-1] in {"entitled", "titled"}:
        between = between[:-2]  # the head
        if between[-1:] and between[-1] in ARTICLES:
            between = between[:-1]
    return between


def _without_how(between: list[str]) -> list[str]:
    """"… adopted by consensus (the)", "… adopted without a vote": how, after the verb."""
    determiner = between[-1:] if between[-1:] and between[-1] in ARTICLES else []
    body = between[: len(between) - len(determiner)]
    for how in HOW_ADOPTED:
        if len(body) > len(how) and tuple(body[-len(how) :]) == how:
            return body[: -len(how)] + determiner
    return between


HOW_ADOPTED = (("by", "consensus"), ("without", "a", "vote"), ("unanimously",))
ISSUER_TIME_WORDS = frozenset({"today", "yesterday", "also"})
ORDINAL_WORDS = listed("ORDINAL_WORDS")
ISSUER_AUXILIARIES = frozenset({"has", "have", "had"})
DATE_PREPOSITIONS = frozenset({"on", "in"})
PARTY_VERBS = frozenset({"signed", "sign", "signs", "signing", "ratified", "ratify", "ratifies", "concluded", "proposed", "presented"})
ISSUER_MEMBER_WORDS = listed("ISSUER_MEMBER_WORDS")  # the organization's members adopt in its name


class NonSummitBodies:
    """Bodies that are no summit (NON_SUMMIT_BODY_WORDS: ministers, a board,
    the government) as the adopters of texts or lists."""

    def __init__(self, kb: OrgKB, adoption_verbs: Collection[str], body_words: Collection[str]):
        self.kb = kb
        self.adoption_verbs = frozenset(adoption_verbs)
        self.non_summit_bodies = frozenset(body_words)

    def named_before_the_verb(
        self, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], clause_start: int, document: Mention
    ) -> Optional[Mention]:
        """"the Ministerial Council adopted the following documents:", "the Board
        adopted a protocol decision …": the body that adopts it, named right
        before the verb, when it is a meeting of ministers, officials or a board, not a summit."""
        for j in index.between("ORG", clause_start, document.start):
            org = mentions[j]
            k = past_met(words, org.last, document.first)
            if k < len(words) and words[k].lower() == "also":
                k += 1
            if k < document.first and words[k].lower() in self.adoption_verbs and set(org.text.lower().split()) & self.non_summit_bodies:
                return org
        return None

    def adopted_lists(
        self, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], layout: Layout
    ) -> dict[int, Optional[str]]:
        """id() of each item of a list whose introduction names a body that is
        no summit as its adopter ("the Ministerial Council adopted the
        following documents:", "the heads of government approved the
        following documents:") -> the body's organization, if named."""
        found: dict[int, Optional[str]] = {}
        for run in adopted_lists(mentions):
            sentence = layout.sentence_of(run[0].start)
            intro_start = layout.sentence_of(max(0, sentence[0] - 1))[0]
            body = self.named_before_the_verb(mentions, index, words, intro_start, run[0])
            if body is not None:
                found.update((id(m), organization_of(body.norm or "", self.kb)) for m in run)
                continue
            word, subject = adopting_body_word(_TOKENS.findall(layout.text[intro_start : run[0].start]), self.adoption_verbs, self.non_summit_bodies)
            if word is not None:
                org = self.members_org(word, mentions, index, run[0].start) if subject else None
                found.update((id(m), org) for m in run)
        return found

    def members_org(self, body_word: str, mentions: Sequence[Mention], index: MentionIndex, before: int) -> Optional[str]:
        """"the heads of government signed …" after "the Council of Heads of
        Government of the SCO": the organization of the last body named
        before with that word."""
        for j in reversed(index.between("ORG", 0, before)):
            name = mentions[j].text.split()
            if body_word in (w.lower() for w in name):
                # "Board of IFAS", an organ the knowledge base does not list: the organization it names
                named = [organization_of(w, self.kb) for w in reversed(name) if w in self.kb.by_id]
                bracketed = mentions[j + 1] if j + 1 < len(mentions) and mentions[j + 1].label == "ORG" and mentions[j + 1].start <= mentions[j].end + 3 else None
                if bracketed is not None:  # "Board of the International Fund for Saving the Aral Sea (IFAS)"
                    named.append(organization_of(bracketed.norm or "", self.kb))
                of = mentions[j].text.rsplit(" of ", 1)  # "Council of Heads of Government of the Collective Security Treaty Organization"
                if len(of) == 2:
                    named.append(organization_of(self.kb.org_id(of[1].removeprefix("the ")) or "", self.kb))
                return organization_of(mentions[j].norm or "", self.kb) or next((org for org in named if org), None)
        return None

