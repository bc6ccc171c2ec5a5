"""Records across articles (ANNOTATION.md v2, "Records across articles").

Every SUMMIT and DOCUMENT mention is assigned to one record: one real-world
summit or one real-world document, the same record in every article that
means it. Organizations are records too (`organizations`). Everything here
is a pure function of plain values: mentions in, records out; the database
loader and the scorer call it, and the tests call it directly.

    resolve(mentions, vocabulary()) -> Resolution(summits, documents, record_of)

A record keeps the best-known value of each attribute, merged from its
mentions: the most specific date, the most frequent place, ordinal and
organization; a document adopted at a summit whose own date is unknown
takes the summit's date. Record ids are readable and deterministic
(`S:SCO:2024:astana`, `D:UN-CHARTER`, `D:SCO:2002:charter-of-the-shanghai-…`);
they can change when a later article adds what was unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence

from ..kb import OrgKB, slug_id
from ..dates import published_year
from ..schema import RECORD_LABELS
from .keys import Vocabulary, fold, most_specific_date, words_of, year_of
from .documents import cluster_documents, document_title
from .summits import cluster_summits, display_place, summit_name

__all__ = [
    "Mention",
    "SummitRecord",
    "DocumentRecord",
    "OrganizationRecord",
    "Resolution",
    "Vocabulary",
    "resolve",
    "assign_records",
    "vocabulary",
    "mentions_of",
    "organization_records",
]



@dataclass(frozen=True)
class Mention:
    """One SUMMIT or DOCUMENT mention as plain values; `summit` is the id of
    the adopting SUMMIT mention in the same article."""

    doc_id: str
    id: str
    label: str
    start: int
    end: int
    text: str
    org: Optional[str] = None
    place: Optional[str] = None
    date: Optional[str] = None
    ordinal: Optional[int] = None
    type: Optional[str] = None
    summit: Optional[str] = None
    published: Optional[int] = None  # the year its article was published, when known


@dataclass(frozen=True)
class SummitRecord:
    id: str
    name: str
    org: Optional[str]
    place: Optional[str]
    date: Optional[str]
    ordinal: Optional[int]
    mentions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    type: Optional[str]
    org: Optional[str]
    date: Optional[str]
    summit_id: Optional[str]
    known_id: Optional[str]  # id in rules/documents.jsonl
    mentions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class OrganizationRecord:
    id: str
    name: str
    acronym: Optional[str]
    parent: Optional[str]
    kind: Optional[str]
    known: bool  # in the knowledge base; else `id` is the slug of its name


@dataclass
class Resolution:
    summits: list[SummitRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    record_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc_id, mention id) -> record id


def vocabulary(rules_path: Optional[str] = None) -> Vocabulary:
    """The vocabulary of a rules directory (default: the packaged rules)."""
    from ..ruleset import load_rules

    rules = load_rules(rules_path)
    return Vocabulary(
        kb=rules.orgs,
        type_words=rules.document_types,
        cities=rules.lexicons.get("CITIES", ()),
        documents=[(d.id, d.type, [d.name, *d.aliases], list(d.acronyms)) for d in rules.documents],
        known_names={d.id: d.name for d in rules.documents},
    )


def mentions_of(doc_id: str, spans: Iterable, meta: Optional[dict] = None) -> list[Mention]:
    """The SUMMIT and DOCUMENT mentions of one article (`MentionRecord`s);
    `meta` is the article's, for its publication year."""
    published = published_year(meta or {})
    out = []
    for span in spans:
        if span.label not in RECORD_LABELS:
            continue
        a = span.attrs
        out.append(Mention(doc_id, span.id, span.label, span.start, span.end, span.text,
                           a.org, a.place, a.date, a.ordinal, a.type, a.summit, published))
    return out


def assign_records(docs: Sequence, vocab: Optional[Vocabulary] = None) -> dict[tuple[str, str], str]:
    """Record ids for the SUMMIT and DOCUMENT spans of `DocRecord`s, keyed
    by (doc_id, span id): what the scorer uses for predictions."""
    vocab = vocab or vocabulary()
    return resolve([m for d in docs for m in mentions_of(d.doc_id, d.spans, d.meta)], vocab).record_of


def resolve(mentions: Sequence[Mention], vocab: Vocabulary) -> Resolution:
    """Assign every mention to a summit or document record."""
    mentions = sorted(mentions, key=lambda m: (m.doc_id, m.start, m.end, m.id))
    summit_ix = [i for i, m in enumerate(mentions) if m.label == "SUMMIT"]
    document_ix = [i for i, m in enumerate(mentions) if m.label == "DOCUMENT"]
    summit_clusters = cluster_summits(mentions, summit_ix, vocab, _summit_links(mentions, document_ix, vocab))
    token_of = {}  # (doc_id, SUMMIT mention id) -> provisional token of its record
    for cluster in summit_clusters:
        for i in cluster.members:
            token_of[mentions[i].doc_id, mentions[i].id] = _token(cluster)
    summit_of = {
        i: token_of[mentions[i].doc_id, mentions[i].summit]
        for i in document_ix
        if mentions[i].summit and (mentions[i].doc_id, mentions[i].summit) in token_of
    }
    document_clusters = cluster_documents(mentions, document_ix, summit_of, vocab)

    resolution = Resolution()
    summit_ids = _ids([(c, _summit_id_parts(mentions, c, vocab)) for c in summit_clusters], "S")
    by_token = {}
    for cluster, record_id in zip(summit_clusters, summit_ids):
        org = _written(mentions, cluster, "org")
        place = display_place(mentions, cluster)
        date = most_specific_date(cluster.dates)
        record = SummitRecord(
            record_id, summit_name(mentions, cluster, org, place, year_of(date)), org, place, date,
            cluster.one("ordinals"), _keys(mentions, cluster),
        )
        by_token[_token(cluster)] = record
        resolution.summits.append(record)
    document_ids = _ids([(c, _document_id_parts(mentions, c, vocab)) for c in document_clusters], "D")
    for cluster, record_id in zip(document_clusters, document_ids):
        summit = by_token.get(cluster.one("summits"))
        date = most_specific_date(cluster.dates) or (summit.date if summit else None)
        resolution.documents.append(DocumentRecord(
            record_id, document_title(mentions, cluster, vocab.known_names), cluster.one("types"),
            _written(mentions, cluster, "org"), date, summit.id if summit else None,
            cluster.one("known"), _keys(mentions, cluster),
        ))
    for record in [*resolution.summits, *resolution.documents]:
        for key in record.mentions:
            resolution.record_of[key] = record.id
    return resolution


