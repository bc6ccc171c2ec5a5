"""Clusters of mentions that grow by merging, with the checks that keep a
merge from joining two real-world things (`compatible`).

A cluster keeps every value its members stated, not only the best one, so a
merge is refused as soon as any two stated values disagree: two SCO summits
of 2017 and 2024 never meet in one cluster, however many vague mentions
could link them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Optional

from .keys import dates_compatible


# What a cluster states, that merges compare: every counter but the publication years.
SIGNED = ("orgs", "places", "dates", "ordinals", "names", "types", "summits", "known", "numbers", "titles")


class Signature:
    """A cluster's signature with its hash computed once."""

    __slots__ = ("values", "hash")

    def __init__(self, values: tuple):
        self.values = values
        self.hash = hash(values)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Signature) and self.hash == other.hash and self.values == other.values)


@dataclass
class Cluster:
    """Mentions believed to be one record; `members` are indexes into the
    resolver's mention list, in input order."""

    members: list[int]
    first: tuple[str, int]  # (doc_id, start) of the earliest member: order and anchor
    docs: set[str]
    orgs: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    ordinals: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)  # summits: frozensets of name stems
    types: Counter = field(default_factory=Counter)  # documents
    summits: Counter = field(default_factory=Counter)  # documents: summit record ids
    known: Counter = field(default_factory=Counter)  # documents: ids of well-known documents
    numbers: Counter = field(default_factory=Counter)  # documents: number sets of the titles
    titles: Counter = field(default_factory=Counter)  # documents: distinct normalized titles
    published: Counter = field(default_factory=Counter)  # years its members' articles were published
    merged_into: Optional["Cluster"] = None
    _signature: Optional["Signature"] = field(default=None, repr=False, compare=False)

    def root(self) -> "Cluster":
        cluster = self
        while cluster.merged_into is not None:
            cluster = cluster.merged_into
        return cluster

    def absorb(self, other: "Cluster") -> None:
        self.members.extend(other.members)
        self.first = min(self.first, other.first)
        self.docs |= other.docs
        for name in (*SIGNED, "published"):
            getattr(self, name).update(getattr(other, name))
        other.merged_into = self
        self._signature = None

    def signature(self) -> "Signature":
        """Everything `compatible` and the merge rules read, save the articles,
        in the order they read it (the first matching title decides): two
        clusters with equal signatures in other articles merge alike."""
        if self._signature is None:
            self._signature = Signature(tuple(tuple(getattr(self, name)) for name in SIGNED))
        return self._signature


    def one(self, name: str) -> Optional[Hashable]:
        """The most frequent value of an attribute (ties: the smallest), or None."""
        counter: Counter = getattr(self, name)
        if not counter:
            return None
        return min(counter, key=lambda value: (-counter[value], str(value)))

    def values(self, name: str) -> set:
        return set(getattr(self, name))


def stable_key(key: Hashable) -> str:
    """A sort key for merge keys that is the same in every process: sets are
    written sorted, since their order (and repr) follows string hashing,
    which Python salts per process."""
    if isinstance(key, (set, frozenset)):
        return "{" + ",".join(sorted(stable_key(k) for k in key)) + "}"
    if isinstance(key, tuple):
        return "(" + ",".join(stable_key(k) for k in key) + ")"
    return repr(key)


def _at_most_one(a: Counter, b: Counter) -> bool:
    """At most one value between them (the same set test as `len(set(a) | set(b)) <= 1`,
    without building sets: merges call it millions of times)."""
    if not a or not b:
        return len(a) <= 1 and len(b) <= 1
    return len(a) == 1 and len(b) == 1 and next(iter(a)) == next(iter(b))


def _names_compatible(a: Counter, b: Counter) -> bool:
    """Summit names agree when either is unnamed or every pair shares a word."""
    return all(x & y for x in a for y in b)


def _numbers_compatible(a: Counter, b: Counter) -> bool:
    """Title numbers agree when one set holds the other (`resolution 1540` and
    `resolution 1540 (2004)`; not `until 2025` and `until 2035`)."""
    return all(x <= y or y <= x for x in a for y in b)


def compatible(a: Cluster, b: Cluster) -> bool:
    """No stated value of one contradicts one of the other. Two mentions of
    one well-known document are one record whatever else they say."""
    if a.known and b.known and set(a.known) == set(b.known):
        return True
    if not (
        _at_most_one(a.orgs, b.orgs)
        and _at_most_one(a.places, b.places)
        and _at_most_one(a.ordinals, b.ordinals)
        and _at_most_one(a.types, b.types)
        and _at_most_one(a.summits, b.summits)
        and _at_most_one(a.known, b.known)
        and _names_compatible(a.names, b.names)
        and _numbers_compatible(a.numbers, b.numbers)
    ):
        return False
    return all(dates_compatible(x, y) for x in a.dates for y in b.dates)


