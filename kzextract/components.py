"""Thin spaCy components: candidate finders, the overlap resolver and the
attribute step. The decisions they make live in `rules/` (data) and in the
pure functions of `dates`, `acronyms`, `ordinals`, `kb` and `context`.

Flow (one direction):
  kz_org_candidates, kz_date_candidates, kz_summit_candidates,
  kz_document_candidates  -> doc.spans["kz_<label>"] (may overlap)
  kz_resolve              -> doc.spans["kz_mentions"] (never overlap)
  kz_attributes           -> doc._.kz_records: plain `Mention` values
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

import numpy
from spacy.attrs import IS_LOWER, IS_PUNCT, LOWER, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from . import context
from .acronyms import find_long_form, is_acronym_shape
from .dates import RELATIVE_YEAR_SHIFT, infer_year, normalize, parse_date
from .kb import org_key, slug_id
from .ordinals import parse_ordinal
from .records import LABEL_PRIORITY
from .textview import unhyphenate
from .ruleset import RuleSet, load_rules

CANDIDATE_KEYS = {"ORG": "kz_org", "DATE": "kz_date", "SUMMIT": "kz_summit", "DOCUMENT": "kz_document"}
MENTIONS_KEY = "kz_mentions"
_CLAUSE_END = frozenset({",", ";", ".", ":", "(", ")", "!", "?", "—"})
_MIN_YEAR, _MAX_YEAR = 1700, 2099


@dataclass
class Mention:
    """A resolved mention with plain values, offsets into the doc's text."""

    start: int
    end: int
    label: str
    norm: Optional[str] = None
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: Optional[int] = None  # index of the linked SUMMIT mention


