"""Document records: DOCUMENT mentions grouped into real-world instruments.

Evidence that two mentions are one instrument, strongest first (every merge
also needs `clusters.compatible`: no two stated types, organizations,
adopting summits, dates or title numbers disagree):

- the same well-known document of `rules/documents.jsonl` (by name, alias
  or acronym: `UN Charter`, `Charter of the United Nations`);
- an acronym written right after a title it abbreviates (`Treaty on
  Conventional Armed Forces in Europe (CFE)`), and later that acronym alone;
- the same title words (case, determiners, spelling, plurals, organization
  names and acronyms normalized);
- a short title that begins a longer one (`Astana Statement`, `Astana
  Statement on the Transformation of the CICA`);
- mostly the same words and the same adopting summit, or (in one article)
  the same organization and type.

Within an article title evidence is enough. Across articles a title must
be specific (three distinctive words) or the two must agree on something
stated: organization, adopting summit or date. So two `Astana Declaration`s
of the OIC and the OTS stay apart, and a `Joint Communiqué` with nothing
stated stays a record of its own.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Hashable, Iterator, Optional, Sequence

from ..acronyms import find_long_form
from .clusters import Cluster, CrossArticleMemo, compatible, merge_by_keys, pairwise_merge, stable_key
from .keys import Title, Vocabulary, date_range, words_of, year_of

SPECIFIC_WORDS = 3  # distinctive words that make a title specific on its own
SAME_SUMMIT_OVERLAP = 0.5  # word overlap (Jaccard) of two texts adopted at one summit
SAME_ORG_OVERLAP = 0.75  # word overlap of two texts of one organization in one article


def document_cluster(index: int, mention, summit_record: Optional[str], vocab: Vocabulary) -> Cluster:
    cluster = Cluster([index], (mention.doc_id, mention.start), {mention.doc_id})
    title = vocab.title(mention.text)
    cluster.titles[title] += 1
    known = vocab.known_document(mention.text, title)
    if known:
        cluster.known[known] += 1
    doc_type = mention.type or title.head
    if doc_type:
        cluster.types[doc_type] += 1
    if mention.org:
        cluster.orgs[vocab.kb.top_level(mention.org)] += 1
    if date_range(mention.date):
        cluster.dates[mention.date] += 1
    if summit_record:
        cluster.summits[summit_record] += 1
    if title.numbers:
        cluster.numbers[title.numbers] += 1
    if mention.published:
        cluster.published[str(mention.published)] += 1
    return cluster


def _overlap(a: Title, b: Title, org_a: set, org_b: set) -> float:
    x = set(a.bag) | {"@" + o for o in org_a}
    y = set(b.bag) | {"@" + o for o in org_b}
    return len(x & y) / len(x | y) if x | y else 0.0


def _prefix(short: Title, long: Title) -> bool:
    if not short.distinctive or len(short.seq) < 2:
        return False
    return (len(short.seq) < len(long.seq) and long.seq[: len(short.seq)] == short.seq) or (
        len(short.raw) < len(long.raw) and long.raw[: len(short.raw)] == short.raw
    )


def _title_match(a: Cluster, b: Cluster) -> Optional[Title]:
    """The shorter of two titles that are the same or one begins the other."""
    for x in a.titles:
        for y in b.titles:
            if x.bag and x.bag == y.bag and x.head == y.head:
                return x
            if x.acronym and x.acronym == y.acronym:
                return x
            if _prefix(x, y):
                return x
            if _prefix(y, x):
                return y
    return None


def _overlaps(a: Cluster, b: Cluster, threshold: float) -> bool:
    orgs_a, orgs_b = a.values("orgs"), b.values("orgs")
    return any(_overlap(x, y, orgs_a, orgs_b) >= threshold for x in a.titles for y in b.titles)


def _agree(a: Cluster, b: Cluster) -> bool:
    """Something stated in both agrees (an organization, a summit, a date)."""
    if a.values("orgs") & b.values("orgs") or a.values("summits") & b.values("summits"):
        return True
    return bool(a.dates and b.dates)  # compatible() has checked they overlap


def _acronym_pair(a: Cluster, b: Cluster, mentions: Sequence) -> bool:
    """`Long Title (ACR)`: an acronym right after a title whose words it abbreviates."""
    for i in a.members:
        for j in b.members:
            first, second = sorted((mentions[i], mentions[j]), key=lambda m: m.start)
            gap = second.start - first.end
            if 0 < gap <= 3 and _looks_short(second.text) and not _looks_short(first.text):
                words = words_of(first.text)
                start = find_long_form(second.text, words)
                if start is not None:
                    return True
    return False


def _looks_short(text: str) -> bool:
    return " " not in text.strip() and sum(c.isupper() for c in text) >= 2


def _contained(a: Cluster, b: Cluster) -> bool:
    """In one article: the words of one title are all in the other, same type
    (`statement on fight against terrorism`, `Statement of the Heads of CIS
    Member States on the fight against international terrorism`)."""
    if not (a.types and b.types):
        return False
    for x in a.titles:
        for y in b.titles:
            small, big = (x, y) if len(x.bag) <= len(y.bag) else (y, x)
            if len(small.distinctive) >= 2 and small.bag <= big.bag:
                return True
    return False


def _same_article(mentions: Sequence):
    def allow(a: Cluster, b: Cluster) -> bool:
        if a.known and b.known:
            return True
        if _title_match(a, b) is not None or _acronym_pair(a, b, mentions) or _contained(a, b):
            return True
        if a.summits and a.values("summits") == b.values("summits") and _overlaps(a, b, SAME_SUMMIT_OVERLAP):
            return True
        return bool(a.values("orgs") & b.values("orgs") and a.types and b.types and _overlaps(a, b, SAME_ORG_OVERLAP))

    return allow


def _global_keys(c: Cluster) -> Iterator[Hashable]:
    for known in c.known:
        yield ("known", known)
    for summit in c.summits:
        yield ("summit", summit)
    for title in c.titles:
        if title.bag:
            yield ("bag", title.bag, title.head)
        if title.acronym:
            yield ("acronym", title.acronym)


def _across_articles(a: Cluster, b: Cluster) -> bool:
    if a.docs & b.docs:
        return False  # kept apart in their article
    if a.known and b.known:
        return True
    shorter = _title_match(a, b)
    if shorter is not None:
        return len(shorter.distinctive) >= SPECIFIC_WORDS or bool(shorter.acronym) or _agree(a, b)
    return bool(a.summits and a.values("summits") == b.values("summits") and _overlaps(a, b, SAME_SUMMIT_OVERLAP))


def _merge_prefixes(clusters: list[Cluster]) -> list[Cluster]:
    """Short titles that begin a longer one in another article."""
    by_seq: dict[tuple, list[Cluster]] = {}
    for cluster in clusters:
        for title in cluster.titles:
            if title.distinctive and len(title.seq) >= 2:
                by_seq.setdefault(title.seq, []).append(cluster)
                by_seq.setdefault(("raw",) + title.raw, []).append(cluster)
    # `_across_articles` refuses clusters that share an article, so every
    # decision here is between signatures.
    memo = CrossArticleMemo(lambda a, b: compatible(a, b) and _across_articles(a, b))
    for cluster in clusters:
        for title in list(cluster.root().titles):
            for n in range(2, len(title.seq)):
                for short in chain(by_seq.get(title.seq[:n], ()), by_seq.get(("raw",) + title.raw[:n], ())):
                    a, b = short.root(), cluster.root()
                    if a is not b and a.docs.isdisjoint(b.docs) and memo(a, b):
                        a.absorb(b)
    return sorted({id(c.root()): c.root() for c in clusters}.values(), key=lambda c: c.first)


def _vague(c: Cluster) -> bool:
    return not (c.orgs or c.summits or c.dates)


def _attach_vague(clusters: list[Cluster], mentions: Sequence, vocab: Vocabulary) -> list[Cluster]:
    """A title that states nothing else joins the one record elsewhere that
    has the same title words and states more (`Pact for the Future`). A
    title named after a city joins only one dated in the year its article was
    published: each summit held there adopts its own (the SCO's Bishkek
    Declarations of 2007 and 2019, the OTS's of 2024)."""
    groups: dict[Hashable, list[Cluster]] = {}
    for cluster in clusters:
        for title in cluster.titles:
            if title.distinctive:
                groups.setdefault((title.bag, title.head), []).append(cluster)
    for key in sorted(groups, key=stable_key):
        # Only vague clusters are absorbed here, and only into ones that state
        # more, so the group's clusters that state more are the same for all
        # of its vague ones (they grow, but stay roots).
        roots = {id(c.root()): c.root() for c in groups[key]}.values()
        solid = [c for c in roots if not _vague(c)]
        if not solid or len(solid) == len(roots):
            continue
        for small in sorted(groups[key], key=lambda c: c.first):
            small = small.root()
            if not _vague(small):
                continue
            candidates = [c for c in solid if c.docs.isdisjoint(small.docs) and compatible(c, small)]
            if candidates and any(vocab.city_in(mentions[i].text) for i in small.members):
                candidates = [c for c in candidates if {year_of(d) for d in c.dates} & set(small.published)]
            if len(candidates) == 1:
                candidates[0].absorb(small)
    return sorted({id(c.root()): c.root() for c in clusters}.values(), key=lambda c: c.first)


def cluster_documents(
    mentions: Sequence, indexes: Sequence[int], summit_of: dict[int, str], vocab: Vocabulary
) -> list[Cluster]:
    """Clusters of the DOCUMENT mentions `indexes`; `summit_of` maps a
    mention index to the summit record its adopting summit belongs to."""
    by_doc: dict[str, list[Cluster]] = {}
    for i in indexes:
        by_doc.setdefault(mentions[i].doc_id, []).append(document_cluster(i, mentions[i], summit_of.get(i), vocab))
    local: list[Cluster] = []
    allow = _same_article(mentions)
    for doc_id in sorted(by_doc):
        local.extend(pairwise_merge(by_doc[doc_id], allow))
    merged = merge_by_keys(local, _global_keys, _across_articles)
    return _attach_vague(_merge_prefixes(merged), mentions, vocab)


def document_title(mentions: Sequence, c: Cluster, known_names: dict[str, str]) -> str:
    """The well-known name, else the longest wording that is not an acronym
    (a truncated citation or a short title loses to the full title)."""
    known = c.one("known")
    if known and known in known_names:
        return known_names[known]
    texts = Counter(" ".join(mentions[i].text.split()) for i in c.members)
    full = [t for t in texts if not _looks_short(t)] or list(texts)
    return min(full, key=lambda t: (-len(t), -texts[t], t))