class CrossArticleMemo:
    """Whether two root clusters may merge (`decide`), remembered for pairs
    of different articles, where `decide` may read only what
    `Cluster.signature` holds.

    A title cited in thousands of articles that never merge (nothing stated
    to agree on) would otherwise cost every pair every pass. Equal signatures
    share one canonical object, and decisions are kept by the ids of those,
    so a repeated pair costs two integer look-ups.
    """

    def __init__(self, decide: Callable[[Cluster, Cluster], bool]):
        self.decide = decide
        self._canonical: dict[Signature, Signature] = {}
        self._canonical_ids: set[int] = set()  # canonical objects stay alive in `_canonical`: their ids are theirs
        self._rows: dict[int, dict[int, bool]] = {}

    def key(self, cluster: Cluster) -> int:
        own = cluster._signature
        if own is not None and id(own) in self._canonical_ids:
            return id(own)
        own = cluster.signature()
        shared = self._canonical.setdefault(own, own)
        cluster._signature = shared
        self._canonical_ids.add(id(shared))
        return id(shared)

    def row(self, cluster: Cluster) -> dict[int, bool]:
        """The decisions already taken for `cluster`'s current signature, by the other's `key`."""
        return self._rows.setdefault(self.key(cluster), {})

    def __call__(self, a: Cluster, b: Cluster) -> bool:
        if not a.docs.isdisjoint(b.docs):
            return self.decide(a, b)
        row = self.row(a)
        other = self.key(b)
        found = row.get(other)
        if found is None:
            found = row[other] = self.decide(a, b)
        return found


def merge_by_keys(
    clusters: list[Cluster],
    keys: Callable[[Cluster], Iterable[Hashable]],
    allow: Callable[[Cluster, Cluster], bool],
    *,
    passes: int = 4,
) -> list[Cluster]:
    """Merge clusters that share a key and pass `allow` (and `compatible`),
    until nothing changes; returns the surviving clusters in anchor order.

    Keys are recomputed after each pass, since a merge can give a cluster a
    key it lacked (a place, a year). Between clusters of different articles
    `allow` may read only what `Cluster.signature` holds. Candidates are tried in anchor order, so
    the result never depends on the order of the input.
    """
    live = sorted(clusters, key=lambda c: c.first)
    memo = CrossArticleMemo(lambda a, b: compatible(a, b) and allow(a, b))
    for _ in range(passes):
        index: dict[Hashable, list[Cluster]] = {}
        for cluster in live:
            for key in set(keys(cluster)):
                index.setdefault(key, []).append(cluster)
        changed = False
        for key in sorted(index, key=stable_key):
            unique = sorted({id(c.root()): c.root() for c in index[key]}.values(), key=lambda c: c.first)
            for i, target in enumerate(unique):
                if target.merged_into is not None:
                    continue  # tried against the rest as part of the cluster it joined; the next pass tries again
                changed = _absorb_matches(target, unique[i + 1 :], memo) or changed
        live = sorted({id(c.root()): c.root() for c in live}.values(), key=lambda c: c.first)
        if not changed:
            break
    return live


def _absorb_matches(target: Cluster, others: list[Cluster], memo: CrossArticleMemo) -> bool:
    """`target` absorbs, in order, each of `others` (by its root) that may
    merge with it as it has grown so far; returns whether it absorbed any.
    The loop of a large load: memo look-ups are inlined."""
    row = memo.row(target)
    absorbed = False
    for other in others:
        root = other.root()
        if root is target:
            continue
        if target.docs.isdisjoint(root.docs):
            key = memo.key(root)
            ok = row.get(key)
            if ok is None:
                ok = row[key] = memo.decide(target, root)
        else:
            ok = memo.decide(target, root)
        if ok:
            target.absorb(root)
            row = memo.row(target)
            absorbed = True
    return absorbed


def pairwise_merge(clusters: list[Cluster], allow: Callable[[Cluster, Cluster], bool]) -> list[Cluster]:
    """Merge any two compatible clusters that `allow` accepts, until none is
    left (for the few mentions of one article)."""
    live = sorted(clusters, key=lambda c: c.first)
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(live):
            if a.merged_into is not None:
                continue
            for b in live[i + 1 :]:
                if b.merged_into is None and compatible(a, b) and allow(a, b):
                    a.absorb(b)
                    changed = True
        live = [c for c in live if c.merged_into is None]
    return live