def _register_extensions() -> None:
    for name, default in (("kz_published_year", None), ("kz_paragraph_starts", None), ("kz_records", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_register_extensions()


def _matcher(vocab, rules, *, key: Optional[str] = None, greedy: Optional[str] = "LONGEST") -> Matcher:
    matcher = Matcher(vocab, validate=True)
    if key:
        matcher.add(key, [r.pattern for r in rules], greedy=greedy)
    else:
        for rule in rules:
            matcher.add(rule.id or rule.label, [rule.pattern], greedy=greedy)
    return matcher


class AnchoredMatcher:
    """A Matcher run only around anchor tokens.

    Name and title patterns begin with `*`/`+` runs of capitalized words, so
    a plain Matcher starts a partial match at almost every token. Each pattern
    here also contains a rarer anchor word (a head noun, `summit`, a month, a
    year shape); one numpy pass finds those, and the same patterns run over
    windows around them only. Matches are those of the plain Matcher as long
    as no match reaches further than `left`/`right` tokens from its anchor.
    """

    def __init__(
        self,
        matcher: Matcher,
        vocab,
        *,
        lower: Iterable[str] = (),
        shapes: Iterable[str] = (),
        left: int,
        right: int,
        refine: Optional[Callable[["TokenArrays", numpy.ndarray], numpy.ndarray]] = None,
    ):
        self.matcher = matcher
        self.lower = hashes(vocab, (w.lower() for w in lower))
        self.shapes = hashes(vocab, shapes)
        self.left, self.right = left, right
        self.refine = refine

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        tokens = TokenArrays.of(doc)
        anchors = numpy.zeros(len(doc), dtype=bool)
        if len(self.lower):
            anchors |= numpy.isin(tokens.lower, self.lower)
        if len(self.shapes):
            anchors |= numpy.isin(tokens.shape, self.shapes)
        if self.refine is not None:
            anchors = self.refine(tokens, anchors)
        matches = []
        for start, end in _windows(numpy.flatnonzero(anchors), self.left, self.right, len(doc)):
            matches.extend((key, start + s, start + e) for key, s, e in self.matcher(doc[start:end]))
        return matches


def hashes(vocab, words: Iterable[str]) -> numpy.ndarray:
    return numpy.array(sorted(vocab.strings.add(w) for w in words), dtype="uint64")


class TokenArrays:
    """Per-token attributes of a doc as numpy arrays, read once per doc."""

    def __init__(self, doc: Doc):
        columns = doc.to_array([LOWER, IS_LOWER, IS_PUNCT, SHAPE, ORTH])
        self.lower = columns[:, 0]
        self.is_lower = columns[:, 1].astype(bool)
        self.is_punct = columns[:, 2].astype(bool)
        self.shape = columns[:, 3]
        self.orth = columns[:, 4]

    @classmethod
    def of(cls, doc: Doc) -> "TokenArrays":
        arrays = doc.user_data.get("kz_token_arrays")
        if arrays is None:
            arrays = doc.user_data["kz_token_arrays"] = cls(doc)
        return arrays

    def name_word_before(self) -> numpy.ndarray:
        """Whether the token before each token could be part of a name."""
        name_like = ~self.is_lower & ~self.is_punct
        return numpy.concatenate(([False], name_like[:-1]))

    def next_in(self, words: numpy.ndarray) -> numpy.ndarray:
        return numpy.concatenate((numpy.isin(self.lower[1:], words), [False]))


def _windows(anchors: numpy.ndarray, left: int, right: int, n: int) -> list[tuple[int, int]]:
    """Merged [anchor - left, anchor + right] windows, clipped to [0, n)."""
    windows: list[tuple[int, int]] = []
    for a in anchors.tolist():
        start, end = max(0, a - left), min(n, a + right + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _phrase_matcher(nlp: Language, pairs: Iterable[tuple[str, str]], attr: str) -> PhraseMatcher:
    by_key: dict[str, list[str]] = {}
    for key, text in pairs:
        by_key.setdefault(key, []).append(unhyphenate(text))
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for key, texts in by_key.items():
        matcher.add(key, list(nlp.tokenizer.pipe(sorted(set(texts)))))
    return matcher


# --------------------------------------------------------------------------- ORG


class OrgCandidates:
    """Knowledge-base names and acronyms, document-local acronym definitions
    and name shapes (`… Council`, `Ministry of …`) as ORG candidates."""

    def __init__(self, nlp: Language, rules: RuleSet):
        self.kb = rules.orgs
        self.heads = rules.words("ORG_HEADS")
        self.document_heads = rules.words("DOCUMENT_HEADS")
        self.state_names = rules.words("STATE_NAMES")
        self.name_stopwords = rules.words("NAME_STOPWORDS")
        self.cities = rules.cities
        self.names = _phrase_matcher(nlp, ((i, n) for i, n in self.kb.name_patterns()), "LOWER")
        self.acronyms = _phrase_matcher(nlp, self.kb.acronym_patterns(), "ORTH")
        chain_preps = hashes(nlp.vocab, ["of", "for", "on"])

        def name_can_form(tokens: TokenArrays, anchors: numpy.ndarray) -> numpy.ndarray:
            # A capitalized head with a name word before it or an `of …` chain
            # after it; a lone head ("the Organization") is never a mention.
            return anchors & ~tokens.is_lower & (tokens.name_word_before() | tokens.next_in(chain_preps))

        self.shapes = AnchoredMatcher(
            _matcher(nlp.vocab, rules.org_patterns, key="ORG-SHAPE"),
            nlp.vocab,
            lower=self.heads,
            left=10,
            right=16,
            refine=name_can_form,
        )
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        spans: dict[tuple[int, int], Span] = {}
        for match_id, start, end in self.names(doc):
            if not any(t.is_alpha and not t.is_lower for t in doc[start:end]):
                continue  # "the international criminal court": a description, not the name
            spans[(start, end)] = Span(doc, start, end, "ORG", span_id=self.strings[match_id])
        for match_id, start, end in self.acronyms(doc):
            spans.setdefault((start, end), Span(doc, start, end, "ORG", span_id=self.strings[match_id]))
        for _, start, end in self.shapes(doc):
            start = _skip_leading_noise(doc, start, end)
            if _numbered_meeting(doc[start]):
                continue  # "III CICA Ministerial Council", "5th Review Conference": a meeting
            if end - start < 2 or (start, end) in spans or doc[start:end].text.lower() in self.state_names:
                continue
            if self._continues_past_head(doc, end):
                continue  # "United Nations Public Service Award": the name is of something else
            start = self._drop_leading_city(doc, start, end)
            spans[(start, end)] = Span(doc, start, end, "ORG", span_id=self.org_id(doc[start:end].text))
        for acronym, long_start, paren in acronym_definitions(doc):
            long_form = doc[long_start:paren]
            if long_form[0].lower_ in self.document_heads or not long_form[0].is_title:
                continue
            org_id = self._long_form_id(doc, spans, long_start, paren)
            if org_id is None:
                continue
            spans.setdefault((long_start, paren), Span(doc, long_start, paren, "ORG", span_id=org_id))
            for i in _token_positions(doc, acronym):
                spans[(i, i + 1)] = Span(doc, i, i + 1, "ORG", span_id=org_id)
        doc.spans[CANDIDATE_KEYS["ORG"]] = list(spans.values())
        return doc

    def _continues_past_head(self, doc: Doc, end: int) -> bool:
        if end >= len(doc):
            return False
        nxt = doc[end]
        return (
            nxt.is_title
            and nxt.is_alpha
            and nxt.lower_ not in self.name_stopwords
            and nxt.lower_ not in self.document_heads
            and self.cities.match_at(doc, end) is None  # "… University Almaty": name, then its city
        )

    def _drop_leading_city(self, doc: Doc, start: int, end: int) -> int:
        """"Davos World Economic Forum": a city before a known name is not part of it."""
        city = self.cities.span_at(doc, start)
        if city is None:
            return start
        rest = city[1]
        if rest < end and self.kb.id_for_name(doc[rest:end].text):
            return rest
        return start

    def _long_form_id(self, doc: Doc, spans: dict, long_start: int, paren: int) -> Optional[str]:
        """Id of the organization a definition's long form names, if it names one."""
        ending_here = [s for (b, e), s in spans.items() if e == paren and b <= long_start + 1]
        if ending_here:
            return max(ending_here, key=len).id_
        long_form = doc[long_start:paren]
        if long_form[-1].lower_ in self.heads or any(t.lower_ in self.heads for t in long_form[:2]):
            return self.org_id(long_form.text)
        return None

    def org_id(self, name: str) -> str:
        """KB id of a name, also when a parent acronym or a country word
        precedes it ("Kazakh Foreign Ministry"); else a slug of the name."""
        words = name.split()
        for i in range(len(words)):
            found = self.kb.id_for_name(" ".join(words[i:]))
            if found:
                return found
            if i == 0 and len(words) > 1 and self.kb.id_for_acronym(words[0]):
                continue
            if not words[i][:1].isupper():
                break
        return slug_id(name)


def _numbered_meeting(first) -> bool:
    """A Roman numeral or numeric ordinal before a name marks one session of it."""
    text = first.text
    return (text.isupper() and len(text) > 1 and parse_ordinal(text) is not None) or (
        first.shape_ in ("dxx", "ddxx") and parse_ordinal(text) is not None
    )


def _skip_leading_noise(doc: Doc, start: int, end: int) -> int:
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"–", "-"}):
        start += 1
    return start


def acronym_definitions(doc: Doc) -> list[tuple[str, int, int]]:
    """(acronym, long-form start token, "(" token) for `Long Form (ACR)`.

    Computed once per doc; used by the ORG and DOCUMENT finders."""
    cached = doc.user_data.get("kz_acronym_definitions")
    if cached is not None:
        return cached
    found = []
    orths = TokenArrays.of(doc).orth
    strings = doc.vocab.strings
    opening = numpy.flatnonzero(orths[:-2] == strings.add("("))
    for i in opening[orths[opening + 2] == strings.add(")")].tolist():
        acronym = doc[i + 1].text
        if not is_acronym_shape(acronym):
            continue
        start = i
        while start > 0 and i - start < 12 and not doc[start - 1].is_punct and not doc[start - 1].is_space:
            start -= 1
        words = [t.text for t in doc[start:i]]
        first = find_long_form(acronym, words)
        if first is not None:
            found.append((acronym, start + first, i))
    doc.user_data["kz_acronym_definitions"] = found
    return found


def _token_positions(doc: Doc, text: str) -> list[int]:
    orths = TokenArrays.of(doc).orth
    return numpy.flatnonzero(orths == doc.vocab.strings.add(text)).tolist()


# -------------------------------------------------------------------------- DATE


class DateCandidates:
    """The date grammar of `rules/dates.jsonl`; a match must also parse."""

    def __init__(self, nlp: Language, rules: RuleSet):
        self.matcher = AnchoredMatcher(
            _matcher(nlp.vocab, rules.date_patterns, key="DATE"),
            nlp.vocab,
            lower=rules.lexicons["MONTHS"],
            shapes=[s for name in ("DATE_SHAPES_YEAR", "DATE_SHAPES_RANGE", "DATE_SHAPES_NUMERIC", "DECADE_SHAPES") for s in rules.lexicons[name]],
            left=6,
            right=8,
        )
        self.prepositions = rules.words("DATE_PREPOSITIONS")
        self.relative = rules.words("RELATIVE_YEAR_WORDS")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for _, start, end in self.matcher(doc):
            while start < end and doc[start].lower_ == "between":
                start += 1
            span = doc[start:end]
            if end - start == 1 and not self._plausible_single(doc, start):
                continue
            if parse_date(span.text) is None:
                continue
            spans.append(Span(doc, start, end, "DATE"))
        doc.spans[CANDIDATE_KEYS["DATE"]] = spans
        return doc

    def _plausible_single(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if token.shape_ == "dddd":
            year = int(token.text)
            if not _MIN_YEAR <= year <= _MAX_YEAR:
                return False
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            return not (nxt is not None and nxt.text in {"%", "km", "kilometres", "kilometers", "people", "tons", "troops"})
        if token.lower_ == "may":  # the month, not the modal verb
            prev = doc[i - 1].lower_ if i else ""
            return prev in self.prepositions or prev in self.relative
        return True


# ------------------------------------------------------------------------ SUMMIT


class SummitCandidates:
    """Noun phrases headed by `summit`; a bare one only when its clause pins
    it to one event by a place or a date."""

    def __init__(self, nlp: Language, rules: RuleSet):
        self.matcher = AnchoredMatcher(
            _matcher(nlp.vocab, rules.summit_patterns, key="SUMMIT"), nlp.vocab, lower=rules.lexicons["SUMMIT_HEADS"], left=10, right=2
        )
        self.heads = rules.words("SUMMIT_HEADS")
        self.cities = rules.cities

    def __call__(self, doc: Doc) -> Doc:
        orgs_by_start = _longest_by_start(doc.spans[CANDIDATE_KEYS["ORG"]])
        date_starts = {s.start for s in doc.spans[CANDIDATE_KEYS["DATE"]]}
        spans = []
        for _, start, end in self.matcher(doc):
            bare = doc[start].lower_ in self.heads  # "summit" or "summit meeting", no modifier
            extended = _extend_with_of_org(doc, end, orgs_by_start)
            if bare and extended == end and not self._pinned(doc, end, date_starts):
                continue
            spans.append(Span(doc, start, extended, "SUMMIT"))
        doc.spans[CANDIDATE_KEYS["SUMMIT"]] = spans
        return doc

    def _pinned(self, doc: Doc, end: int, date_starts: set[int]) -> bool:
        """A place or a date in the same clause: "a summit in Shanghai in June 2001"."""
        if self.cities.city_after(doc, end, _CLAUSE_END):
            return True
        for i in range(end, min(end + 8, len(doc))):
            if doc[i].text in _CLAUSE_END:
                return False
            if i in date_starts and doc[i - 1].lower_ in {"in", "on", "of"}:
                return True
        return False


def _longest_by_start(spans: Iterable[Span]) -> dict[int, Span]:
    out: dict[int, Span] = {}
    for span in spans:
        if span.start not in out or len(span) > len(out[span.start]):
            out[span.start] = span
    return out


def _extend_with_of_org(doc: Doc, end: int, orgs_by_start: dict[int, Span]) -> int:
    """Take in a directly following `of (the) <ORG>` chain."""
    while end + 1 < len(doc) and doc[end].lower_ == "of":
        j = end + 1
        if doc[j].lower_ == "the":
            j += 1
        org = orgs_by_start.get(j)
        if org is None:
            break
        end = org.end
    return end


# ---------------------------------------------------------------------- DOCUMENT


class DocumentCandidates:
    """Titles headed by a document type word with their `on/of/for/until …`
    complements, well-known instruments and their acronyms, numbered
    resolutions, and list items after "the following documents were adopted"."""

    def __init__(self, nlp: Language, rules: RuleSet):
        complement = hashes(nlp.vocab, rules.lexicons["TITLE_COMPLEMENT_PREPS"])
        lowercase_heads = hashes(nlp.vocab, [*rules.lexicons["DOCUMENT_HEADS_LOWERCASE"], "law", "roadmap"])
        numbered = hashes(nlp.vocab, ["resolution", "resolutions"])

        def title_can_form(tokens: TokenArrays, anchors: numpy.ndarray) -> numpy.ndarray:
            # A head with a name word before it or a complement after it; in
            # lower case only the heads the patterns allow so.
            context = tokens.name_word_before() | tokens.next_in(complement)
            allowed_case = ~tokens.is_lower | numpy.isin(tokens.lower, lowercase_heads)
            return (anchors & allowed_case & context) | numpy.isin(tokens.lower, numbered)

        self.matcher = AnchoredMatcher(
            _matcher(nlp.vocab, rules.document_patterns, greedy="LONGEST"),
            nlp.vocab,
            lower=[*rules.lexicons["DOCUMENT_HEADS"], "resolutions"],
            left=12,
            right=8,
            refine=title_can_form,
        )
        kb_names = ((d.id, v) for d in rules.documents for v in [d.name, *d.aliases])
        self.names = _phrase_matcher(nlp, kb_names, "LOWER")
        self.acronyms = _phrase_matcher(nlp, ((d.id, a) for d in rules.documents for a in d.acronyms), "ORTH")
        self.types = rules.document_types
        self.kb_org_ids = frozenset(rules.orgs.by_id)
        self.cities = rules.cities
        self.complement_preps = rules.words("TITLE_COMPLEMENT_PREPS")
        self.stopwords = rules.words("TITLE_STOPWORDS")
        self.adoption_verbs = rules.words("ADOPTION_VERBS")
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        spans: dict[tuple[int, int], Span] = {}
        date_starts = frozenset(s.start for s in doc.spans[CANDIDATE_KEYS["DATE"]])
        for match_id, start, end in self.names(doc):
            # A known instrument's name is complete as listed ("… Nuclear Weapons regime").
            spans[(start, end)] = Span(doc, start, end, "DOCUMENT", span_id=self.strings[match_id])
        for match_id, start, end in self.acronyms(doc):
            spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id=self.strings[match_id]))
        numbered_items: set = set()
        for match_id, start, end in self.matcher(doc):
            rule = self.strings[match_id]
            if rule.startswith("numbered-resolution"):
                spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT"))
                if doc[start].lower_ == "resolutions":
                    for item in _listed_numbers(doc, end):
                        spans.setdefault(item, Span(doc, item[0], item[1], "DOCUMENT"))
                        numbered_items.add(item)
                continue
            titled = rule.startswith("titled")
            head_end = end if titled else start + 1
            full_end = self.extend_title(doc, head_end, date_starts)
            if full_end == head_end and not titled:
                continue
            if titled and not _has_name_word(doc[start : head_end - 1]):
                continue
            spans.setdefault((start, full_end), Span(doc, start, full_end, "DOCUMENT"))
        for acronym, long_start, paren in acronym_definitions(doc):
            if doc[long_start].lower_ in self.types:
                for i in _token_positions(doc, acronym):
                    spans.setdefault((i, i + 1), Span(doc, i, i + 1, "DOCUMENT"))
        doc.user_data["kz_numbered_items"] = numbered_items
        list_items = self.list_items(doc)
        doc.user_data["kz_list_items"] = set(list_items)
        for start, end in list_items:
            spans.setdefault((start, end), Span(doc, start, end, "DOCUMENT", span_id="list-item"))
        # "Collective Security Treaty Organization", "United Nations Development
        # Programme": a type word inside a known organization's name is not a title's head.
        org_names = [s for s in doc.spans[CANDIDATE_KEYS["ORG"]] if s.id_ in self.kb_org_ids and len(s) > 1]
        doc.spans[CANDIDATE_KEYS["DOCUMENT"]] = [
            span for span in spans.values() if not self._head_inside_org(span, org_names)
        ]
        return doc

    def _head_inside_org(self, span: Span, org_names: list[Span]) -> bool:
        for org in org_names:
            if org.start <= span.start and span.end <= org.end and len(org) > len(span):
                return True
        head = next((t.i for t in span if t.lower_ in self.types), None)
        if head is None or (span.id_ and span.id_ != "list-item"):
            return False
        return any(org.start <= head < org.end for org in org_names)

    def extend_title(self, doc: Doc, end: int, date_starts: frozenset = frozenset()) -> int:
        """End of a title's `on …`/`of …`/`for …`/`until …` complement; it
        stops before `of <date>`/`in <place>`, which date or place the text."""
        n = len(doc)
        if end >= n or doc[end].lower_ not in self.complement_preps or _dates_the_text(doc, end, date_starts):
            return end
        j = end + 1
        last_word = end
        limit = min(n, end + MAX_COMPLEMENT_TOKENS)
        while j < limit:
            token = doc[j]
            if _dates_the_text(doc, j, date_starts) or (token.lower_ == "in" and self.cities.match_at(doc, j + 1) if j + 1 < n else False):
                break  # "the Almaty Act of 2002", "Declaration in Budapest": date and place are not title
            if token.text == "," and self._comma_inside_list(doc, j):
                j += 1
                continue
            if token.is_space or (token.is_punct and token.text not in {"-", "–"}) or token.text in _CLAUSE_END:
                break
            if token.lower_ in self.stopwords:
                break
            if token.lower_ == "and" and self._starts_another_title(doc, j + 1):
                break
            if token.lower_ not in _FUNCTION_WORDS:
                last_word = j + 1
            j += 1
        return last_word if last_word > end else end

    def _starts_another_title(self, doc: Doc, j: int) -> bool:
        """"… of the SCO and the Shanghai Convention on …": a second title begins."""
        if j < len(doc) and doc[j].lower_ in {"the", "a", "an"}:
            j += 1
        for token in doc[j : j + 6]:
            if token.lower_ in self.types and not token.is_lower:
                return True
            if token.is_lower or token.is_punct:
                return False
        return False

    def _comma_inside_list(self, doc: Doc, j: int) -> bool:
        """"terrorism, separatism and extremism": a comma in a list of nouns that
        closes the title."""
        following = doc[j + 1 : j + 6]
        if not following or not following[0].is_alpha or following[0].lower_ in self.stopwords | _FUNCTION_WORDS:
            return False
        for k, token in enumerate(following):
            if token.lower_.endswith(("ing", "ed")) and token.is_lower:
                return False  # "…, verified and synthesizing": a participle clause
            if token.lower_ == "and":
                after = doc[token.i + 2] if token.i + 2 < len(doc) else None
                return after is None or after.is_punct or after.lower_ in self.stopwords
            if token.is_punct:
                return False
        return False

    def list_items(self, doc: Doc) -> list[tuple[int, int]]:
        """Items of "the following documents were adopted: - X; - Y"."""
        items = []
        for colon in _token_positions(doc, ":"):
            token = doc[colon]
            if token.i < 2:
                continue
            intro = doc[max(0, token.i - 8) : token.i]
            if not any(t.lower_ in {"documents", "document"} for t in intro) or not any(
                t.lower_ in self.adoption_verbs for t in intro
            ):
                continue
            i = token.i + 1
            while i < len(doc) and doc[i].text in {"-", "•", "–", "*"}:
                start = i + 1
                end = start
                while end < len(doc) and doc[end].text not in {";", ".", "(", "•"} and not (
                    doc[end].text == "-" and doc[end - 1].text == ";"
                ):
                    end += 1
                if end > start:
                    items.append((start, end))
                i = end
                while i < len(doc) and doc[i].text in {";", ".", ")"} or (
                    i < len(doc) and doc[i].text == "(" and self._skip_bracket(doc, i) > i
                ):
                    i = self._skip_bracket(doc, i) if doc[i].text == "(" else i + 1
                if i < len(doc) and doc[i - 1].text == "." and doc[i].text not in {"-", "•", "–", "*"}:
                    break
        return items

    @staticmethod
    def _skip_bracket(doc: Doc, i: int) -> int:
        for j in range(i, min(len(doc), i + 30)):
            if doc[j].text == ")":
                return j + 1
        return i


