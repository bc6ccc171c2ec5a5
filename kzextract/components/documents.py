"""DOCUMENT candidates: titles headed by a document type word with their
complements (`titles.TitleGrammar`), well-known instruments and their
acronyms, numbered resolutions, and the items of adopted-document lists
(`listitems`)."""

from __future__ import annotations

from typing import Optional

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..acronyms import is_acronym_shape
from ..listitems import TRIGGERS, ListGrammar
from ..ruleset import RuleSet
from ..shared_attrs import ENTITLING_WORDS
from ..title_tokens import PERIOD_BOUND_TYPES, adopted_right_after, has_name_word, headline_end, headline_subject_start, listed_numbers, period_complement, quoted_title_kind, quoted_titles
from ..titles import OPENING_QUOTES, TitleGrammar
from ..words import ARTICLES, bracketed_word_at, is_year
from .base import RuleComponent
from .dates import DATE_KEY
from .matching import (
    AnchoredMatcher,
    InnerNames,
    TokenArrays,
    token_texts,
    acronym_definitions,
    hashes,
    paragraph_piece,
    phrase_matcher,
    token_positions,
)
from .orgs import ORG_KEY

DOCUMENT_KEY = "kz_document"
# Rule ids of candidates that are not found by a pattern of document_patterns.jsonl.
KB_NAME, KB_ACRONYM, DEFINED_ACRONYM = "kb-document", "kb-document-acronym", "defined-document-acronym"
LIST_ITEM, NUMBERED_ITEM = "list-item", "numbered-resolution-item"
ADOPTED_LOWERCASE, ADOPTED_WEAK, QUOTED_TITLE = "adopted-lowercase-title", "adopted-weak-title", "quoted-title"
HEAD_QUOTED_NAME, BRACKETED_ACRONYM = "head-quoted-name", "bracketed-document-acronym"
HEADLINE_SUBJECT = "headline-subject-title"
COORDINATED_TITLE = "coordinated-title"


