"""Summit records: SUMMIT mentions grouped into real-world summits.

Two stages, each refusing any merge whose stated values disagree
(`clusters.compatible`):

1. Within an article. Mentions that share evidence are one summit: the same
   name, or organization plus ordinal, place or month, or place plus year
   or ordinal. Then a vaguer mention (`SCO summit`, `the summit in July
   2023`) joins the one summit of its article that holds all it says; when
   several do, the nearest one before it, if that is close; else it stays
   a record of its own. A mention with nothing stated and no name is always
   its own record.
2. Across articles. Organization plus ordinal, organization plus place plus
   year, organization plus month, or the same name; then a mention with
   only an organization and a year (or a place and a year) joins the one
   summit that holds it, when there is exactly one. Two summits that were
   kept apart in one article are never joined through another.
"""

from __future__ import annotations

from collections import Counter
from typing import Hashable, Iterator, Optional, Sequence

from .clusters import Cluster, compatible, merge_by_keys, pairwise_merge, stable_key
from .keys import Vocabulary, date_range, month_of, place_key, year_of

# How far back (characters) a vague mention may look for the summit it repeats.
NEAREST_WINDOW = 1500


def summit_cluster(index: int, mention, vocab: Vocabulary) -> Cluster:
    cluster = Cluster([index], (mention.doc_id, mention.start), {mention.doc_id})
    if mention.org:
        cluster.orgs[vocab.kb.top_level(mention.org)] += 1
    place = place_key(mention.place) or vocab.city_in(mention.text)
    if place:
        cluster.places[place] += 1
    if date_range(mention.date):
        cluster.dates[mention.date] += 1
    if mention.ordinal:
        cluster.ordinals[mention.ordinal] += 1
    name = vocab.summit_name(mention.text, mention.place)
    if name:
        cluster.names[name] += 1
    if mention.published:
        cluster.published[str(mention.published)] += 1
    return cluster


def _years(c: Cluster) -> set[str]:
    return {y for y in (year_of(d) for d in c.dates) if y}


def _months(c: Cluster) -> set[str]:
    return {m for m in (month_of(d) for d in c.dates) if m}


def _stated(c: Cluster) -> int:
    return sum(bool(getattr(c, name)) for name in ("orgs", "places", "dates", "ordinals", "names"))


def _shares(a: Cluster, b: Cluster, name: str) -> bool:
    return bool(a.values(name) & b.values(name))


def _same_article_evidence(a: Cluster, b: Cluster) -> bool:
    if a.names and b.names and _shares(a, b, "names"):
        return True
    if _shares(a, b, "orgs") and (
        _shares(a, b, "ordinals") or _shares(a, b, "places") or (_months(a) & _months(b))
    ):
        return True
    return _shares(a, b, "places") and (bool(_years(a) & _years(b)) or _shares(a, b, "ordinals"))


def subsumes(big: Cluster, small: Cluster) -> bool:
    """`big` states everything `small` states (dates: some date)."""
    for name in ("orgs", "places", "ordinals"):
        if getattr(small, name) and not small.values(name) <= big.values(name):
            return False
    if small.dates and not big.dates:
        return False
    return not (small.names and not big.names)


def _attach_vague(clusters: list[Cluster], starts: Sequence[int]) -> list[Cluster]:
    """Stage 1b: each vague cluster joins the one cluster of its article that
    holds it, else the nearest one before it within `NEAREST_WINDOW`."""
    live = list(clusters)
    for small in sorted(clusters, key=lambda c: (_stated(c), c.first)):
        if small.merged_into is not None or _stated(small) == 0:
            continue
        candidates = [
            big for big in live
            if big is not small and big.merged_into is None and subsumes(big, small) and compatible(big, small)
        ]
        target: Optional[Cluster] = None
        if len(candidates) == 1:
            target = candidates[0]
        elif candidates:
            begin = small.first[1]
            before = [
                (max(s for s in (starts[i] for i in big.members) if s < begin), big)
                for big in candidates
                if any(starts[i] < begin for i in big.members)
            ]
            before = [(s, big) for s, big in before if begin - s <= NEAREST_WINDOW]
            if before:
                target = max(before, key=lambda pair: pair[0])[1]
        if target is not None:
            target.absorb(small)
    return [c for c in live if c.merged_into is None]


def _distance(a: Cluster, b: Cluster, starts: Sequence[int]) -> int:
    return min(abs(starts[i] - starts[j]) for i in a.members for j in b.members)


def _place_only(c: Cluster) -> bool:
    return bool(c.places) and not (c.dates or c.ordinals or c.names)


def _complete_each_other(clusters: list[Cluster], starts: Sequence[int]) -> list[Cluster]:
    """Stage 1c: a summit named only by its city (`Astana summit`, as a
    headline names it) and a nearby one with no city (`24th SCO summit` of
    July 2024) are one summit when nothing else in the article fits the city
    one and the other names its organization (the same, if the city one
    names one)."""
    live = [c for c in clusters if c.merged_into is None]
    for lone in sorted(live, key=lambda c: c.first):
        if lone.merged_into is not None or not _place_only(lone):
            continue
        fits = [
            c for c in live
            if c is not lone and c.merged_into is None and _stated(c) and not subsumes(lone, c)
            and not subsumes(c, lone) and compatible(c, lone)
            and (_shares(c, lone, "orgs") or not lone.orgs)
        ]
        if len(fits) == 1 and fits[0].orgs and not fits[0].places and _distance(fits[0], lone, starts) <= NEAREST_WINDOW:
            fits[0].absorb(lone)
    return [c for c in live if c.merged_into is None]