MAX_COMPLEMENT_TOKENS = 45
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "on", "for", "in", "to", "with", "between", "-", "–"})


def _dates_the_text(doc: Doc, j: int, date_starts: frozenset) -> bool:
    """`of 2002`, `of 12 February 2015`: a date after a title dates the text."""
    return doc[j].lower_ in {"of", "in"} and j + 1 < len(doc) and (doc[j + 1].shape_ == "dddd" or j + 1 in date_starts)


_WORDS = re.compile(r"[a-z]+")


def _is_list_item(span: Span) -> bool:
    return (span.start, span.end) in span.doc.user_data.get("kz_list_items", ())


_RESOLUTION_NUMBER_SHAPES = frozenset({"dddd", "ddd", "dd", "dd/d", "dd/dd", "dd/ddd", "ddd/d"})


def _listed_numbers(doc: Doc, i: int) -> list[tuple[int, int]]:
    """"resolutions 822 (1993), 853 (1993) and 884 (1993)": the later numbers,
    each with its bracketed year, are resolutions too."""
    items = []
    n = len(doc)
    while i < n:
        j = i
        while j < n and doc[j].lower_ in {",", "and"}:
            j += 1
        if j == i or j >= n or doc[j].shape_ not in _RESOLUTION_NUMBER_SHAPES:
            break
        end = j + 1
        if end + 2 < n and doc[end].text == "(" and doc[end + 1].shape_ == "dddd" and doc[end + 2].text == ")":
            end += 3
        items.append((j, end))
        i = end
    return items