class DocumentCandidates(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        vocab = self.nlp.vocab
        complement = hashes(vocab, rules.lexicons["TITLE_COMPLEMENT_PREPS"])
        lowercase_heads = hashes(vocab, [*rules.lexicons["DOCUMENT_HEADS_LOWERCASE"], "law", "roadmap"])
        numbered = hashes(vocab, ["resolution", "resolutions"])

        apostrophes = hashes(vocab, ["'", "’"])

        def title_can_form(tokens: TokenArrays, anchors: numpy.ndarray) -> numpy.ndarray:
            # A head with a name word before it ("New Delhi Leaders' Declaration":
            # past a possessive's apostrophe) or a complement after it; in
            # lower case only the heads the patterns allow so.
            after_apostrophe = numpy.concatenate(([False], tokens.has("orth", apostrophes)[:-1]))
            context = tokens.name_word_before() | tokens.next_in(complement) | after_apostrophe
            allowed_case = ~tokens.is_lower | tokens.has("lower", lowercase_heads)
            return (anchors & allowed_case & context) | tokens.has("lower", numbered)

        self.matcher = AnchoredMatcher(
            vocab,
            rules.document_patterns,
            lower=[*rules.lexicons["DOCUMENT_HEADS"], "resolutions"],
            left=12,
            right=8,
            refine=title_can_form,
        )
        kb_names = ((d.id, v) for d in rules.documents for v in [d.name, *d.aliases])
        self.names = phrase_matcher(self.nlp, kb_names, "LOWER")
        self.acronyms = phrase_matcher(self.nlp, ((d.id, a) for d in rules.documents for a in d.acronyms), "ORTH")
        self.types = rules.document_types
        self.kb_org_ids = frozenset(rules.orgs.by_id)
        self.org_kb = rules.orgs
        self.adoption_verbs = rules.words("ADOPTION_VERBS")
        self.lists = ListGrammar.from_lexicons(rules.lexicons, rules.document_types)
        self.titles = TitleGrammar.from_lexicons(rules.lexicons, rules.document_types, rules.cities)
        self.weak_heads = rules.words("WEAK_DOCUMENT_HEADS")
        self.name_stopwords = rules.words("NAME_STOPWORDS")
        # "documents", "rules of law" in prose are never one text's name.
        self.lowercase_heads = frozenset(w for w in rules.document_types if " " not in w) - rules.words("CAPITALIZED_ONLY_HEADS")
        self.quantity_words = rules.words("QUANTITY_WORDS")
        self.ordinal_words = rules.words("ORDINAL_WORDS")  # spaCy's like_num takes "first" for a number
        self.proposed_heads = rules.words("DOCUMENT_HEADS_LOWERCASE")
        self.proposal_verbs = rules.words("TEXT_PROPOSAL_VERBS")
        self.reaching_verbs = rules.words("REACHING_VERBS")
        self.proposed_text_heads = rules.words("PROPOSED_TEXT_HEADS")
        self.quoted_intro = rules.words("QUOTED_TITLE_INTRO")
        self.generic_modifiers = rules.words("TITLE_MODIFIER_STOPWORDS") | rules.words("GENERIC_TITLE_MODIFIERS")
        self.kb_name_complements = frozenset({"on", "for"})
        self.trigger_hashes = hashes(vocab, TRIGGERS)
        self.quote_hashes = hashes(vocab, OPENING_QUOTES)
        self.adopted_head_hashes = hashes(vocab, [*self.lowercase_heads, *self.weak_heads, "road"])

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = token_texts(doc)
        spans: dict[tuple[int, int], Span] = {}
        date_starts = frozenset(s.start for s in doc.spans[DATE_KEY])
        breaks = TokenArrays.of(doc).paragraph_tokens
        for _, start, end in self.names(doc):
            # A known instrument's name is complete as listed ("… Nuclear Weapons
            # regime"), unless its head takes a complement ("Vienna Document on
            # confidence- and security-building measures").
            if doc[end - 1].lower_ in self.types and end < len(doc) and doc[end].lower_ in self.kb_name_complements:
                end = self.titles.extend(words, end, date_starts, breaks)
            spans[(start, end)] = Span(doc, start, end, "DOCUMENT", span_id=KB_NAME)
        for _, start, end in self.acronyms(doc):
            spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id=KB_ACRONYM))
        for rule, start, end in self.matcher(doc):
            if rule.startswith("numbered-resolution"):
                spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id=rule))
                if doc[start].lower_ == "resolutions":
                    for item in listed_numbers(words, end):
                        spans.setdefault(item, Span(doc, item[0], item[1], "DOCUMENT", span_id=NUMBERED_ITEM))
                continue
            titled = rule.startswith("titled")
            if not titled and reached_agreement(words, start, self.reaching_verbs):
                continue  # "did not reach agreement on the candidate": a meeting of minds, not a text
            head_end = end if titled else start + 1
            start, _ = paragraph_piece(breaks, start, head_end, head_end - 1)
            full_end = self.titles.extend(words, head_end, date_starts, breaks)
            if full_end == head_end and not titled:
                continue
            if titled and not has_name_word(words[start : head_end - 1]):
                continue
            start = self.titles.extend_left(words, start)
            if rule == "titled-lowercase-head":
                start = self.titles.lowercase_start(words, start)
            full_end = self.titles.with_quoted_name(words, full_end, breaks, date_starts)
            spans.setdefault((start, full_end), Span(doc, start, full_end, "DOCUMENT", span_id=rule))
            self._add_coordinated(doc, spans, words, head_end, full_end, date_starts, breaks)
        arrays = TokenArrays.of(doc)
        quotes = numpy.flatnonzero(arrays.has("orth", self.quote_hashes)).tolist()
        for start, end in quoted_titles(words, breaks, self.quoted_intro, self.titles.adoption_verbs, quotes):
            intro = start - 2
            while intro > 0 and words[intro] == ",":
                intro -= 1
            if words[intro].lower() in ENTITLING_WORDS and quoted_title_kind(words, start, self.types) is None:
                continue  # a conference "entitled “Solidarity Against Intolerance …”": only a text's title is a DOCUMENT
            spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id=QUOTED_TITLE))
        # after the quoted titles, so a title joined to one is adopted with it
        for rule, start, end, head_end in self._adopted_titles(doc, words, breaks, date_starts, spans):
            spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id=rule))
            self._add_coordinated(doc, spans, words, head_end, end, date_starts, breaks)
        for quote in quotes:
            # "the Concept “Eurasia – 2050”": a capitalized head named by the quotes after it
            head = quote - 1
            named = quote + 1 < len(doc) and not doc[quote + 1].is_lower  # "the Charter “remains our compass”" is a quotation
            if head >= 0 and named and words[head].lower() in self.types and not doc[head].is_lower:
                end = self.titles.with_quoted_name(words, quote, breaks, date_starts)
                start = head
                while start > 0 and start - 1 not in breaks and doc[start - 1].is_title and doc[start - 1].lower_ not in self.titles.stopwords:
                    start -= 1  # "the State Programme “Path to Europe”"
                if end > quote and not any(s <= head < e for s, e in spans):
                    spans[(start, end)] = Span(doc, start, end, "DOCUMENT", span_id=HEAD_QUOTED_NAME)
        for acronym, long_start, paren in acronym_definitions(doc):
            if doc[long_start].lower_ in self.types:
                for i in token_positions(doc, acronym):
                    spans.setdefault((i, i + 1), Span(doc, i, i + 1, "DOCUMENT", span_id=DEFINED_ACRONYM))
        self._add_bracketed_acronyms(doc, spans, words)
        items = self.lists.items(words, breaks, numpy.flatnonzero(arrays.has("lower", self.trigger_hashes)).tolist())
        if items:
            # An adopted list's items are what the list names: a title found
            # across an item's edge ("Decision to approve the regulations …")
            # gives way, and a known instrument keeps its name as the rule.
            covered = {i for start, end in items for i in range(start, end)}
            spans = {key: span for key, span in spans.items() if key in set(items) or not covered.intersection(range(*key))}
            for start, end in items:
                if spans.get((start, end)) is None or spans[(start, end)].id_ not in (KB_NAME, KB_ACRONYM):
                    spans[(start, end)] = Span(doc, start, end, "DOCUMENT", span_id=LIST_ITEM)
        spans = _without_runs_past_a_coordinated_title(spans)
        # "Collective Security Treaty Organization", "United Nations Development
        # Programme": a type word inside a known organization's name is not a title's head.
        org_names = [(s.start, s.end) for s in doc.spans[ORG_KEY] if len(s) > 1 and self._known_org(s)]
        inner = InnerNames(doc.spans[ORG_KEY])
        kept = []
        for span in spans.values():
            if not self._head_inside_org(span, org_names):
                span._.kz_orgs = inner.within(span.start, span.end)
                kept.append(span)
        doc.spans[DOCUMENT_KEY] = kept
        return doc

    def _add_bracketed_acronyms(self, doc: Doc, spans: dict, words) -> None:
        """"Programme … in the Aral Sea Basin for 2003-2010 (ASBP-2)": an
        acronym in brackets right after a title headed by its type word (or
        with a number, "Aral Sea Basin Programme-4 (ASBP-4)"), spelled from
        its words' initials in any order, abbreviates it, unless it names an
        organization; each of its mentions is a DOCUMENT."""
        org_tokens = {i for s in doc.spans[ORG_KEY] for i in range(s.start, s.end)}
        for start, end in list(spans):
            if not bracketed_word_at(words, end) or end + 1 in org_tokens:
                continue
            acronym = words[end + 1]
            initials = {w[0].lower() for w in words[start:end] if w[:1].isalpha()}
            spelled = all(c.lower() in initials for c in acronym if c.isalpha())  # not "… on Climate Change (COP29)"
            headed = words[start].lower() in self.types  # as a defined acronym's long form: not "General Agreement on Tariffs and Trade (GATT)", an institution as often
            numbered = any(c.isdigit() for c in acronym)  # "Aral Sea Basin Programme-4 (ASBP-4)"
            if (headed or numbered) and spelled and is_acronym_shape(acronym) and self.org_kb.org_id(acronym) not in self.kb_org_ids:
                for i in token_positions(doc, acronym):
                    if i not in org_tokens:
                        spans.setdefault((i, i + 1), Span(doc, i, i + 1, "DOCUMENT", span_id=BRACKETED_ACRONYM))

    def _add_coordinated(self, doc: Doc, spans: dict, words, head_end: int, end: int, date_starts, breaks) -> None:
        """"statements on A, on B and on C": each coordinated `on …` complement
        of a title is a title of its own."""
        if head_end < len(doc) and doc[head_end].lower_ == "on":
            for start, piece_end in self.titles.coordinated_complements(words, end, date_starts, breaks, head=words[head_end - 1]):
                spans.setdefault((start, piece_end), Span(doc, start, piece_end, "DOCUMENT", span_id=COORDINATED_TITLE))

    def _adopted_titles(self, doc: Doc, words, breaks, date_starts, spans: dict) -> list[tuple[str, int, int, int]]:
        """Titles whose head only names a text where the text adopts it: a
        lower-case head with a complement in an adoption clause ("the leaders
        issued statements on …", "approve road map for 2025-2027"), a proposed
        text after `a` ("a comprehensive convention on cybercrime"), and a
        capitalized weak head ("endorsed the Initiative on …"); and a singular
        head bounded by its period ("the strategy until 2035 was negotiated")."""
        found = []
        titles_by_end = {end: start for start, end in spans}
        arrays = TokenArrays.of(doc)
        lower = arrays.is_lower
        n = len(doc)
        headline = headline_end(words, breaks)
        for i in numpy.flatnonzero(arrays.has("lower", self.adopted_head_hashes)).tolist():
            word = doc[i].lower_
            head_end = i + 2 if word == "road" and i + 1 < n and doc[i + 1].lower_ == "map" else i + 1
            if head_end == i + 1 and word not in self.lowercase_heads and word not in self.weak_heads:
                continue
            if lower[i] and reached_agreement(words, i, self.reaching_verbs):
                continue
            plural_title = not lower[i] and i > 0 and lower[i - 1] and not self.titles.singular(word)  # "approved Statements on A, on B"
            if lower[i] or plural_title:
                end = self.titles.extend(words, head_end, date_starts, breaks)
                subject_start = headline_subject_start(words, i, self.adoption_verbs, self.generic_modifiers) if i < headline and self.titles.singular(word) else None
                if subject_start is not None and end == head_end:
                    found.append((HEADLINE_SUBJECT, subject_start, end, head_end))  # a headline's "sign e-commerce agreement"
                    titles_by_end.setdefault(end, subject_start)
                    continue
                if end == head_end or (word == "decision" and doc[head_end].lower_ == "to"):
                    continue
                start = self.titles.lowercase_start(words, i)
                if subject_start is not None:
                    start = min(start, subject_start)  # "SCO adopts Tianjin Declaration, development strategy until 2035"
                before = doc[start - 1] if start else None
                if before is not None and before.lower_ == "by" and start == i:
                    continue  # "adopted by consensus on the second day": how, not what
                counted = before is not None and before.like_num and before.lower_ not in self.ordinal_words
                if counted or (before is not None and before.lower_ in self.quantity_words):
                    continue  # "adopted 13 resolutions on Abkhazia": several texts, none named; not "the first resolution on …"
                proposed = start > 0 and doc[start - 1].lower_ in {"a", "an"} and word in self.proposed_heads
                # "proposed to draw up a programme of cooperation of the member states on …"
                proposed = proposed or (
                    word in self.proposed_text_heads
                    and self.titles.in_adoption_clause(words, start, breaks, verbs=self.proposal_verbs)
                    and [w.lower() for w in words[max(0, start - 3) : start - 1]] != ["set", "up"]  # a project to set up
                )
                # "a programme of cooperation on combating crime for 2029-2033": a text bounded by its period
                dated = self.titles.singular(word) and (
                    period_complement(words, head_end)
                    or (self.types.get(word) in PERIOD_BOUND_TYPES and any(period_complement(words, k) for k in range(head_end + 1, end - 1)))
                )
                # A weak head joined by a comma is an apposition ("the Istanbul
                # Declaration, the final document of the summit"), not another text.
                conjunct = word in self.lowercase_heads and self.titles.adopted_conjunct(words, start, titles_by_end, breaks)
                adopted = self.titles.in_adoption_clause(words, start, breaks) or conjunct or (self.titles.singular(word) and adopted_right_after(words, end, self.titles.adoption_verbs))
                if proposed or dated or adopted:
                    found.append((ADOPTED_LOWERCASE, start, end, head_end))
                    titles_by_end.setdefault(end, start)
                    if doc[head_end].lower_ == "on":
                        for _, piece_end in self.titles.coordinated_complements(words, end, date_starts, breaks, head=word):
                            titles_by_end[piece_end] = start  # over a title found inside a complement
            elif word in self.weak_heads:
                start = i
                while start > 0 and start not in breaks and not lower[start - 1] and not doc[start - 1].is_punct:
                    start -= 1
                while start < i and doc[start].lower_ in self.name_stopwords:
                    start += 1  # "The Final Document adopted …" opening a sentence
                end = self.titles.with_quoted_name(words, self.titles.extend(words, head_end, date_starts, breaks), breaks, date_starts)
                adopted = (
                    self.titles.in_adoption_clause(words, start, breaks)
                    or self.titles.adopted_conjunct(words, start, titles_by_end, breaks)  # "…, as well as the Joint Appeal of …"
                    or adopted_right_after(words, end, self.titles.adoption_verbs)  # "the Initiative on …, endorsed by the ministers"
                )
                named = start < i and has_name_word(words[start:i])  # "the Turkic World 2040 Vision, adopted …"
                year_named = end == head_end + 1 and is_year(words[head_end])  # "the implementation of the Steppe Vision 2035": the year names the text
                if year_named or (end > head_end or (named and adopted_right_after(words, end, self.titles.adoption_verbs))) and adopted:
                    found.append((ADOPTED_WEAK, start, end, head_end))
                    titles_by_end.setdefault(end, start)
        return found

    def _known_org(self, span: Span) -> bool:
        if span.id_ == "kb-name":
            return True
        return self.org_kb.org_id(span.text) in self.kb_org_ids

    def _head_inside_org(self, span: Span, org_names: list[tuple[int, int]]) -> bool:
        for start, end in org_names:
            if start <= span.start and span.end <= end and end - start > len(span):
                return True
        head = next((t.i for t in span if t.lower_ in self.types), None)
        if head is None or span.id_ in (KB_NAME, KB_ACRONYM, LIST_ITEM):
            return False  # a list item is what the list's layout says ("On the chairmanship in the … Treaty Organization")
        return any(start <= head < end for start, end in org_names)


