"""The shortcuts record resolution takes on a large load decide exactly as
the plain rules they stand in for."""

from __future__ import annotations

import random
from collections import Counter

from kzextract.records import vocabulary
from kzextract.records.clusters import Cluster, CrossArticleMemo, _at_most_one

V = vocabulary()


def cluster(doc: str, start: int, **values) -> Cluster:
    c = Cluster([start], (doc, start), {doc})
    for name, items in values.items():
        getattr(c, name).update(items)
    return c


def test_at_most_one_is_the_union_test():
    rng = random.Random(7)
    for _ in range(500):
        a = Counter(rng.sample("xyz", rng.randint(0, 2)))
        b = Counter(rng.sample("xyz", rng.randint(0, 2)))
        assert _at_most_one(a, b) == (len(set(a) | set(b)) <= 1), (a, b)


def test_memo_decides_once_per_pair_of_signatures_across_articles():
    calls = []
    memo = CrossArticleMemo(lambda a, b: calls.append((a.first, b.first)) or True)
    a1, a2 = cluster("d1", 0, orgs=["SCO"]), cluster("d2", 0, orgs=["SCO"])
    b1, b2 = cluster("d3", 0, orgs=["OIC"]), cluster("d4", 0, orgs=["OIC"])
    assert memo(a1, b1) and memo(a2, b2) and memo(a1, b2)
    assert calls == [(("d1", 0), ("d3", 0))]
    assert memo(b1, a1)  # the other order is another question
    assert len(calls) == 2


def test_memo_asks_again_within_an_article_and_after_a_merge():
    calls = []
    memo = CrossArticleMemo(lambda a, b: calls.append((a.first, b.first)) or True)
    a, b = cluster("d1", 0, orgs=["SCO"]), cluster("d1", 5, orgs=["SCO"])
    memo(a, b)
    memo(a, b)
    assert len(calls) == 2  # same article: never remembered
    c, d = cluster("d2", 0, orgs=["SCO"]), cluster("d3", 0, orgs=["SCO"])
    memo(c, d)
    c.absorb(cluster("d4", 0, dates=["2024"]))
    memo(c, d)
    assert len(calls) == 4  # c states more after the merge: a new signature


def test_known_document_by_prefix_takes_the_first_known_name_in_rule_order():
    for doc_id, _type, names, _acronyms in V.documents:
        for name in names:
            title = V.title(name + " on Climate Change and Oceans")
            expected = next(
                (
                    known_id
                    for known_id, _t, known_names, _a in V.documents
                    for known in known_names
                    if len(V.title(known).seq) >= 2
                    and len(title.seq) > len(V.title(known).seq)
                    and title.seq[: len(V.title(known).seq)] == V.title(known).seq
                ),
                None,
            )
            if V._doc_by_bag.get((title.bag, title.head)) is None and not title.acronym:
                assert V.known_document(name, title) == expected, name