def _has_name_word(tokens: Span) -> bool:
    return any(t.is_alpha and not t.is_lower for t in tokens) or any(t.shape_ == "dddd" for t in tokens)


# ----------------------------------------------------------------------- RESOLVE


def resolve_overlaps(candidates: list[Span]) -> list[Span]:
    """Non-overlapping mentions: the larger unit wins (DOCUMENT > SUMMIT > ORG
    > DATE), then the longer span, then the earlier one."""
    ranked = sorted(candidates, key=lambda s: (-LABEL_PRIORITY[s.label_], -(s.end_char - s.start_char), s.start))
    taken: list[Span] = []
    occupied = numpy.zeros(max((s.end for s in candidates), default=0) + 1, dtype=bool)
    for span in ranked:
        if not occupied[span.start : span.end].any():
            occupied[span.start : span.end] = True
            taken.append(span)
    return sorted(taken, key=lambda s: s.start)


class Resolver:
    def __call__(self, doc: Doc) -> Doc:
        candidates = [s for key in CANDIDATE_KEYS.values() if key in doc.spans for s in doc.spans[key]]
        doc.spans[MENTIONS_KEY] = resolve_overlaps(candidates)
        return doc


# -------------------------------------------------------------------- ATTRIBUTES


class Attributes:
    """Norms and attributes of the resolved mentions, as plain `Mention`s."""

    def __init__(self, nlp: Language, rules: RuleSet):
        self.types = rules.document_types
        self.kb_document_types = {d.id: d.type for d in rules.documents}
        self.kb = rules.orgs
        self.cities = rules.cities
        self.adoption_verbs = rules.words("ADOPTION_VERBS")

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in doc.spans else []
        # doc.text is rebuilt from the tokens on every access; the caller may hand it over.
        layout = context.Layout(doc.user_data.get("kz_text") or doc.text, doc._.kz_paragraph_starts)
        records: list[Mention] = []
        explicit_years: list[tuple[int, int]] = []  # (char offset, year) of dates with a year
        for span in mentions:
            if span.label_ == "ORG":
                records.append(Mention(span.start_char, span.end_char, "ORG", norm=span.id_ or slug_id(span.text)))
            elif span.label_ == "DATE":
                records.append(self._date(doc, span, layout, explicit_years))
            else:
                records.append(Mention(span.start_char, span.end_char, span.label_))
        for span, record in zip(mentions, records):
            if span.label_ == "SUMMIT":
                record.attrs = self._summit_attrs(doc, span, mentions, records, layout)
        for index, span in enumerate(mentions):
            if span.label_ == "DOCUMENT":
                self._document_attrs(doc, index, mentions, records, layout)
        _share_document_attrs(mentions, records)
        doc._.kz_records = records
        return doc

    def _date(self, doc: Doc, span: Span, layout: "context.Layout", explicit_years: list) -> Mention:
        parsed = parse_date(span.text)
        record = Mention(span.start_char, span.end_char, "DATE")
        if parsed is None:
            return record
        if not parsed.needs_year:
            year = parsed.end.year if parsed.end is not None and parsed.end.year else parsed.start.year
            if year is not None:
                explicit_years.append((span.start_char, year))
            record.norm = parsed.iso()
            return record
        shift = _relative_year_shift(doc, span)
        paragraph = layout.paragraph_of(span.start_char)
        in_context = next(
            (y for offset, y in reversed(explicit_years) if layout.paragraph_of(offset) == paragraph), None
        )
        year = infer_year(
            year_in_context=in_context, published_year=doc._.kz_published_year, relative_shift=shift
        )
        record.norm = normalize(span.text, year=year)
        return record

    def _summit_attrs(self, doc, span, mentions, records, layout) -> dict:
        attrs: dict[str, Any] = {}
        inner_orgs = [s for s in doc.spans[CANDIDATE_KEYS["ORG"]] if s.start >= span.start and s.end <= span.end]
        if inner_orgs:
            attrs["org"] = max(inner_orgs, key=len).id_
        else:
            org = layout.nearest_org(span, mentions, records, self._is_main_org)
            if org:
                attrs["org"] = org
        inside_names = frozenset(i for o in inner_orgs for i in range(o.start, o.end))
        place = self.cities.find_in(doc, span.start, span.end, skip=inside_names) or self.cities.city_after(
            doc, span.end, _CLAUSE_END
        )
        if place:
            attrs["place"] = place
        date = _date_near(span, mentions, records, layout)
        if date:
            attrs["date"] = date
        first = span[0]
        if span.end - span.start > 1 and not (first.i + 1 < len(doc) and doc[first.i + 1].lower_ == "anniversary"):
            if first.text.isupper() or first.is_title or first.is_lower or first.shape_.startswith("d"):
                ordinal = parse_ordinal(first.text) if first.text != "I" else None
                if ordinal:
                    attrs["ordinal"] = ordinal
        return attrs

    def _top_level(self, org_id: str) -> str:
        """The organization an organ belongs to ("CICA-FUND" -> "CICA")."""
        seen = set()
        entry = self.kb.by_id.get(org_id)
        while entry is not None and entry.parent and entry.parent in self.kb.by_id and entry.id not in seen:
            seen.add(entry.id)
            entry = self.kb.by_id[entry.parent]
        return entry.id if entry is not None else org_id

    def _is_main_org(self, org_id: str) -> bool:
        """An organization that holds summits: a KB organization, not an organ."""
        entry = self.kb.by_id.get(org_id)
        return entry is not None and entry.kind in {"igo", "forum"}

    def _document_attrs(self, doc, index, mentions, records, layout) -> None:
        span, record = mentions[index], records[index]
        if (span.start, span.end) in doc.user_data.get("kz_numbered_items", ()):
            # "853 (1993)" in "resolutions 822 (1993), 853 (1993)": as the list's first item.
            first = next((r for m, r in zip(reversed(mentions[:index]), reversed(records[:index])) if m.label_ == "DOCUMENT" and m.text.lower().startswith("resolutions")), None)
            record.attrs = {**(first.attrs if first else {"type": "resolution"}), **_bracketed_year(span)}
            return
        attrs: dict[str, Any] = {}
        doc_type = self._type_of(span)
        if doc_type:
            attrs["type"] = doc_type
        inner_orgs = [
            self._top_level(s.id_)
            for s in sorted(doc.spans[CANDIDATE_KEYS["ORG"]], key=lambda s: s.start)
            if s.start >= span.start and s.end <= span.end and s.id_ in self.kb.by_id
        ]
        summit_index = self._adopting_summit(doc, span, mentions, layout)
        issuer = _issuing_org(mentions, records, index, self.adoption_verbs)
        if inner_orgs:
            attrs["org"] = inner_orgs[0]
        elif issuer:
            attrs["org"] = issuer
        elif summit_index is not None and "org" in records[summit_index].attrs:
            attrs["org"] = records[summit_index].attrs["org"]
        date = self._adoption_date(doc, span, mentions, records) or _bracketed_year(span).get("date")
        if date is None and summit_index is not None:
            date = records[summit_index].attrs.get("date")
        if date:
            attrs["date"] = date
        record.attrs = attrs
        record.ref = summit_index

    def _type_of(self, span: Span) -> Optional[str]:
        if span.id_ in self.kb_document_types:
            return self.kb_document_types[span.id_]
        for token in span:
            found = self.types.get(token.lower_)
            if found:
                return found
        # An adopted list item with no instrument word ("Granting Kuwait the status …") is a decision.
        return "decision" if _is_list_item(span) else None

    def _adopting_summit(self, doc, span, mentions, layout) -> Optional[int]:
        sentence = layout.sentence_of(span.start_char)
        if _is_list_item(span):
            # The list's introduction ("As a result of the VI CICA summit, …:") names it.
            intro_start = layout.sentence_of(max(0, span.start_char - 1))[0]
            window = (intro_start - 400, span.start_char)
            candidates = [i for i, m in enumerate(mentions) if m.label_ == "SUMMIT" and window[0] <= m.start_char < window[1]]
            return candidates[-1] if candidates else None
        words = set(_WORDS.findall(layout.text[sentence[0] : sentence[1]].lower()))
        if not words & self.adoption_verbs:
            return None
        summits = [i for i, m in enumerate(mentions) if m.label_ == "SUMMIT"]
        in_sentence = [i for i in summits if sentence[0] <= mentions[i].start_char < sentence[1]]
        if in_sentence:
            return min(in_sentence, key=lambda i: abs(mentions[i].start_char - span.start_char))
        # "Following the meeting, the heads of state signed …": a back-reference
        # to the summit of the sentence before, in the same paragraph.
        if not words & {"summit", "meeting"} or sentence[0] == 0:
            return None
        previous = layout.sentence_of(sentence[0] - 1)
        if layout.paragraph_of(previous[0]) != layout.paragraph_of(sentence[0]):
            return None
        before = [i for i in summits if previous[0] <= mentions[i].start_char < previous[1]]
        return before[-1] if before else None

    def _adoption_date(self, doc, span, mentions, records) -> Optional[str]:
        """A date right after the title ("of 1999") or in its clause after an adoption verb."""
        i = span.end
        if i + 1 < len(doc) and doc[i].lower_ in {"of", "in"}:
            after = next((r for m, r in zip(mentions, records) if m.label_ == "DATE" and m.start == i + 1), None)
            if after is not None:
                return after.norm
        saw_verb = False
        for j in range(span.end, min(span.end + 10, len(doc))):
            token = doc[j]
            if token.text in {".", ";", "(", ")"}:
                break
            if token.lower_ in self.adoption_verbs:
                saw_verb = True
            if saw_verb:
                found = next((r for m, r in zip(mentions, records) if m.label_ == "DATE" and m.start == j), None)
                if found is not None:
                    return found.norm
        return None