def _summit_links(mentions: Sequence[Mention], document_ix: Sequence[int], vocab: Vocabulary) -> dict[str, list[set[int]]]:
    """Per article, the summit mentions that one title is said to be adopted at."""
    index = {(m.doc_id, m.id): i for i, m in enumerate(mentions) if m.label == "SUMMIT"}
    groups: dict[tuple, set[int]] = {}
    for i in document_ix:
        m = mentions[i]
        target = index.get((m.doc_id, m.summit)) if m.summit else None
        if target is None:
            continue
        title = vocab.title(m.text)
        if title.distinctive:
            groups.setdefault((m.doc_id, title.bag, m.type or title.head), set()).add(target)
    links: dict[str, list[set[int]]] = {}
    for (doc_id, *_), targets in sorted(groups.items(), key=lambda item: repr(item[0])):
        if len(targets) > 1:
            links.setdefault(doc_id, []).append(targets)
    return links


def _token(cluster) -> str:
    return f"{cluster.first[0]}\0{cluster.first[1]}"


def _keys(mentions: Sequence[Mention], cluster) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((mentions[i].doc_id, mentions[i].id) for i in cluster.members))


def _written(mentions: Sequence[Mention], cluster, attr: str) -> Optional[str]:
    counted = Counter(getattr(mentions[i], attr) for i in cluster.members if getattr(mentions[i], attr))
    return min(counted, key=lambda v: (-counted[v], v)) if counted else None


def _slug(text: str, limit: int = 60) -> str:
    slug = "-".join(fold(w).lower() for w in words_of(text))
    return slug[:limit].rstrip("-")


def _summit_id_parts(mentions: Sequence[Mention], cluster, vocab: Vocabulary) -> list[str]:
    org = cluster.one("orgs")
    year = year_of(most_specific_date(cluster.dates))
    place = display_place(mentions, cluster)
    tail = _slug(place) if place else None
    if not tail and cluster.names:
        named = [mentions[i].text for i in cluster.members if vocab.summit_name(mentions[i].text, mentions[i].place)]
        tail = _slug(min(named, key=lambda t: (-len(t), t))) if named else None
    if not tail and cluster.ordinals:
        tail = f"{cluster.one('ordinals')}"
    parts = [p for p in (org, year, tail) if p]
    if not parts:
        doc_id, start = cluster.first
        parts = [doc_id, str(start)]
    return parts


def _document_id_parts(mentions: Sequence[Mention], cluster, vocab: Vocabulary) -> list[str]:
    known = cluster.one("known")
    if known:
        return [known]
    org = cluster.one("orgs")
    year = year_of(most_specific_date(cluster.dates))
    title = document_title(mentions, cluster, {})
    return [p for p in (org, year, _slug(title) or "document") if p]


def _ids(items: list[tuple[object, list[str]]], prefix: str) -> list[str]:
    """`PREFIX:part:part`, with `~2`, `~3` … for the later of equal ids (by anchor)."""
    base = [f"{prefix}:" + ":".join(parts) for _, parts in items]
    order = sorted(range(len(items)), key=lambda i: items[i][0].first)
    seen: Counter = Counter()
    out = [""] * len(items)
    for i in order:
        seen[base[i]] += 1
        out[i] = base[i] if seen[base[i]] == 1 else f"{base[i]}~{seen[base[i]]}"
    return out


def organization_records(names: Mapping[str, Counter], kb: OrgKB) -> list[OrganizationRecord]:
    """One record per organization id in `names` (id -> Counter of the
    surface forms its mentions use), plus every knowledge-base ancestor, so
    a parent link always points at a record. Known organizations take the
    knowledge base's name, first acronym, parent and kind; others the most
    frequent surface form, with their slug as id."""
    wanted = set(names)
    for org_id in list(wanted):
        entry = kb.by_id.get(org_id)
        seen = set()
        while entry is not None and entry.parent and entry.parent not in seen:
            seen.add(entry.parent)
            wanted.add(entry.parent)
            entry = kb.by_id.get(entry.parent)
    out = []
    for org_id in sorted(wanted):
        entry = kb.by_id.get(org_id)
        if entry is not None:
            parent = entry.parent if entry.parent in kb.by_id else None
            acronym = entry.acronyms[0] if entry.acronyms else None
            out.append(OrganizationRecord(org_id, entry.name, acronym, parent, entry.kind, True))
            continue
        forms = names.get(org_id) or Counter()
        written = [f for f in forms if f and " ".join(f.split())]
        name = min(written, key=lambda f: (-forms[f], -len(f), f)) if written else org_id
        out.append(OrganizationRecord(org_id, " ".join(name.split()), None, None, None, False))
    return out


def unknown_slug(name: str) -> str:
    """The id an organization outside the knowledge base gets (`kb.slug_id`)."""
    return slug_id(name)
