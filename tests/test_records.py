"""Record resolution (`kzextract.records`) over plain values: which mentions
are one summit or one document across articles, and which are not."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from kzextract.records import Mention, organization_records, resolve, vocabulary
from kzextract.records.keys import date_range, dates_compatible, most_specific_date, place_key

V = vocabulary()


def S(doc, mid, start, text, **attrs):
    return Mention(doc, mid, "SUMMIT", start, start + len(text), text, **attrs)


def D(doc, mid, start, text, **attrs):
    return Mention(doc, mid, "DOCUMENT", start, start + len(text), text, **attrs)


def groups(mentions, label=None):
    """The grouping (of one label's mentions) as a set of frozensets of 'doc/mid'."""
    record_of = resolve(mentions, V).record_of
    labels = {(m.doc_id, m.id): m.label for m in mentions}
    by_record = {}
    for (doc, mid), record in record_of.items():
        if label is None or labels[doc, mid] == label:
            by_record.setdefault(record, set()).add(f"{doc}/{mid}")
    return {frozenset(g) for g in by_record.values()}


def together(*keys):
    return frozenset(keys)


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize("a, b, expected", [
    ("2022", "2022-10-12/2022-10-13", True),
    ("2022-10-12", "2022-10-13", False),
    ("2022-10", "2022-10-12", True),
    ("2017", "2024", False),
    ("199X", "1996", True),
    ("XXXX-08-29", "2001", True),  # no year: says nothing
    (None, "2024", True),
])
def test_dates_compatible(a, b, expected):
    assert dates_compatible(a, b) is expected


@pytest.mark.parametrize("values, expected", [
    (["2022", "2022-10-12", "2022-10"], "2022-10-12"),
    (["2024", "2024-07-04", "2024-07-04"], "2024-07-04"),
    (["2022-10-12", "2022-10-12/2022-10-13"], "2022-10-12/2022-10-13"),  # the interval says more
    (["XXXX-01-15"], None),
])
def test_most_specific_date(values, expected):
    assert most_specific_date(values) == expected


@pytest.mark.parametrize("a, b", [("Nur-Sultan", "Astana"), ("Saint Petersburg", "St. Petersburg"), ("Alma-Ata", "Almaty")])
def test_place_spellings_share_a_key(a, b):
    assert place_key(a) == place_key(b)


def test_date_range_of_an_interval():
    assert date_range("2022-10-12/2022-10-13") == ("2022-10-12", "2022-10-13", 3)


@pytest.mark.parametrize("a, b", [
    ("Charter of the United Nations", "United\nNations Charter"),
    ("UN Charter", "Charter of the United Nations"),
    ("Treaty on the Non-\nProliferation of Nuclear Weapons", "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("CICA Catalogue of Confidence-Building Measures", "CICA Catalog of Confidence Building Measures"),
    ("Joint Communiqué", "joint communique"),
])
def test_title_spellings_share_a_key(a, b):
    assert (V.title(a).bag, V.title(a).head) == (V.title(b).bag, V.title(b).head)


@pytest.mark.parametrize("text, named", [
    ("Millennium Summit", True),
    ("CICA Finance Summit", True),
    ("Astana SCO summit", False),
    ("24th summit of the Council of Heads of State of the Shanghai Cooperation Organization", False),
    ("virtual summit", False),
    ("10th anniversary OTS summit", False),
    ("VI CICA summit", False),
])
def test_summit_names(text, named):
    assert bool(V.summit_name(text)) is named


def test_finance_and_financial_summit_share_a_name():
    assert V.summit_name("CICA Finance Summit") == V.summit_name("CICA financial summit")


# ---------------------------------------------------------------- summits

SUMMIT_CASES = {
    "one summit in three articles (contract v2)": (
        [S("a", "m1", 10, "24th SCO summit", org="SCO", date="2024-07-04", ordinal=24),
         S("b", "m1", 10, "Astana SCO summit", org="SCO", place="Astana", date="2024"),
         S("c", "m1", 10, "summit", org="SCO", place="Astana", date="2024-07")],
        {together("a/m1", "b/m1", "c/m1")},
    ),
    "two SCO summits of different years": (
        [S("a", "m1", 10, "Astana SCO summit", org="SCO", place="Astana", date="2017"),
         S("b", "m1", 10, "Astana SCO summit", org="SCO", place="Astana", date="2024")],
        {together("a/m1"), together("b/m1")},
    ),
    "a bare summit with nothing stated is its own record": (
        [S("a", "m1", 10, "SCO summit", org="SCO", date="2024-07"),
         S("a", "m2", 90, "summit"),
         S("b", "m1", 10, "summit")],
        {together("a/m1"), together("a/m2"), together("b/m1")},
    ),
    "an organization alone joins the nearest summit before it in its article": (
        [S("a", "m1", 10, "Astana SCO summit", org="SCO", place="Astana", date="2017"),
         S("a", "m2", 300, "SCO summit", org="SCO"),
         S("a", "m3", 5000, "SCO Summit", org="SCO", date="2020-11-10")],
        {together("a/m1", "a/m2"), together("a/m3")},
    ),
    "an organization alone in another article stays apart": (
        [S("a", "m1", 10, "Astana SCO summit", org="SCO", place="Astana", date="2017"),
         S("b", "m1", 10, "SCO summit", org="SCO")],
        {together("a/m1"), together("b/m1")},
    ),
    "ordinal and organization across articles": (
        [S("a", "m1", 10, "VI CICA summit", org="CICA", ordinal=6),
         S("b", "m1", 10, "Sixth CICA Summit", org="CICA", place="Astana", date="2022", ordinal=6),
         S("c", "m1", 10, "VII CICA Summit", org="CICA", ordinal=7)],
        {together("a/m1", "b/m1"), together("c/m1")},
    ),
    "a headline's city summit and the body's numbered one": (
        [S("a", "m1", 0, "Astana summit", org="SCO", place="Astana"),
         S("a", "m2", 80, "24th SCO summit", org="SCO", date="2024-07-04", ordinal=24)],
        {together("a/m1", "a/m2")},
    ),
    "the same name across articles": (
        [S("a", "m1", 10, "CICA Finance Summit", org="CICA"),
         S("b", "m1", 10, "CICA financial summit", org="CICA", date="2021"),
         S("b", "m2", 900, "Millennium Summit")],
        {together("a/m1", "b/m1"), together("b/m2")},
    ),
    "an undated summit of an organization joins its one dated summit of the year the article was published": (
        [S("a", "m1", 10, "24th SCO summit", org="SCO", date="2024-07-04", ordinal=24, published=2024),
         S("b", "m1", 10, "SCO summit", org="SCO", published=2024),
         S("c", "m1", 10, "Shanghai Cooperation Organization summit", org="SCO", place="Astana", published=2024)],
        {together("a/m1", "b/m1", "c/m1")},
    ),
    "… not one of an article published in another year, nor when two summits were dated that year": (
        [S("a", "m1", 10, "24th SCO summit", org="SCO", date="2024-07-04", ordinal=24),
         S("b", "m1", 10, "SCO summit", org="SCO", published=2025),
         S("c", "m1", 10, "OTS summit", org="OTS", date="2024-11-06"),
         S("d", "m1", 10, "informal OTS summit", org="OTS", date="2024-07-06"),
         S("e", "m1", 10, "OTS summit", org="OTS", published=2024),
         S("f", "m1", 10, "CSTO summit", org="CSTO", published=2024),
         S("g", "m1", 10, "CSTO summit", org="CSTO", published=2024)],
        {together("a/m1"), together("b/m1"), together("c/m1"), together("d/m1"), together("e/m1"),
         together("f/m1"), together("g/m1")},
    ),
    "a year alone joins the only summit of that organization and year": (
        [S("a", "m1", 10, "first summit", org="OSCE", date="2010-12-01/2010-12-02"),
         S("b", "m1", 10, "OSCE summit", org="OSCE", date="2010")],
        {together("a/m1", "b/m1")},
    ),
}


@pytest.mark.parametrize("mentions, expected", SUMMIT_CASES.values(), ids=SUMMIT_CASES.keys())
def test_summit_records(mentions, expected):
    assert groups(mentions) == expected


# ---------------------------------------------------------------- documents

DOCUMENT_CASES = {
    "full title, acronym defined beside it, acronym elsewhere": (
        [D("a", "m1", 100, "Treaty on Conventional Armed Forces in Europe", type="treaty"),
         D("a", "m2", 147, "CFE", type="treaty"),
         D("b", "m1", 10, "CFE", type="treaty")],
        {together("a/m1", "a/m2", "b/m1")},
    ),
    "well-known document in any wording": (
        [D("a", "m1", 10, "UN Charter", type="charter", org="UN"),
         D("b", "m1", 10, "Charter of the United Nations", type="charter"),
         D("c", "m1", 10, "United\nNations Charter", type="charter", org="UN")],
        {together("a/m1", "b/m1", "c/m1")},
    ),
    "short title and full title of one statement": (
        [S("a", "s1", 5, "Sixth CICA Summit", org="CICA", place="Astana", date="2022", ordinal=6),
         D("a", "m1", 50, "Astana Statement", type="statement", org="CICA", summit="s1"),
         S("b", "s1", 5, "VI CICA summit", org="CICA", ordinal=6),
         D("b", "m1", 50, "Astana Statement on the Transformation of the CICA", type="statement", org="CICA", summit="s1")],
        {together("a/s1", "b/s1"), together("a/m1", "b/m1")},
    ),
    "Astana Declarations of two organizations": (
        [D("a", "m1", 10, "Astana Declaration", type="declaration", org="OIC", date="2017-09"),
         D("b", "m1", 10, "Astana Declaration", type="declaration", org="OTS", date="2023-11-03")],
        {together("a/m1"), together("b/m1")},
    ),
    "a generic title with nothing stated stays apart": (
        [D("a", "m1", 10, "Joint Communiqué", type="statement"),
         D("b", "m1", 10, "Joint Communiqué", type="statement")],
        {together("a/m1"), together("b/m1")},
    ),
    "similar names, different instruments": (
        [D("a", "m1", 10, "SCO Development Strategy until 2025", type="strategy", org="SCO"),
         D("b", "m1", 10, "SCO Development Strategy until 2035", type="strategy", org="SCO"),
         D("c", "m1", 10, "resolution 1540 (2004)", type="resolution", org="UNSC"),
         D("c", "m2", 90, "resolution 1373 (2001)", type="resolution", org="UNSC")],
        {together("a/m1"), together("b/m1"), together("c/m1"), together("c/m2")},
    ),
    "a title that states nothing joins the one record that states more": (
        [D("a", "m1", 10, "Pact for the Future", type="other", org="UN", date="2024-09-22"),
         D("b", "m1", 10, "Pact for the Future", type="other")],
        {together("a/m1", "b/m1")},
    ),
    "… but a title named after a city, which each summit there adopts anew, only in the year it was dated": (
        [D("a", "m1", 10, "Aktobe Declaration", type="declaration", org="SCO", date="2031"),
         D("b", "m1", 10, "Aktobe Declaration", type="declaration"),
         D("c", "m1", 10, "Aktobe Declaration", type="declaration", published=2031),
         D("d", "m1", 10, "Aktobe Declaration", type="declaration", published=2036)],
        {together("a/m1", "c/m1"), together("b/m1"), together("d/m1")},
    ),
    "a title repeated in one article": (
        [D("a", "m1", 10, "Plan of\nAction", type="plan"),
         D("a", "m2", 900, "Plan of Action", type="plan"),
         D("a", "m3", 400, "Almaty\nPlan of Action", type="plan")],
        {together("a/m1", "a/m2"), together("a/m3")},
    ),
}


@pytest.mark.parametrize("mentions, expected", DOCUMENT_CASES.values(), ids=DOCUMENT_CASES.keys())
def test_document_records(mentions, expected):
    assert groups(mentions, "DOCUMENT") == {g for g in expected if not any("/s" in k for k in g)}
    summits = {g for g in expected if any("/s" in k for k in g)}
    if summits:
        assert groups(mentions, "SUMMIT") == summits


# ---------------------------------------------------------------- attributes and ids


def test_a_record_keeps_the_best_known_attributes():
    resolution = resolve([
        S("a", "m1", 0, "Astana summit", org="SCO", place="Astana"),
        S("a", "m2", 80, "24th SCO summit", org="SCO", date="2024-07-04", ordinal=24),
        S("b", "m1", 10, "SCO Summit", org="SCO", place="Astana", date="2024"),
        D("a", "m3", 200, "Astana Declaration", type="declaration", org="SCO", summit="m2"),
    ], V)
    [summit] = resolution.summits
    assert (summit.org, summit.place, summit.date, summit.ordinal) == ("SCO", "Astana", "2024-07-04", 24)
    [document] = resolution.documents
    assert (document.summit_id, document.date) == (summit.id, "2024-07-04")  # the summit's date
    assert summit.id == "S:SCO:2024:astana"


def test_resolution_does_not_depend_on_input_order():
    mentions = [m for case in (*SUMMIT_CASES.values(), *DOCUMENT_CASES.values()) for m in case[0]]
    mentions = [Mention(f"{i}-{m.doc_id}", *[getattr(m, f) for f in ("id", "label", "start", "end", "text", "org", "place", "date", "ordinal", "type", "summit")]) for i, m in enumerate(mentions)]
    first = resolve(mentions, V)
    shuffled = list(mentions)
    random.Random(7).shuffle(shuffled)
    assert resolve(shuffled, V) == first


def test_equal_ids_get_suffixes():
    resolution = resolve([S("a", "m1", 10, "summit"), S("a", "m2", 90, "summit", org="SCO"), S("b", "m1", 5, "SCO summit", org="SCO")], V)
    ids = sorted(s.id for s in resolution.summits)
    assert ids == ["S:SCO", "S:SCO~2", "S:a:10"]


def test_organization_records():
    records = {o.id: o for o in organization_records({"SCO-RATS": Counter({"RATS": 3}), "ALATAU-POLICY-INSTITUTE": Counter({"Alatau Policy Institute": 2, "Alatau\nPolicy Institute": 1})}, V.kb)}
    assert records["SCO-RATS"].parent == "SCO" and records["SCO-RATS"].known
    assert records["SCO"].name == "Shanghai Cooperation Organization"  # the parent comes along
    other = records["ALATAU-POLICY-INSTITUTE"]
    assert (other.name, other.known, other.parent) == ("Alatau Policy Institute", False, None)


RECORDS_IN_A_SUBPROCESS = """
import json
from kzextract.records import Mention, resolve, vocabulary
def D(doc, mid, text, **attrs):
    return Mention(doc, mid, "DOCUMENT", 10, 10 + len(text), text, type="charter", org="SCO", **attrs)
mentions = [
    D("a", "m1", "Charter on Water Cooperation", date="2001"),
    D("b", "m1", "Charter on Water Cooperation"),
    D("b", "m2", "Charter on Water Cooperation of the Steppe Nations"),
    D("c", "m1", "Charter on Water Cooperation of the Steppe Nations", date="2005"),
]
record_of = resolve(mentions, vocabulary()).record_of
print(json.dumps(sorted(sorted(k for k, v in record_of.items() if v == r) for r in set(record_of.values()))))
"""


def test_records_are_the_same_in_every_process():
    """Which of two key groups is merged first decides between two outcomes
    here; the order may not follow Python's per-process string hashing."""
    import os
    import subprocess
    import sys

    outcomes = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run([sys.executable, "-c", RECORDS_IN_A_SUBPROCESS], env=env, capture_output=True, text=True, check=True)
        outcomes.add(done.stdout.strip())
    assert len(outcomes) == 1, outcomes