_BRACKETED_YEAR = re.compile(r"\((\d{4})\)$")


def _bracketed_year(span: Span) -> dict[str, str]:
    """"resolution 1540 (2004)": the year in brackets is the adoption year."""
    m = _BRACKETED_YEAR.search(span.text)
    return {"date": m.group(1)} if m else {}


def _issuing_org(mentions: list[Span], records: list[Mention], index: int, adoption_verbs: frozenset) -> Optional[str]:
    """"Security Council resolution 1373", "the Council's resolution", "the
    Security Council adopted resolutions …": the ORG just before issued it."""
    if index == 0 or mentions[index - 1].label_ != "ORG":
        return None
    org, document = mentions[index - 1], mentions[index]
    between = [t.lower_ for t in document.doc[org.end : document.start]]
    if not between or between in (["'s"], ["'"]) or (len(between) == 1 and between[0] in adoption_verbs):
        return records[index - 1].norm
    return None


def _share_document_attrs(mentions: list[Span], records: list[Mention]) -> None:
    """One instrument named twice in a text is one instrument: what one
    mention of a title states (org, date, adopting summit) holds for all."""
    by_title: dict[str, list[Mention]] = {}
    for span, record in zip(mentions, records):
        if span.label_ == "DOCUMENT" and len(span) > 1:
            by_title.setdefault(org_key(span.text), []).append(record)
    for group in by_title.values():
        if len(group) < 2:
            continue
        known: dict[str, Any] = {}
        ref = next((r.ref for r in group if r.ref is not None), None)
        for record in group:
            for key, value in record.attrs.items():
                known.setdefault(key, value)
        for record in group:
            record.attrs = {**known, **record.attrs}
            if record.ref is None:
                record.ref = ref