def _merge_linked(clusters: list[Cluster], links: Sequence[set[int]]) -> list[Cluster]:
    """Summits that one document is said to be adopted at (the same title in
    one article, linked to two summit mentions) are one summit."""
    owner = {i: c for c in clusters for i in c.members}
    for group in links:
        found = [owner[i].root() for i in sorted(group) if i in owner]
        for other in found[1:]:
            target, other = found[0].root(), other.root()
            # Links are only trusted where one side states almost nothing.
            if target is not other and min(_stated(target), _stated(other)) <= 1 and compatible(target, other):
                target.absorb(other)
    return [c for c in clusters if c.merged_into is None]


def _global_keys(c: Cluster) -> Iterator[Hashable]:
    for name in c.names:
        yield ("name", name)
    for org in c.orgs:
        for ordinal in c.ordinals:
            yield ("org-ordinal", org, ordinal)
        for place in c.places:
            for year in _years(c):
                yield ("org-place-year", org, place, year)
        for month in _months(c):
            yield ("org-month", org, month)


def _apart(a: Cluster, b: Cluster) -> bool:
    """Clusters that share an article were kept apart there."""
    return not (a.docs & b.docs)


def _global_strong(a: Cluster, b: Cluster) -> bool:
    if not _apart(a, b):
        return False
    if a.names and b.names and not _shares(a, b, "names"):
        # Named alike only in part ("Regional Climate Summit", "Climate Action Summit").
        return bool(_shares(a, b, "orgs") and (_shares(a, b, "ordinals") or _months(a) & _months(b)))
    return True


def _weak_keys(c: Cluster) -> Iterator[Hashable]:
    for year in _years(c):
        for org in c.orgs:
            yield ("org-year", org, year)
        for place in c.places:
            yield ("place-year", place, year)


def _news_keys(c: Cluster) -> Iterator[Hashable]:
    """A summit that states an organization but no date is, in news, the one
    of the year its article was published ("the SCO summit" in July 2024)."""
    if c.dates or c.ordinals or c.names:
        return
    for year in c.published:
        for org in c.orgs:
            yield ("org-year", org, year)


def _attach_unique(clusters: list[Cluster]) -> list[Cluster]:
    """Stage 2b: a cluster joins the only other cluster of its organization
    (or place) and year that holds all it states; a cluster with no date
    joins the only dated one of its organization and publication year."""
    groups: dict[Hashable, list[Cluster]] = {}
    undated: dict[Hashable, list[Cluster]] = {}
    for cluster in clusters:
        for key in set(_weak_keys(cluster)):
            groups.setdefault(key, []).append(cluster)
        for key in set(_news_keys(cluster)):
            undated.setdefault(key, []).append(cluster)
    _join_unique(groups, subsumes)
    # Only a summit dated in that year can take an undated one (two undated
    # mentions of one organization's summit in one year may be two summits);
    # the place the undated one states may be one the dated one does not.
    _join_unique({key: groups.get(key, []) + undated[key] for key in undated}, _dated_holds)
    return sorted({id(c.root()): c.root() for c in clusters}.values(), key=lambda c: c.first)


def _dated_holds(big: Cluster, small: Cluster) -> bool:
    return bool(big.dates) and (not small.orgs or small.values("orgs") <= big.values("orgs"))


def _join_unique(groups: dict[Hashable, list[Cluster]], holds) -> None:
    for key in sorted(groups, key=stable_key):
        group = groups[key]
        for small in sorted(group, key=lambda c: (_stated(c), c.first)):
            small = small.root()
            roots = {id(c.root()): c.root() for c in group}
            candidates = [
                big for big in roots.values()
                if big is not small and _apart(big, small) and holds(big, small) and compatible(big, small)
            ]
            if len(candidates) == 1:
                candidates[0].absorb(small)


def cluster_summits(
    mentions: Sequence, indexes: Sequence[int], vocab: Vocabulary, links: Optional[dict[str, list[set[int]]]] = None
) -> list[Cluster]:
    """Clusters of the SUMMIT mentions `indexes` (into `mentions`); each set
    in `links` holds summit mentions of one article that one document is
    said to be adopted at."""
    starts = [m.start for m in mentions]
    by_doc: dict[str, list[Cluster]] = {}
    for i in indexes:
        by_doc.setdefault(mentions[i].doc_id, []).append(summit_cluster(i, mentions[i], vocab))
    local: list[Cluster] = []
    for doc_id in sorted(by_doc):
        clusters = pairwise_merge(by_doc[doc_id], _same_article_evidence)
        clusters = _merge_linked(clusters, (links or {}).get(doc_id, ()))
        clusters = _complete_each_other(clusters, starts)
        local.extend(_attach_vague(clusters, starts))
    merged = merge_by_keys(local, _global_keys, _global_strong)
    return _attach_unique(merged)


def display_place(mentions: Sequence, c: Cluster) -> Optional[str]:
    """The place as most mentions write it."""
    written = Counter(m.place.strip() for m in (mentions[i] for i in c.members) if m.place and m.place.strip())
    if not written:
        return None
    return min(written, key=lambda p: (-written[p], p))


def summit_name(mentions: Sequence, c: Cluster, org: Optional[str], place: Optional[str], year: Optional[str]) -> str:
    """What to call the summit: the most frequent wording of more than one
    word (longer first among equals), else one built from its attributes."""
    texts = Counter(" ".join(mentions[i].text.split()) for i in c.members)
    multi = [t for t in texts if len(t.split()) > 1]
    if multi:
        return min(multi, key=lambda t: (-texts[t], -len(t), t))
    parts = [org, "summit"]
    tail = ", ".join(p for p in (place, year) if p)
    return " ".join(p for p in parts if p) + (f" ({tail})" if tail else "")
