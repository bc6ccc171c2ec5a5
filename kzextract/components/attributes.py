"""Norms and attributes of the resolved mentions (`doc.ents`).

A thin component: it reads only the resolved mentions and the doc's token
texts, turns them into plain `Mention` values, lets the decision modules
fill them (`orgids`, `dates`, `summit_attrs`, `document_attrs`), and writes
the results to `span._.kz_norm` and `span._.kz_attrs`.
"""

from __future__ import annotations

from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..dateline import dateline_date
from ..dates import YEARLY_DAY_REACH, normalize_dates, published_year, relative_year_shift
from ..document_attrs import DocumentAttributes
from ..document_orgs import DocumentOrgs
from ..kb import org_key
from ..layout import Layout
from ..mention import Mention
from ..orgids import org_id_in_text, set_org_norms
from ..ruleset import RuleSet
from ..summit_attrs import SummitAttributes
from .base import RuleComponent
from .matching import token_texts, ViewTexts, acronym_definitions


class Attributes(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        self.kb = rules.orgs
        known_types = {org_key(name): d.type for d in rules.documents for name in [d.name, *d.aliases]}
        known_types.update({acronym: d.type for d in rules.documents for acronym in d.acronyms})
        known_issuers = {org_key(name): d.issuer for d in rules.documents if d.issuer for name in [d.name, *d.aliases, *d.acronyms]}
        self.summits = SummitAttributes(rules.orgs, rules.cities)
        self.documents = DocumentAttributes(
            DocumentOrgs(
                rules.orgs,
                rules.words("ADOPTION_VERBS"),
                {rule.id: rule.issuer for rule in rules.document_patterns if rule.issuer},
                known_issuers,
                rules.words("ORG_SHORT_NAMES"),
            ),
            rules.document_types,
            known_types,
            rules.words("ADOPTION_VERBS"),
            rules.words("TEXT_PROPOSAL_VERBS"),
            rules.words("NON_SUMMIT_BODY_WORDS"),
            rules.words("LIST_INTRO_VERBS"),
            rules.words("TEXT_REFERENCE_WORDS"),
            rules.cities.match_at,
        )

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        ents = list(doc.ents)
        mentions = [
            Mention(e.label_, e.start_char, e.end_char, e.start, e.end, e.text, rule=e.id_) for e in ents
        ]
        words = token_texts(doc)
        text = ViewTexts.of(doc)
        layout = Layout(text, doc._.kz_paragraphs)
        defined = set_org_norms(mentions, self.kb, acronym_definitions(doc), words)
        for ent, m in zip(ents, mentions):
            for start, end, rule in ent._.kz_orgs or ():
                text = doc[ent.start + start : ent.start + end].text
                m.inner_orgs.append((ent.start + start, ent.start + end, org_id_in_text(text, rule, self.kb, defined)))
        dates = [m for m in mentions if m.label == "DATE"]
        published = doc._.kz_published or dateline_date(doc._.kz_raw_text if doc._.kz_raw_text is not None else text)
        year = published_year({"published": published})
        norms = normalize_dates(
            [
                (m.text, layout.paragraph_of(m.start), layout.sentence_of(m.start)[0], relative_year_shift(words[m.first - 1] if m.first else "", words[m.last : m.last + YEARLY_DAY_REACH]))
                for m in dates
            ],
            year,
        )
        for m, norm in zip(dates, norms):
            m.norm = norm
        day = str(published) if published and len(str(published)) >= 10 else None
        self.summits(mentions, words, layout, day)
        self.documents(mentions, words, layout, year, dated_news=day is not None, published_day=day)
        for ent, m in zip(ents, mentions):
            ent._.kz_norm = m.norm
            ent._.kz_attrs = _attrs(m)
        return doc


def _attrs(m: Mention) -> Optional[dict[str, Any]]:
    if m.label not in ("SUMMIT", "DOCUMENT"):
        return None
    attrs = dict(m.attrs)
    if m.summit is not None:
        attrs["summit"] = f"m{m.summit + 1}"
    return attrs


@Language.factory(
    "kz_attributes",
    default_config={"rules_path": None},
    requires=["doc.ents"],
    assigns=["span._.kz_norm", "span._.kz_attrs"],
)
def make_attributes(nlp: Language, name: str, rules_path: Optional[str]) -> Attributes:
    return Attributes(nlp, name, rules_path)