def _relative_year_shift(doc: Doc, span: Span) -> Optional[int]:
    """"last December", "July of this year", "January 1 this year"."""
    before = doc[span.start - 1].lower_ if span.start else ""
    if before in RELATIVE_YEAR_SHIFT and before not in {"past"}:
        return RELATIVE_YEAR_SHIFT[before]
    after = [t.lower_ for t in doc[span.end : span.end + 3]]
    if after[:1] == ["of"]:
        after = after[1:]
    if len(after) >= 2 and after[0] in RELATIVE_YEAR_SHIFT and after[1] == "year":
        return RELATIVE_YEAR_SHIFT[after[0]]
    return None


def _date_near(span: Span, mentions: list[Span], records: list[Mention], layout) -> Optional[str]:
    """The date of a summit: inside the phrase; else the date of its sentence
    that is nearer to it than to any other summit; else, when its sentence
    has no date, the last date before it in the paragraph."""
    sentence = layout.sentence_of(span.start_char)
    summits = [m for m in mentions if m.label_ == "SUMMIT" and sentence[0] <= m.start_char < sentence[1]]
    best = None
    sentence_has_date = False
    for m, r in zip(mentions, records):
        if m.label_ != "DATE" or r.norm is None:
            continue
        if span.start_char <= m.start_char < span.end_char:
            return r.norm
        if sentence[0] <= m.start_char < sentence[1]:
            sentence_has_date = True
            distance = _char_distance(m, span)
            if any(_char_distance(m, other) < distance for other in summits if other is not span):
                continue  # that date belongs to another summit of the sentence
            if best is None or distance < best[0]:
                best = (distance, r.norm)
    if best or sentence_has_date:
        return best[1] if best else None
    paragraph = layout.paragraph_bounds(span.start_char)
    before = [
        r.norm
        for m, r in zip(mentions, records)
        if m.label_ == "DATE" and r.norm and paragraph[0] <= m.start_char < span.start_char
    ]
    return before[-1] if before else None