@Language.factory(
    "kz_document_candidates",
    default_config={"rules_path": None},
    requires=["doc.spans"],
    assigns=["doc.spans"],
)
def make_document_candidates(nlp: Language, name: str, rules_path: Optional[str]) -> DocumentCandidates:
    return DocumentCandidates(nlp, name, rules_path)


def reached_agreement(words, head: int, reaching_verbs: frozenset) -> bool:
    """"reached (a broad) agreement on …": the verb before the head, past
    its article and up to two lower-case modifiers, is one of reaching."""
    if words[head].lower() != "agreement":
        return False
    i = head - 1
    if i >= 0 and words[i].lower() in ARTICLES:
        i -= 1
    for _ in range(3):
        if i < 0:
            return False
        if words[i].lower() in reaching_verbs:
            return True
        if not words[i].islower():
            return False
        i -= 1
    return False


def _without_runs_past_a_coordinated_title(spans: dict) -> dict:
    """"decisions on A, on the Regulations of the Meeting … for Information
    and Media and on the chairmanship …": a title found inside one coordinated
    complement does not run on into the next."""
    coordinated = [key for key, span in spans.items() if span.id_ == COORDINATED_TITLE]
    return {key: span for key, span in spans.items() if not any(start < key[0] < end < key[1] for start, end in coordinated)}