def _char_distance(a: Span, b: Span) -> int:
    return max(0, b.start_char - a.end_char, a.start_char - b.end_char)


# ----------------------------------------------------------------- registration


@Language.factory("kz_org_candidates", default_config={"rules_path": None})
def make_org_candidates(nlp: Language, name: str, rules_path: Optional[str]):
    return OrgCandidates(nlp, load_rules(rules_path))


@Language.factory("kz_date_candidates", default_config={"rules_path": None})
def make_date_candidates(nlp: Language, name: str, rules_path: Optional[str]):
    return DateCandidates(nlp, load_rules(rules_path))


@Language.factory("kz_summit_candidates", default_config={"rules_path": None})
def make_summit_candidates(nlp: Language, name: str, rules_path: Optional[str]):
    return SummitCandidates(nlp, load_rules(rules_path))


@Language.factory("kz_document_candidates", default_config={"rules_path": None})
def make_document_candidates(nlp: Language, name: str, rules_path: Optional[str]):
    return DocumentCandidates(nlp, load_rules(rules_path))


@Language.factory("kz_resolve")
def make_resolver(nlp: Language, name: str):
    return Resolver()


@Language.factory("kz_attributes", default_config={"rules_path": None})
def make_attributes(nlp: Language, name: str, rules_path: Optional[str]):
    return Attributes(nlp, load_rules(rules_path))
